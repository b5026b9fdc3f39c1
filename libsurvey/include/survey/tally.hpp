// Counting answers while streaming: for each tracked column, how many rows
// gave each distinct answer, overall and per group of a --by column. Raw
// bytes are interned in the hot loop; only distinct values are decoded, at
// the end. Memory grows with distinct answers, never with rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "survey/csv_reader.hpp"
#include "survey/interner.hpp"

namespace survey {

// Counts of one column.
struct ColumnCounts {
  std::size_t column = 0;                          // Data column index.
  std::vector<std::string> values;                 // Distinct decoded values ("" included).
  std::vector<std::vector<std::uint64_t>> counts;  // [value][group]; inner vectors may be short.
  std::vector<std::uint64_t> overflow;             // [group]: rows whose value was past the distinct limit.
  bool overflowed = false;

  std::uint64_t count(std::size_t value, std::size_t group) const {
    const auto& c = counts[value];
    return group < c.size() ? c[group] : 0;
  }
  std::uint64_t total(std::size_t value) const;
};

struct Counts {
  std::vector<std::string> groups;                   // Decoded --by values; one "" group without --by.
  std::vector<std::uint64_t> group_rows;             // Records per group.
  std::vector<ColumnCounts> columns;                 // One per tracked column.
  // Option groups: for each, which of its (first 64) columns were filled, as
  // bit masks, with how many rows per group had that pattern. The base of
  // any subset of the columns (rows with any of them filled) follows.
  std::vector<std::vector<std::size_t>> option_groups;
  std::vector<std::vector<std::pair<std::uint64_t, std::vector<std::uint64_t>>>> patterns;
  std::uint64_t rows = 0;

  const ColumnCounts* find(std::size_t column) const;
  // Rows of `group` (SIZE_MAX: every group) with any of `columns` filled, when
  // `columns` lie within one option group; nullopt otherwise.
  std::optional<std::uint64_t> answered_any(const std::vector<std::size_t>& columns, std::size_t group) const;
  std::size_t group_count() const { return groups.size(); }
};

class Tally {
 public:
  // Tracks `columns`; `by` is the grouping column; `option_groups` are sets
  // of columns for which rows with any non-empty cell are counted (the base
  // of one-column-per-option multi-selects). At most `max_distinct` distinct
  // values are kept per column.
  Tally(std::vector<std::size_t> columns, std::optional<std::size_t> by,
        std::vector<std::vector<std::size_t>> option_groups, std::size_t max_distinct = 50000);

  void add(const RawRow& row);

  // Decodes the distinct values (through `reader`, for its encoding and
  // messages) and merges those that decode to the same text.
  Counts finish(CsvReader& reader);

 private:
  struct Tracked {
    std::size_t column;
    Interner interner;
    std::vector<std::vector<std::uint64_t>> counts;  // [raw value][raw group]
    std::vector<std::uint64_t> first_line;
    std::vector<std::uint64_t> overflow;
  };

  std::vector<Tracked> m_tracked;
  std::optional<std::size_t> m_by;
  Interner m_groups;
  std::vector<std::uint64_t> m_group_rows;
  std::vector<std::uint64_t> m_group_line;
  std::vector<std::vector<std::size_t>> m_option_groups;
  std::vector<Interner> m_patterns;                                  // Per option group: masks seen.
  std::vector<std::vector<std::vector<std::uint64_t>>> m_pattern_counts;  // [option group][mask][raw group]
  std::uint64_t m_rows = 0;
};

}  // namespace survey
