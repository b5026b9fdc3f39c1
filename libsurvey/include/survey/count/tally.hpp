// Counting answers while streaming: for each tracked column, how many rows
// gave each distinct answer, per cell. A cell is the rows of one group of the
// --by column that satisfy exactly one combination of conditions (the
// codebook's bases, evaluated per row into a bit mask). Raw bytes are
// interned in the hot loop; only distinct values are decoded, at the end.
// Memory grows with distinct answers and cells, never with rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "survey/read/csv_reader.hpp"
#include "survey/count/interner.hpp"

namespace survey {

// At most this many conditions (distinct base expressions) per run.
inline constexpr std::size_t kMaxConditions = 32;

struct Cell {
  std::size_t group = 0;   // Index in Counts::groups.
  std::uint32_t mask = 0;  // Conditions the rows satisfy.
};

// Which rows to count.
struct Selection {
  static constexpr std::ptrdiff_t kAllGroups = -2;
  static constexpr std::ptrdiff_t kNobody = -1;  // A declared group nobody is in.
  std::ptrdiff_t group = kAllGroups;
  int condition = -1;      // A condition bit the rows must satisfy (-1: any row).
  bool negate = false;     // ... or must not satisfy.
};

// Counts of one column.
struct ColumnCounts {
  std::size_t column = 0;                          // Data column index.
  std::vector<std::string> values;                 // Distinct decoded values ("" included).
  std::vector<std::vector<std::uint64_t>> counts;  // [value][cell]
  std::vector<std::uint64_t> overflow;             // [cell]: rows whose value was past the distinct limit.
  bool overflowed = false;

  std::uint64_t total(std::size_t value) const;
};

struct Counts {
  std::vector<std::string> groups;     // Decoded --by values; one "" group without --by.
  std::vector<std::uint64_t> group_rows;
  std::vector<Cell> cells;
  std::vector<std::uint64_t> cell_rows;
  std::vector<ColumnCounts> columns;   // One per tracked column.
  // Option groups: for each, which of its (first 64) columns were filled, as
  // bit masks, with how many rows per cell had that pattern. The base of any
  // subset of the columns (rows with any of them filled) follows.
  std::vector<std::vector<std::size_t>> option_groups;
  std::vector<std::vector<std::pair<std::uint64_t, std::vector<std::uint64_t>>>> patterns;
  std::uint64_t rows = 0;

  const ColumnCounts* find(std::size_t column) const;
  bool selected(const Selection& s, std::size_t cell) const;
  std::uint64_t count(const ColumnCounts& c, std::size_t value, const Selection& s) const;
  std::uint64_t overflow(const ColumnCounts& c, const Selection& s) const;
  std::uint64_t rows_in(const Selection& s) const;
  // Rows selected with any of `columns` filled, when `columns` lie within one
  // option group; nullopt otherwise.
  std::optional<std::uint64_t> answered_any(const std::vector<std::size_t>& columns, const Selection& s) const;
};

class Tally {
 public:
  // Tracks `columns`; `by` is the grouping column; `option_groups` are sets
  // of columns whose fill patterns are counted (the base of one-column-per-
  // option multi-selects). At most `max_distinct` distinct values are kept
  // per column.
  Tally(std::vector<std::size_t> columns, std::optional<std::size_t> by,
        std::vector<std::vector<std::size_t>> option_groups, std::size_t max_distinct = 5000);

  // Counts one row; `conditions` holds a bit per condition it satisfies.
  void add(const RawRow& row, std::uint32_t conditions = 0);

  // The data columns whose value in the row add() last counted was new to
  // this tally, or past its distinct limit (so not kept): what a reader of
  // distinct values (a RowObserver) still has to look at.
  const std::vector<std::size_t>& fresh() const noexcept { return m_fresh; }

  // Adds `offset` to the lines remembered for messages (chunks read in parallel).
  void shift_lines(std::uint64_t offset);

  // Decodes the distinct values (through `reader`, for its encoding and
  // messages) and merges those that decode to the same text.
  Counts finish(CsvReader& reader);

 private:
  struct Tracked {
    std::size_t column;
    Interner interner;
    std::uint32_t empty = Interner::kFull;  // Index of "" once seen.
    std::vector<std::vector<std::uint64_t>> counts;  // [raw value][raw cell]
    std::vector<std::uint64_t> first_line;
    std::vector<std::uint64_t> overflow;
  };
  std::uint32_t cell_of(std::uint32_t group, std::uint32_t mask, std::uint64_t line);

  std::vector<Tracked> m_tracked;
  std::optional<std::size_t> m_by;
  Interner m_groups;
  std::vector<std::uint64_t> m_group_line;
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> m_group_cells;  // [raw group] -> (mask, raw cell)
  std::vector<Cell> m_cells;                                                        // raw cells (raw group, mask)
  std::vector<std::uint64_t> m_cell_rows;
  std::vector<std::vector<std::size_t>> m_option_groups;
  std::vector<Interner> m_patterns;                                       // Per option group: masks seen.
  std::vector<std::vector<std::vector<std::uint64_t>>> m_pattern_counts;  // [option group][pattern][raw cell]
  std::uint64_t m_rows = 0;
  std::vector<std::size_t> m_fresh;
};

}  // namespace survey
