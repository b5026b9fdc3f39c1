// Views of scale statistics (survey stats) for people and programs:
// Markdown tables, JSON, and the long statistics CSV
// (analysis,question,label,with,statistic,value,n; docs/formats.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "survey/render/render.hpp"
#include "survey/stats/descriptive.hpp"
#include "survey/stats/multivariate.hpp"

namespace survey {

class Output;

// The columns of the statistics CSV, in order.
inline constexpr std::string_view kStatsColumns[] = {"analysis",  "question", "label", "with",
                                                     "statistic", "value",    "n"};

struct ItemLabel {
  std::string id;
  std::string label;
};

enum class Analysis { Describe, Cronbach, Correlation, Drivers };

// What one run of `survey stats` computed.
struct StatsReport {
  Analysis analysis = Analysis::Describe;
  std::vector<ItemLabel> items;  // The questions (drivers: the predictors).
  // Describe: one per item, over everyone who gave the item a score.
  std::vector<Descriptives> descriptives;
  double level = 0.95;  // Of the mean's interval.
  std::string weight;   // The weight column (Describe only; empty: unweighted).
  // The other analyses: over the respondents who scored every item.
  std::uint64_t n = 0;             // Complete respondents.
  std::uint64_t rows = 0;          // Respondents read.
  std::vector<double> means, sds;  // Per item (drivers: the outcome last).
  bool spearman = false;           // Correlation: of midranks.
  std::vector<double> matrix;      // Correlation: k × k, row-major.
  Reliability reliability;         // Cronbach.
  ItemLabel outcome;               // Drivers.
  DriverAnalysis drivers;
};

// Tables with a line on what they mean; `decimals` for the statistics.
std::string render_stats_markdown(const StatsReport& report, int decimals,
                                  const RenderOptions& options);

// {"analysis": ..., "n": ..., then per analysis "questions", "matrix",
// "alpha" and "items", or "outcome", "r_squared" and "drivers"}.
std::string render_stats_json(const StatsReport& report);

// The long statistics CSV: one row per statistic.
void write_stats_csv(Output& out, const StatsReport& report, bool excel_safe = false);

}  // namespace survey
