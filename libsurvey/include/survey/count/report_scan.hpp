// What `survey report` gathers while the answers are counted, in the same
// pass (a RowObserver of tally_input()): a verbatim sample per free-text
// column, the latest time of each date column, and the first pass of the
// duplicate checks (respondent ids, repeated submissions). Memory stays flat
// in rows, but for the duplicate checks' Bloom filters (about 1.2 bytes per
// row checked), as in `validate`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "survey/count/duplicates.hpp"
#include "survey/count/scan.hpp"
#include "survey/count/verbatims.hpp"
#include "survey/model/codebook.hpp"
#include "survey/read/values.hpp"

namespace survey {

// The text and date columns must be counted by the tally the scanner
// observes: it looks at each distinct value once per chunk, when the tally
// meets it first (Tally::fresh()), and at every value of a column past the
// tally's distinct limit.
struct ReportScanSpec {
  // Columns to sample (each answer counts once however often it is given).
  std::vector<std::size_t> text_columns;
  std::size_t sample_size = 5;
  std::uint64_t seed = 1;
  // Columns whose latest date and time is wanted.
  std::vector<std::size_t> date_columns;
  // Duplicate checks: respondent-id questions (one column each), and the
  // submission rule (empty: not checked).
  std::vector<Question> id_questions;
  SubmissionKey submissions;
};

// The latest time of a date column, read day first and month first.
struct LatestTime {
  std::optional<DateTime> day_first, month_first;
  std::uint64_t day_first_fails = 0, month_first_fails = 0, values = 0;

  void add(std::string_view text);
  void merge(const LatestTime& other);
  // The latest time in the reading every value of the column allows (day
  // first when both do); when some values read in neither order, the latest
  // of the others read day first; nullopt when none is a date. (Only
  // whether values fail counts, not how many: that depends on the chunks.)
  std::optional<DateTime> latest() const;
};

class ReportScanner : public RowObserver {
 public:
  explicit ReportScanner(ReportScanSpec spec);
  ~ReportScanner() override;

  std::unique_ptr<RowObserver> fork() const override;
  void observe(const RawRow& row, CsvReader& reader, const Tally& tally) override;
  void merge(RowObserver& later, std::uint64_t line_offset) override;

  // After the pass.
  const VerbatimSample* sample(std::size_t column) const;
  const LatestTime* latest(std::size_t column) const;

  // Duplicate checks. After the pass: whether they must read the input
  // again (some values may repeat); then the observer of that second pass
  // (give it to a tally_input() of the same input, counting no column);
  // then finish(), and the repeats of id_questions[i]'s values and of
  // submissions (exact: the second pass confirms every candidate).
  bool needs_second_pass();
  RowObserver& second_pass();
  void finish();
  Repeats id_repeats(std::size_t i) const;
  Repeats submission_repeats() const;

 private:
  struct Shared;
  struct Local;
  class Confirm;
  ReportScanner(const ReportScanner& parent, bool);
  std::unique_ptr<Local> fresh_local() const;
  void flush();

  std::shared_ptr<Shared> m_shared;
  std::unique_ptr<Local> m_local;
  std::unique_ptr<Confirm> m_confirm;
};

}  // namespace survey
