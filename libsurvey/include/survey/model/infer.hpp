// Inferring a codebook from the data: the type of each column, scale order,
// multi-select packing, option-column groups, missing tokens and short ids.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "survey/model/codebook.hpp"
#include "survey/read/error.hpp"
#include "survey/read/formats.hpp"
#include "survey/model/select.hpp"
#include "survey/count/tally.hpp"

namespace survey {

struct ValueCount {
  std::string value;
  std::uint64_t count = 0;
};

// What one column holds, summarised while reading.
struct ColumnProfile {
  std::string header;
  std::size_t index = 0;            // Column number in the data (0-based).
  std::uint64_t rows = 0;           // Records read.
  std::uint64_t non_empty = 0;      // Records with a non-empty value.
  std::vector<ValueCount> values;   // Distinct non-empty values, most frequent first.
  bool overflowed = false;          // Too many distinct values: `values` is partial.
};

// Columns whose headers say they belong together: "Question [Option]" (merged
// SurveyMonkey/Framaforms headers, LimeSurvey's full headings and codes
// Q1[SQ001], Google grids) and "question/option" (KoboToolbox). `base` is the
// shared part; `summary` the column named just `base`, if any.
struct ColumnGroup {
  std::string base;
  std::vector<std::size_t> columns;
  std::vector<std::string> options;  // The option part of each column's header.
  std::optional<std::size_t> summary;
};

std::vector<ColumnGroup> find_column_groups(const std::vector<std::string>& header);

// True for a value that marks a ticked option in an option column ("X",
// "Y", "1", "Oui", the option's own label...); `option` is the column's option.
bool is_tick(std::string_view value, std::string_view option);
// True for a value that marks an option left unticked ("0", "N", "Non", ...).
bool is_untick(std::string_view value);

// Tokens that commonly mean "no answer" ("N/A", "Sans réponse", ...).
bool is_missing_token(std::string_view value);

// The levels of a packed multi-select cell: split on `sep`, matching known
// levels first so that an option containing the separator stays whole.
// Unknown pieces are returned too; duplicates are removed. When `levels` is
// not empty, an unknown piece that no known level follows runs to the end
// of the cell, separators included: Google's "Other" text, appended after
// the options ("Export, Le salon, en mars" gives "Export" and "Le salon, en
// mars").
std::vector<std::string> split_multi(std::string_view cell, std::string_view sep,
                                     const std::vector<Level>& levels);

// The questions a header will give, named as infer_codebook() names them,
// for resolving names before the data is read: each "Question [Option]"
// group (with its summary column), each group member, each other column.
std::vector<Selectable> header_selectables(const std::vector<std::string>& header);

// Profiles of the counted columns (all groups and cells together).
std::vector<ColumnProfile> profile_columns(const Counts& counts, const std::vector<std::string>& header);

// Reads the rest of `reader`'s input and infers a codebook for every column.
Codebook infer_codebook(CsvReader& reader, Diagnostics& notes);

// Infers a codebook from column profiles. `notes` receives what was uncertain.
Codebook infer_codebook(const std::vector<ColumnProfile>& columns, Format format, Diagnostics& notes);

}  // namespace survey
