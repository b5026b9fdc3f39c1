// Cross-tabulations: the answers to one question (the rows) by the answers
// to another (the columns), with margins, percentages of the column, row or
// total, confidence intervals, Pearson's chi-square, Cramér's V, Fisher's
// exact test for 2×2 tables and SPSS-style column letters; and its rows in
// the summary schema (docs/formats.md says how a cross-tab maps onto it).
//
// The table is built from tabulate()'s rows of the row question broken down
// by the column question, so levels, scale order, "other" answers, missing
// tokens and codebook bases are those of freq. A weighted table plugs in at
// Xtab::weighted (cell sums of weights): percentages and intervals would
// read it, the chi-square would need the Rao–Scott correction.
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
  // Weighted cell sums, when weights are given (same shape as counts);
  // empty otherwise. Nothing fills it yet.
  CrossCounts weighted;
  bool multi = false;             // The row question is a multi-select.
  std::uint64_t missing_col = 0;  // Answered the row question, not the column question: left out.

  double n() const;  // Respondents in the table (the sum of col_bases).
  double row_total(std::size_t r) const { return counts.row_total(r); }
};

// The cross-tab from tabulate()'s rows of one question broken down by
// `groups`, with `by` the column question (for its missing tokens; may be
// null). Groups that mean "no answer" (empty, or a missing token of `by`)
// are left out and counted in missing_col.
Xtab build_xtab(const std::vector<SummaryRow>& rows, const GroupOrder& groups, const Question* by);

// The tests of a cross-tab.
struct XtabTests {
  std::optional<ChiSquareTest>
      chi_square;                  // Not for a multi-select (its columns do not partition).
  std::optional<double> fisher_p;  // 2×2 tables (after dropping empty rows and columns).
  std::vector<ColumnDifference> differences;  // With --letters.
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
}  // namespace kind

}  // namespace survey
