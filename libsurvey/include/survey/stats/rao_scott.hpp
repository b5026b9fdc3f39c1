// The Rao-Scott test of association for a weighted cross-tab: Pearson's
// chi-square of the weighted table, corrected by the design effects of the
// cell proportions, as R's survey package computes it (svychisq() on
// svydesign(ids = ~1, weights = ~w): a with-replacement design with weights
// only). It needs no stored rows: the design-based variance of the cell
// proportions p comes from per-cell sums of weights and of squared weights,
// since every respondent falls in one cell:
//   V = n / (n - 1) / W^2 * (diag(S) - S p' - p S' + (sum S) p p'),
// W the total weight, S the cell sums of w^2, n the respondents of the
// whole design (those missing either answer included, as svychisq counts
// them). The design-effect matrix is Delta = (C' D^-1 C / n)^-1 (C' D^-1 V
// D^-1 C), C the interaction contrasts orthogonal to the main effects, D =
// diag(p); Eigen does the algebra, Boost.Math the distributions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "survey/count/tally.hpp"

namespace survey {

// A weighted two-way table: per cell (row-major, [row * cols + col]) the sum
// of the weights and of their squares of the respondents in it, and the
// number of respondents of the whole design.
struct WeightedTable {
  std::size_t rows = 0, cols = 0;
  std::vector<double> weights;    // Sum of w per cell.
  std::vector<double> squares;    // Sum of w^2 per cell.
  std::uint64_t respondents = 0;  // n: every row read, answered or not (weight 0 included).
};

struct RaoScott {
  std::size_t rows = 0, cols = 0;  // The table tested: rows and columns of zero weight left out.
  // Pearson's X^2 of the weighted table scaled to n respondents (the
  // statistic svychisq prints with statistic = "Chisq").
  double pearson = 0;
  std::vector<double>
      design_effects;        // Eigenvalues of Delta, the generalised design effects, largest first.
  double trace = 0;          // tr(Delta)
  double trace_squares = 0;  // tr(Delta^2)
  // First order: X^2 / mean design effect, chi-square on (r-1)(c-1) degrees.
  double first_order = 0;
  double df = 0;
  double p_first_order = 1;
  // Second order (svychisq's default): F = X^2 / tr(Delta) on d and d (n-1)
  // degrees of freedom, d = tr(Delta)^2 / tr(Delta^2).
  double f = 0;
  double ndf = 0, ddf = 0;
  double p_f = 1;
};

// The Rao-Scott statistics of `table`. Rows and columns whose weights add up
// to 0 are left out (svychisq would return NaN there); nullopt when fewer
// than two rows or columns remain, or n < 2.
std::optional<RaoScott> rao_scott(const WeightedTable& table);

// The weighted table of counts tallied with a weight column: rows are the
// groups `groups` (indexes in counts.groups) of the --by column, columns
// the values `values` (indexes in column.values) of `column`; every cell of
// a group counts, whatever its condition mask.
WeightedTable weighted_table(const Counts& counts, const ColumnCounts& column,
                             const std::vector<std::size_t>& groups,
                             const std::vector<std::size_t>& values);

}  // namespace survey
