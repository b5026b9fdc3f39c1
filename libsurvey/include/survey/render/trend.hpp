// Views of a trend (stats/trend.hpp): a long CSV, one row per summary row and
// period, and Markdown tables with a column per period and the change from
// the previous one. docs/formats.md (Trend CSV) and docs/tools/trend.md
// describe them.
#pragma once

#include <string>

#include "survey/render/render.hpp"
#include "survey/stats/trend.hpp"

namespace survey {

class Output;

// The columns of the trend CSV, in order.
inline constexpr std::string_view kTrendColumns[] = {
    "question", "label",   "by",     "group",   "answer",  "kind",    "period",
    "status",   "count",   "base",   "percent", "change",  "p_value", "significant"};

// Writes `trend` as CSV (in the output's CSV style), periods in order within
// each row of the summaries.
void write_trend_csv(Output& out, const Trend& trend);

// One section per question, one table per (by, group): a row per answer, a
// column per period ("75.7 % (524/692)"), a change column after every
// period but the first; a note on the test and on periods of 0 responses.
std::string render_trend_markdown(const Trend& trend, const RenderOptions& options);

}  // namespace survey
