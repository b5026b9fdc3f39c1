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
  std::uint64_t answers =
      0;  // On a rest row: how many answers it holds (for views; not in the CSV).
};

// Values of SummaryRow::kind.
namespace kind {
inline constexpr std::string_view kAnswer = "answer";        // A declared or observed answer.
inline constexpr std::string_view kOption = "option";        // An option of a multi-select (adds past 100 %).
inline constexpr std::string_view kOther = "other";          // An answer outside the declared levels.
inline constexpr std::string_view kRest = "rest";  // Answers beyond --top N, together; answer "".
inline constexpr std::string_view kMissing = "missing";      // No answer; base = all respondents.
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
}  // namespace kind

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

// Writes rows as summary CSV. With `excel_safe`, text cells that a
// spreadsheet would read as a formula (starting with = + - @, tab or CR) get
// a leading apostrophe, as OWASP recommends.
void write_summary_csv(Output& out, const std::vector<SummaryRow>& rows, bool excel_safe = false);

// Neutralises a cell for spreadsheets (see write_summary_csv).
std::string excel_safe_cell(std::string_view text);

}  // namespace survey
