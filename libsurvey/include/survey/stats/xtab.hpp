// Cross-tabulations: the answers to one question (the rows) by the answers
// to another (the columns), with margins, percentages of the column, row or
// total, confidence intervals, Pearson's chi-square, Cramér's V, Fisher's
// exact test for 2×2 tables and SPSS-style column letters; and its rows in
// the summary schema (docs/formats.md says how a cross-tab maps onto it).
//
// The table is built from tabulate()'s rows of the row question broken down
// by the column question, so levels, scale order, "other" answers, missing
// tokens and codebook bases are those of freq. A weighted table (rows
// tabulated with a weight column) also carries the cells' sums of weights
// and of squared weights: its percentages are weighted, its intervals
// design-based, its test is the Rao–Scott corrected chi-square
// (stats/rao_scott.hpp) and its letters compare the columns' proportions
// on their effective bases.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "survey/count/summary.hpp"
#include "survey/count/tabulate.hpp"
#include "survey/stats/crosstab.hpp"
#include "survey/stats/intervals.hpp"
#include "survey/stats/rao_scott.hpp"

namespace survey {

// What the percentages of a cross-tab are of.
enum class PercentOf { Column, Row, Total, None };

std::optional<PercentOf> parse_percent_of(std::string_view name) noexcept;

struct XtabOptions {
  PercentOf percent = PercentOf::Column;
  int decimals = 1;
  std::optional<IntervalOptions> intervals;
  bool letters = false;  // Compare column proportions (two-proportion z-tests, Bonferroni).
  double alpha = 0.05;   // Significance level of the letters.
};

struct Xtab {
  std::string question, label;  // The row question.
  std::string by, by_label;     // The column question.
  std::vector<std::string> row_labels;
  std::vector<std::string> row_kinds;  // kind::kAnswer, kOption or kOther, per row.
  std::vector<std::string> col_labels;
  CrossCounts counts;  // Respondents per cell.
  // Respondents per column who answered the row question: the column's
  // total, except for a multi-select, whose cells add past it.
  std::vector<double> col_bases;
  // With weights (is_weighted): the cells' sums of weights and of squared
  // weights (same shape as counts), and the columns' (their respondents who
  // answered the row question); empty otherwise.
  bool is_weighted = false;
  std::string weight_name;    // The weight column.
  CrossCounts weighted;
  CrossCounts squares;
  std::vector<double> weighted_col_bases;
  std::vector<double> col_base_squares;
  std::uint64_t design_rows = 0;  // Every row read: the n of the design (svychisq's).
  bool multi = false;             // The row question is a multi-select.
  std::uint64_t missing_col = 0;  // Answered the row question, not the column question: left out.

  double n() const;  // Respondents in the table (the sum of col_bases).
  double weighted_n() const;  // Their weight (the sum of weighted_col_bases).
  double n_squares() const;   // Their squared weights.
  // Kish's effective base (sum w)^2 / sum w^2 of column `c`, of the table.
  double effective_base(std::size_t c) const;
  double effective_n() const;
  double row_total(std::size_t r) const { return counts.row_total(r); }
};

// The cross-tab from tabulate()'s rows of one question broken down by
// `groups`, with `by` the column question (for its missing tokens; may be
// null). Groups that mean "no answer" (empty, or a missing token of `by`)
// are left out and counted in missing_col. With `weighted`, the rows are
// of a weighted tabulate() (weighted_count, weighted_base and their
// squares) and fill the weighted cells; set design_rows afterwards.
Xtab build_xtab(const std::vector<SummaryRow>& rows, const GroupOrder& groups, const Question* by,
                bool weighted = false);

// The tests of a cross-tab.
struct XtabTests {
  std::optional<ChiSquareTest>
      chi_square;                  // Not for a multi-select (its columns do not partition).
  std::optional<double> fisher_p;  // 2×2 tables (after dropping empty rows and columns).
  std::vector<ColumnDifference> differences;  // With --letters.
  // A weighted table: the Rao–Scott tests instead of chi_square (not for a
  // multi-select), Cramér's V of the weighted cell proportions
  // sqrt(phi^2 / (min(r, c) - 1)), and no Fisher's test (it needs counts).
  std::optional<RaoScott> rao_scott;
  double weighted_cramers_v = 0;
  bool fisher_left_out = false;  // A weighted 2×2 table: Fisher's test would apply unweighted.
};

XtabTests test_xtab(const Xtab& table, const XtabOptions& options);

// The column letters: A, B, ..., Z, AA, AB, ...
std::string column_letter(std::size_t index);

// The letters of the columns each cell's proportion is significantly higher
// than, [row][column] ("BD"); empty strings without differences.
std::vector<std::vector<std::string>> cell_letters(const Xtab& table, const XtabTests& tests);

// The cross-tab as summary rows: the total column (by and group empty), then
// each column's cells and total, then the statistics (see docs/formats.md).
std::vector<SummaryRow> xtab_rows(const Xtab& table, const XtabTests& tests,
                                  const XtabOptions& options);

// A statistic as text for CSV and JSON: 10 significant digits, "" for NaN.
std::string statistic_text(double value);

// Values of SummaryRow::kind on cross-tab rows, besides the answer kinds.
namespace kind {
inline constexpr std::string_view kTotal = "total";     // A column's (or the table's) respondents.
inline constexpr std::string_view kChi2 = "chi2";       // Pearson's chi-square statistic.
inline constexpr std::string_view kChi2Df = "chi2_df";  // Its degrees of freedom.
inline constexpr std::string_view kChi2P = "chi2_p";    // Its p-value.
inline constexpr std::string_view kCramersV = "cramers_v";
inline constexpr std::string_view kSmallExpected =
    "expected_under_5";                                   // Cells with expected count < 5.
inline constexpr std::string_view kFisherP = "fisher_p";  // Fisher's exact test, 2×2 tables.
inline constexpr std::string_view kKey = "key";           // A column's letter (--letters).
inline constexpr std::string_view kLetters = "letters";   // Columns a cell is significantly above.
// A weighted cross-tab's test (svychisq): Pearson's X^2 of the weighted
// table scaled to the design's n, the mean design effect tr(Delta)/df, the
// second-order F with its degrees of freedom and p-value, the first-order
// chi-square with its df and p-value.
inline constexpr std::string_view kRsPearson = "rao_scott_pearson";
inline constexpr std::string_view kRsDeff = "rao_scott_deff";
inline constexpr std::string_view kRsF = "rao_scott_f";
inline constexpr std::string_view kRsNdf = "rao_scott_ndf";
inline constexpr std::string_view kRsDdf = "rao_scott_ddf";
inline constexpr std::string_view kRsP = "rao_scott_p";
inline constexpr std::string_view kRsChi2 = "rao_scott_chi2";
inline constexpr std::string_view kRsChi2Df = "rao_scott_chi2_df";
inline constexpr std::string_view kRsChi2P = "rao_scott_chi2_p";
}  // namespace kind

}  // namespace survey
