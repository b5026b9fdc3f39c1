// Counting answers while streaming: for each tracked column, how many rows
// gave each distinct answer, per cell. A cell is the rows of one group of the
// --by column that satisfy exactly one combination of conditions (the
// codebook's bases, evaluated per row into a bit mask). Raw bytes are
// interned in the hot loop; only distinct values are decoded, at the end.
// Memory grows with distinct answers and cells, never with rows. With a
// weight column, the sum of the weights and of their squares is kept beside
// every count.
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

// A sum of doubles kept as an unevaluated pair (hi + lo, by TwoSum): about
// 106 bits, so that the rounded value is the same whatever order the terms
// came in (chunks read on several threads), unless the exact sum lies
// within about 1e-20 of a rounding tie.
class CompensatedSum {
 public:
  void add(double x) noexcept {
    const double s = m_hi + x;
    const double b = s - m_hi;
    m_lo += (m_hi - (s - b)) + (x - b);
    m_hi = s;
  }
  void add(const CompensatedSum& other) noexcept {
    add(other.m_hi);
    m_lo += other.m_lo;
  }
  double value() const noexcept { return m_hi + m_lo; }

 private:
  double m_hi = 0;
  double m_lo = 0;
};

// The sum of the weights of some rows and of their squares: what weighted
// percentages, Kish's effective base ((sum w)^2 / sum w^2) and the
// with-replacement variances of weighted proportions need.
struct WeightSums {
  CompensatedSum sum;      // Sum of w.
  CompensatedSum squares;  // Sum of w^2.
  // Rows of weight above 0: the n of R's svyvar() (n / (n - 1) over them).
  std::uint64_t positive = 0;

  void add(double w) noexcept {
    sum.add(w);
    squares.add(w * w);
    if (w > 0) ++positive;
  }
  void add(const WeightSums& other) noexcept {
    sum.add(other.sum);
    squares.add(other.squares);
    positive += other.positive;
  }
};

// Counts of one column.
struct ColumnCounts {
  std::size_t column = 0;                          // Data column index.
  std::vector<std::string> values;                 // Distinct decoded values ("" included).
  std::vector<std::vector<std::uint64_t>> counts;  // [value][cell]
  std::vector<std::uint64_t> overflow;             // [cell]: rows whose value was past the distinct limit.
  bool overflowed = false;
  // With a weight column (Counts::weighted), the same as weight sums; a
  // cell's vector may be shorter than counts' (missing cells are zero).
  std::vector<std::vector<WeightSums>> weights;  // [value][cell]
  std::vector<WeightSums> overflow_weights;      // [cell]

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
  // Weight sums, when the tally was given a weight column: per cell, and per
  // option group and pattern (parallel to `patterns`, [pattern][cell]).
  bool weighted = false;
  std::vector<WeightSums> cell_weights;
  std::vector<std::vector<std::vector<WeightSums>>> pattern_weights;
  WeightSums all_weights;  // Every row's.

  const ColumnCounts* find(std::size_t column) const;
  bool selected(const Selection& s, std::size_t cell) const;
  std::uint64_t count(const ColumnCounts& c, std::size_t value, const Selection& s) const;
  std::uint64_t overflow(const ColumnCounts& c, const Selection& s) const;
  std::uint64_t rows_in(const Selection& s) const;
  // Rows selected with any of `columns` filled, when `columns` lie within one
  // option group; nullopt otherwise.
  std::optional<std::uint64_t> answered_any(const std::vector<std::size_t>& columns, const Selection& s) const;
  // The same as weight sums (zero without a weight column).
  WeightSums weight(const ColumnCounts& c, std::size_t value, const Selection& s) const;
  WeightSums overflow_weight(const ColumnCounts& c, const Selection& s) const;
  WeightSums weight_in(const Selection& s) const;
  // With `none`, of the rows with none of `columns` filled.
  std::optional<WeightSums> answered_any_weight(const std::vector<std::size_t>& columns,
                                                const Selection& s, bool none = false) const;
};

// The weight a row gives in `column`: a number of 0 or more, read as
// parse_number() reads (decimal commas too). An empty, non-numeric,
// negative or infinite weight is a data error naming the reader's input and
// the row's line. `reader` decodes fields that need it (quotes, encodings).
double row_weight(const RawRow& row, std::size_t column, CsvReader& reader);

// The same for a decoded value `text` of column `column_name`, at `line` of
// `file`.
double parse_weight(std::string_view text, std::string_view column_name, const std::string& file,
                    std::uint64_t line);

class Tally {
 public:
  // Tracks `columns`; `by` is the grouping column; `option_groups` are sets
  // of columns whose fill patterns are counted (the base of one-column-per-
  // option multi-selects). At most `max_distinct` distinct values are kept
  // per column.
  Tally(std::vector<std::size_t> columns, std::optional<std::size_t> by,
        std::vector<std::vector<std::size_t>> option_groups, std::size_t max_distinct = 5000);

  // Counts one row; `conditions` holds a bit per condition it satisfies.
  void add(const RawRow& row, std::uint32_t conditions = 0) {
    add_row<false>(row, conditions, 0.0);
  }
  // Counts one row of weight `weight`: the counts as above, and the weight
  // sums beside them.
  void add(const RawRow& row, std::uint32_t conditions, double weight) {
    add_row<true>(row, conditions, weight);
  }

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
    std::vector<std::vector<WeightSums>> weights;  // [raw value][raw cell], weighted rows only.
    std::vector<WeightSums> overflow_weights;
  };
  std::uint32_t cell_of(std::uint32_t group, std::uint32_t mask, std::uint64_t line);
  template <bool kWeighted>
  void add_row(const RawRow& row, std::uint32_t conditions, double weight);

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
  bool m_weighted = false;                 // A weighted row was added.
  std::vector<WeightSums> m_cell_weights;  // [raw cell]
  std::vector<std::vector<std::vector<WeightSums>>>
      m_pattern_weights;  // [option group][pattern][raw cell]
  WeightSums m_all_weights;
  std::vector<std::size_t> m_fresh;
};

}  // namespace survey
