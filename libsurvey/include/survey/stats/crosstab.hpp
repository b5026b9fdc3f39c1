// Tests on a cross-tabulation: Pearson's chi-square of independence with
// Cramér's V and the small-expected-count check, Fisher's exact test for
// 2×2 tables, and the column-proportion comparisons behind SPSS-style
// letters. Distributions come from Boost.Math.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace survey {

// The cells of a cross-tabulation, rows × columns, row-major. Cells are real
// numbers so that a weighted table (sums of weights) fits the same type;
// the exact test needs whole counts.
struct CrossCounts {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> cells;

  CrossCounts() = default;
  CrossCounts(std::size_t r, std::size_t c) : rows(r), cols(c), cells(r * c, 0.0) {}
  double& at(std::size_t r, std::size_t c) { return cells[r * cols + c]; }
  double at(std::size_t r, std::size_t c) const { return cells[r * cols + c]; }
  double row_total(std::size_t r) const;
  double col_total(std::size_t c) const;
  double total() const;
};

// Pearson's chi-square test of independence. Rows and columns whose total
// is zero are left out (they have no expected counts); the rest must leave
// at least 2 × 2.
struct ChiSquareTest {
  bool valid = false;         // False when fewer than 2 rows or 2 columns are left.
  double statistic = 0;       // Σ (observed − expected)² / expected.
  double df = 0;              // (rows − 1)(columns − 1) of the table tested.
  double p = 1;               // Upper tail of the chi-square distribution.
  double cramers_v = 0;       // sqrt(statistic / (n · (min(rows, columns) − 1))), in [0, 1].
  double n = 0;               // Respondents in the table.
  std::size_t rows_used = 0;  // Rows and columns with a non-zero total.
  std::size_t cols_used = 0;
  std::size_t cells = 0;           // rows_used × cols_used.
  std::size_t small_expected = 0;  // Cells whose expected count is under 5.
  double min_expected = 0;

  // The test's usual condition fails: more than 20 % of expected counts are
  // under 5 (then prefer Fisher's exact test, or merge categories).
  bool small_expected_warning() const noexcept { return valid && 5 * small_expected > cells; }
};

// R's chisq.test(table, correct = FALSE) after dropping empty rows and columns.
ChiSquareTest pearson_chi_square(const CrossCounts& table);

// The two-sided p-value of Fisher's exact test on the 2×2 table
// [[a, b], [c, d]], as R's fisher.test: the sum of the probabilities of
// every table with the same margins that is no more likely than this one
// (with R's relative tolerance of 1e-7).
double fisher_exact_2x2(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d);

// One significant difference between two columns' proportions in a row.
struct ColumnDifference {
  std::size_t row = 0;
  std::size_t higher = 0;  // The column whose proportion is significantly higher...
  std::size_t lower = 0;   // ...than this one's.
  double p = 1;            // Bonferroni-adjusted p-value.
};

// For each row, compares every pair of columns' proportions (cell / column
// total) with the two-proportion z-test, Bonferroni-adjusted for the
// k(k − 1)/2 pairs of the k columns with a non-zero total; returns the pairs
// significant at `alpha`, by row then higher then lower column. A pair whose
// pooled proportion is 0 or 1 is not tested.
std::vector<ColumnDifference> compare_column_proportions(const CrossCounts& table, double alpha);

// The same with the columns' bases given (respondents per column), for
// tables whose cells add past them (multi-selects).
std::vector<ColumnDifference> compare_column_proportions(const CrossCounts& table,
                                                         const std::vector<double>& bases,
                                                         double alpha);

}  // namespace survey
