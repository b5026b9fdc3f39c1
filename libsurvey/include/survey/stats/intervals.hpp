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
  // Weighted rows: the respondents of the whole design (every row read, as
  // R's survey package counts them), for the n / (n - 1) factor of the
  // with-replacement variance; 0 leaves the factor out.
  std::uint64_t design_rows = 0;
  bool weighted = false;  // The rows are of a weighted table.
};

// A weighted share as the method sees it: p = weighted_count /
// weighted_base, and the effective number of trials n* = p(1 - p) / V, V
// the design-based variance of p (svymean()'s squared SE on
// svydesign(ids = ~1, weights = ~w), the row's respondents a domain):
//   V = n / (n - 1) * ((1 - p)^2 S1 + p^2 (S - S1)) / W^2,
// S1 and S the squared weights of count's and base's respondents, W the
// base's weight. When p is 0 or 1 (V = 0), n* is Kish's effective base
// W^2 / S. Then Wald is p ± z·SE (confint(svymean())), Clopper–Pearson the
// Korn–Graubard interval (svyciprop(method = "beta", df = Inf)) and
// Wilson the score interval at n*.
struct WeightedShare {
  double p = 0;
  double trials = 0;  // n*; 0 when nothing tells it.
};
WeightedShare weighted_share(const SummaryRow& row, std::uint64_t design_rows);

// True for the kinds whose percent is 100 × count / base of respondents:
// answer, option, other, rest, missing, top2, bottom2, promoters, passives,
// detractors (not mean, nps or statistics).
bool is_share_kind(std::string_view kind) noexcept;

// Sets ci_low and ci_high of every share row with a base above 0 (the
// interval of count / base; of a weighted row, see WeightedShare); other
// rows keep them empty.
void add_intervals(std::vector<SummaryRow>& rows, const IntervalOptions& options);

// The intervals that --ci `method` (empty: none) and --level `level` ask for:
// nullopt without --ci. Throws a usage error naming the option for an
// unknown method, a level outside (0, 1), or --level without --ci.
std::optional<IntervalOptions> interval_options(std::string_view method,
                                                std::optional<double> level, int decimals);

// 100 × fraction as text, rounded half away from zero to `decimals` places.
std::string percent_bound_text(double fraction, int decimals);

}  // namespace survey
