// Views of summary rows for people and programs: Markdown tables (French or
// English words, decimal comma, optional bars) and JSON.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "survey/count/summary.hpp"

namespace survey {

enum class Lang { En, Fr };

struct RenderOptions {
  Lang lang = Lang::En;
  bool decimal_comma = false;   // 75,7 instead of 75.7 (implied by Lang::Fr in the tools).
  bool bars = false;            // A bar column in tables without groups.
  int heading_level = 2;
  std::map<std::string, std::string> labels;  // Question id -> label, for "by" headings.
  // The confidence level of the rows' ci_low/ci_high (--ci), for the
  // interval column's heading; 0 shows no interval column.
  double ci_level = 0;
};

// One section per question: a heading with the label and the base, a table
// answer | n | % (and the confidence interval when ci_level is set),
// statistics under it; with groups, a second table with a row per group.
std::string render_markdown(const std::vector<SummaryRow>& rows, const RenderOptions& options);

// Adds the labels of the questions `rows` hold to `options.labels` (over
// what it already has), so that a "by" heading shows the label of a --by
// question that was tabulated too: render from a summary file, which holds no
// other labels, gives what freq's Markdown gives.
void add_row_labels(RenderOptions& options, const std::vector<SummaryRow>& rows);

// {"questions": [{"question", "label", "tables": [{"by", "group", "base", "rows": [...]}]}]};
// rows carry "ci_low" and "ci_high" when they have an interval.
std::string render_json(const std::vector<SummaryRow>& rows);

// "75.7" -> "75,7" when `comma`.
std::string decimal_text(const std::string& number, bool comma);

// `text` as a JSON string literal, quotes included.
std::string json_string(std::string_view text);

// The heading of a confidence-interval column: "95 % CI", "IC 95 %".
std::string interval_heading(double level, Lang lang);

}  // namespace survey
