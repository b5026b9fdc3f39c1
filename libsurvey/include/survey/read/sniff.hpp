// Detecting how a delimited file is written: its delimiter among , ; tab |
// and space, its quote (" or ') and whether quotes are escaped by doubling or
// by a backslash. Quotes are respected, so a ';' file whose answers contain commas
// and a ',' file with decimal commas inside quotes are both recognised.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "survey/read/tokenizer.hpp"

namespace survey {

struct SniffResult {
  Dialect dialect;
  std::size_t records = 0;  // Records of the sample parsed under `dialect`.
  std::size_t width = 0;    // The most common number of fields per record.
  std::size_t agreeing = 0; // Records with `width` fields.
  // What each candidate gave, then why `dialect` won (for --explain-dialect).
  std::vector<std::string> explanation;
};

// Parses the start of the input under every candidate dialect and keeps the
// one under which the most records have the same number of fields (at least
// two; a record with a misplaced quote counts against its dialect),
// preferring ',' then ';' then tab then '|', and doubled quotes over
// backslashes on ties. Single quotes win when they quote some fields, leave
// no quote misplaced and make the table at least as consistent as double
// quotes;
// spaces only when no other delimiter makes a table and nine records in ten
// have one width under them. A comma file whose every comma is followed by
// a space gets Dialect::space_after. `complete` says whether `sample` is
// the whole input. A non-zero `delimiter` fixes the delimiter.
SniffResult sniff_dialect(std::string_view sample, bool complete, char delimiter = '\0');

// Recognises Excel's "sep=;" first line. Returns the delimiter and sets
// `line_bytes` to the length of the line with its terminator, or returns '\0'.
char excel_sep_line(std::string_view sample, std::size_t& line_bytes);

}  // namespace survey
