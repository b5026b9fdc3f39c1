// Confidence intervals on summary rows (--ci): every row whose percentage is
// a share of respondents gets ci_low and ci_high, in percent units with the
// decimals of its percentage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "survey/count/summary.hpp"
#include "survey/stats/proportion.hpp"

namespace survey {

struct IntervalOptions {
  IntervalMethod method = IntervalMethod::Wilson;
  double level = 0.95;
  int decimals = 1;
};

// True for the kinds whose percent is 100 × count / base of respondents:
// answer, option, other, rest, missing, top2, bottom2, promoters, passives,
// detractors (not mean, nps or statistics).
bool is_share_kind(std::string_view kind) noexcept;

// Sets ci_low and ci_high of every share row with a base above 0 (the
// interval of count / base); other rows keep them empty.
void add_intervals(std::vector<SummaryRow>& rows, const IntervalOptions& options);

// The intervals that --ci `method` (empty: none) and --level `level` ask for:
// nullopt without --ci. Throws a usage error naming the option for an
// unknown method, a level outside (0, 1), or --level without --ci.
std::optional<IntervalOptions> interval_options(std::string_view method,
                                                std::optional<double> level, int decimals);

// 100 × fraction as text, rounded half away from zero to `decimals` places.
std::string percent_bound_text(double fraction, int decimals);

}  // namespace survey
