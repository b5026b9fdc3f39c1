// The summary CSV schema that flows between the tools (docs/formats.md is the
// reference): one row per (question, group, answer), counts and bases that
// add up across shards and weeks, percentages computed from exact integers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace survey {

class Output;

// The columns of a summary CSV file, in order.
inline constexpr std::string_view kSummaryColumns[] = {"question", "label", "by",      "group", "answer",
                                                       "count",    "base",  "percent", "kind"};

struct SummaryRow {
  std::string question;  // Question id.
  std::string label;     // Question text.
  std::string by;        // Id of the --by question; empty on the overall rows.
  std::string group;     // The group's value (empty: no answer to the --by question).
  std::string answer;    // The answer; for statistics, what they cover ("1-4", "9-10").
  double count = 0;      // Respondents (or, on a mean row, the sum of their scores).
  std::uint64_t base = 0;
  std::string percent;   // 100 * count / base, or the mean on a mean row; '.' decimal point.
  std::string kind;      // See the kind names below.
  // With a weight column: the sums of the weights of the respondents
  // `count` and `base` count (both additive); `percent` is then computed
  // from them. On an effective_base row, weighted_count is the sum of the
  // squared weights of the base's respondents.
  double weighted_count = 0;
  double weighted_base = 0;
  // Optional, written only when asked for (docs/formats.md): the
  // confidence interval of `percent`, in percent units with its decimals
  // (--ci); empty where none applies.
  std::string ci_low{};
  std::string ci_high{};
  // Not written in the CSV: the sums of the squared weights of the
  // respondents `count` and `base` count, where tabulate() knows them
  // (answer, option, other, rest, missing and the box/NPS share rows of a
  // weighted table); 0 elsewhere. --ci reads them for the design-based
  // variance of a weighted percentage (stats/intervals.hpp).
  double weighted_squares = 0;
  double weighted_base_squares = 0;
};

// Which optional column pairs a summary CSV carries (written after `kind`).
struct SummaryColumns {
  bool weighted = false;  // weighted_count, weighted_base
  bool ci = false;        // ci_low, ci_high (after the weighted pair)

  friend bool operator==(const SummaryColumns&, const SummaryColumns&) = default;
};

// Values of SummaryRow::kind.
namespace kind {
inline constexpr std::string_view kAnswer = "answer";        // A declared or observed answer.
inline constexpr std::string_view kOption = "option";        // An option of a multi-select (adds past 100 %).
inline constexpr std::string_view kOther = "other";          // An answer outside the declared levels.
inline constexpr std::string_view kRest = "rest";  // Answers beyond --top N, together; answer "".
inline constexpr std::string_view kMissing = "missing";      // No answer; base = all respondents.
// A table nobody answered that has no other row (no declared levels):
// answer "", count 0, base 0, percent "", so that the question keeps its
// place ("0 responses"); merge drops it when another file has the table.
inline constexpr std::string_view kNone = "none";
inline constexpr std::string_view kMean = "mean";            // count = sum of scores, percent = mean.
inline constexpr std::string_view kTop2 = "top2";
inline constexpr std::string_view kBottom2 = "bottom2";
inline constexpr std::string_view kNps = "nps";              // count = promoters - detractors.
inline constexpr std::string_view kPromoters = "promoters";
inline constexpr std::string_view kPassives = "passives";
inline constexpr std::string_view kDetractors = "detractors";
inline constexpr std::string_view kAsked = "asked";              // Rows the base selects; answer = the base.
inline constexpr std::string_view kUnqualified = "unqualified";  // Answers from rows not asked; answer =
                                                                 // "excluded" or "included".
// Kish's effective base of a weighted table: answer = the weight column,
// count = base = the respondents, weighted_count = their sum of squared
// weights, weighted_base = their sum of weights, percent = weighted_base^2 /
// weighted_count.
inline constexpr std::string_view kEffectiveBase = "effective_base";
}  // namespace kind

// The names of the optional column pairs, in the order they follow `kind`.
inline constexpr std::string_view kWeightedColumns[] = {"weighted_count", "weighted_base"};
inline constexpr std::string_view kIntervalColumns[] = {"ci_low", "ci_high"};

// 100 * numerator / denominator, rounded half away from zero to `decimals`
// places, computed exactly from the integers; "" when denominator is 0.
std::string percent_text(std::int64_t numerator, std::uint64_t denominator, int decimals);

// The same for a set of numerators that add up to the denominator, by
// largest-remainder rounding so that the texts add up to exactly 100.
// Ties go to the larger numerator, then the earlier one.
std::vector<std::string> percent_texts_sum_to_100(const std::vector<std::uint64_t>& numerators,
                                                  std::uint64_t denominator, int decimals);

// numerator / denominator rounded half away from zero to `decimals` places
// (exact for integers); "" when denominator is 0.
std::string ratio_text(double numerator, std::uint64_t denominator, int decimals);

// A count as text: an integer without decimals, otherwise the shortest
// decimal that reads back exactly.
std::string count_text(double count);

// A sum of weights as text: 12 significant digits (0.1 + 0.2 is "0.3"),
// integers without decimals.
std::string weight_text(double sum);

// 100 * numerator / denominator for weighted sums, rounded half away from
// zero to `decimals` places: exact (as percent_text()) when both are whole
// numbers below 2^53, else from the quotient in long double; "" when
// denominator is 0.
std::string weighted_percent_text(double numerator, double denominator, int decimals);

// Largest-remainder rounding of weighted sums that add up to the
// denominator (to 1e-9 of it), as percent_texts_sum_to_100(); plain
// rounding when they do not.
std::vector<std::string> weighted_percent_texts_sum_to_100(const std::vector<double>& numerators,
                                                           double denominator, int decimals);

// numerator / denominator rounded half away from zero to `decimals` places
// (a weighted mean); "" when denominator is 0.
std::string weighted_ratio_text(double numerator, double denominator, int decimals);

// Writes rows as summary CSV. With `excel_safe`, text cells that a
// spreadsheet would read as a formula (starting with = + - @, tab or CR) get
// a leading apostrophe, as OWASP recommends. `columns` says which optional
// column pairs follow `kind`.
void write_summary_csv(Output& out, const std::vector<SummaryRow>& rows, bool excel_safe = false,
                       const SummaryColumns& columns = {});

// Neutralises a cell for spreadsheets (see write_summary_csv).
std::string excel_safe_cell(std::string_view text);

}  // namespace survey
