// Reading summary CSV files back (what freq and xtab write, what render,
// merge and trend read): columns found by name, the optional column pairs
// kept as written, and every row checked so that a file that is not a
// summary is rejected with its file and line. Rows stream: memory grows with
// the number of tables, not rows. docs/formats.md states the rules.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "survey/count/summary.hpp"
#include "survey/read/input.hpp"

namespace survey {

class Output;

// One row of a summary file: the row itself, the optional columns as they
// were written (empty when the file has none), and the physical line where
// the record starts.
struct SummaryRecord {
  SummaryRow row;
  std::string weighted_count;
  std::string weighted_base;
  std::string ci_low;
  std::string ci_high;
  std::uint64_t line = 0;
};

// What a row's base is the base of. Rows of one table (question, by, group)
// with the same class share one base.
enum class BaseClass {
  Table,        // answer, option, other, rest: those who answered.
  Scores,       // mean, top2, bottom2, nps, promoters, passives, detractors: those scored.
  Missing,      // missing: all respondents of the group.
  Asked,        // asked: all respondents of the group.
  Unqualified,  // unqualified: answers from those asked and not asked.
  Unknown,      // A kind this version does not know: not checked.
};

BaseClass base_class(std::string_view kind) noexcept;

// Reads a summary CSV (any encoding or delimiter the CSV reader accepts, so
// one re-saved by Excel in a French locale reads back; a percentage written
// with a decimal comma is read as a decimal point). Throws survey::Error
// (ErrorKind::Data, with file and line) for a file that is not a summary:
// - the header lacks a column of kSummaryColumns, holds another name, names
//   a column twice, or has half of an optional pair;
// - an empty `question` or `kind`, or a `kind` that is not lower-case
//   letters, digits and `_`; a `group` without a `by`;
// - a `base` that is not a whole number from 0; a `count` that is not a
//   whole number from 0 (from -base to base on an `nps` row; any number on a
//   `mean` row, whose count is a sum of scores);
// - a count larger than its base (every known kind but `mean` and `nps`);
// - a `percent` that is not empty or a number; optional columns that are not
//   empty or numbers (confidence bounds within 0 to 100, low <= high);
// - a question whose `label` differs from the one on its first row; a row
//   whose base differs from the base of an earlier row of the same table and
//   base class (see BaseClass).
// A header without rows is a valid summary of nothing.
class SummaryReader {
 public:
  explicit SummaryReader(std::unique_ptr<InputSource> input);
  ~SummaryReader();
  SummaryReader(const SummaryReader&) = delete;
  SummaryReader& operator=(const SummaryReader&) = delete;

  // The file's name for messages ("<stdin>").
  const std::string& name() const noexcept;
  const SummaryColumns& columns() const noexcept;

  // Reads the next row; false at the end of the file.
  bool next(SummaryRecord& record);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// A whole summary file read into memory (`path` "-" or empty: standard input).
struct SummaryFile {
  std::string name;
  SummaryColumns columns;
  std::vector<SummaryRecord> records;
};

SummaryFile read_summary(const std::string& path);

// The rows of the records, in order.
std::vector<SummaryRow> summary_rows(const std::vector<SummaryRecord>& records);

// Writes records as summary CSV with the optional columns `columns` says.
void write_summary_records(Output& out, const std::vector<SummaryRecord>& records,
                           const SummaryColumns& columns);

}  // namespace survey
