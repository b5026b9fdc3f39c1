// Trends across periods: the summary CSVs of several periods (weeks, months)
// lined up row by row (question, by, group, kind, answer), each row's
// percentage per period, its change in percentage points from the previous
// period, and the two-proportion z-test of that change. docs/tools/trend.md
// states the rules; render/trend.hpp writes the result as CSV and Markdown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "survey/count/summary_reader.hpp"
#include "survey/read/error.hpp"

namespace survey {

// What a period says about a row.
enum class TrendStatus {
  Listed,       // The row is in the period's summary.
  NotListed,    // Its table is there, the answer is not: nobody gave it (count 0 of the table's base).
  Absent,       // The question (or that table, or that statistic) is not in the period's summary.
  NoResponses,  // The period has 0 responses (a summary without rows, or every base 0).
};

// "listed", "not_listed", "absent", "no_responses".
std::string_view trend_status_name(TrendStatus status) noexcept;

struct TrendCell {
  TrendStatus status = TrendStatus::Absent;
  double count = 0;
  std::uint64_t base = 0;
  std::string percent;  // As written in the summary ("0.0" when NotListed); "" without a base.
  // Points from the previous period (the difference of the two percentages
  // as written, "+5.0", "-0.3", "0.0"); "" in the first period or when
  // either percentage is missing.
  std::string change;
  // The two-proportion z-test of the change (share rows only, both bases
  // above 0, pooled proportion strictly between 0 and 1): its p-value,
  // Bonferroni-adjusted when TrendOptions::bonferroni is set.
  std::optional<double> p;
  bool significant = false;  // p < alpha.
};

struct TrendRow {
  std::string question, label, by, group, kind, answer;
  std::vector<TrendCell> cells;  // One per period.
  bool share = false;            // A share of respondents (tested), not a mean or an NPS.
};

struct TrendOptions {
  double alpha = 0.05;      // Strictly between 0 and 1.
  bool bonferroni = false;  // Multiply each p-value by the number of tests of the run.
};

struct Trend {
  std::vector<std::string> periods;    // Labels, in order.
  std::vector<bool> period_empty;      // A period of 0 responses.
  std::vector<TrendRow> rows;
  std::size_t tests = 0;               // Tests made (the Bonferroni factor).
  TrendOptions options;
};

// Lines up `files` (one per period, in order; `labels` gives their names).
// Throws survey::Error (ErrorKind::Data, naming file and line) when the
// summaries cannot be compared:
// - weighted summaries (the test needs respondents' counts);
// - a question labelled differently, or broken down by other --by questions
//   (periods of 0 responses are not checked);
// - percentages (or means) rounded to different --decimals.
// Rows of kinds trend does not compare are left out: `asked` and
// `unqualified` (the codebook's bookkeeping) quietly, the others (`rest`,
// cross-tab totals and tests, unknown kinds) with one warning per file;
// confidence bounds are ignored.
// Throws a usage error when labels and files differ in number, or alpha is
// not strictly between 0 and 1.
Trend build_trend(const std::vector<std::string>& labels, const std::vector<SummaryFile>& files,
                  const TrendOptions& options, Diagnostics& warnings);

}  // namespace survey
