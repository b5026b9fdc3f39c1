// Confidence intervals on summary rows. See intervals.hpp.
#include "survey/stats/intervals.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "survey/read/error.hpp"

namespace survey {

bool is_share_kind(std::string_view k) noexcept {
  return k == kind::kAnswer || k == kind::kOption || k == kind::kOther || k == kind::kRest ||
         k == kind::kMissing || k == kind::kTop2 || k == kind::kBottom2 || k == kind::kPromoters ||
         k == kind::kPassives || k == kind::kDetractors;
}

std::string percent_bound_text(double fraction, int decimals) {
  return ratio_text(100 * std::clamp(fraction, 0.0, 1.0), 1, decimals);
}

std::optional<IntervalOptions> interval_options(std::string_view method,
                                                std::optional<double> level, int decimals) {
  if (method.empty()) {
    if (level) throw usage_error("--level needs --ci", "add --ci wilson, clopper-pearson or wald");
    return std::nullopt;
  }
  IntervalOptions o;
  auto m = parse_interval_method(method);
  if (!m)
    throw usage_error(fmt::format("unknown --ci \"{}\"", method),
                      "use wilson, clopper-pearson or wald");
  o.method = *m;
  if (level) {
    check_probability_option(*level, "--level");
    o.level = *level;
  }
  o.decimals = decimals;
  return o;
}

void add_intervals(std::vector<SummaryRow>& rows, const IntervalOptions& options) {
  for (auto& r : rows) {
    if (!is_share_kind(r.kind) || r.base == 0) continue;
    const Interval ci =
        proportion_interval(r.count, static_cast<double>(r.base), options.method, options.level);
    r.ci_low = percent_bound_text(ci.low, options.decimals);
    r.ci_high = percent_bound_text(ci.high, options.decimals);
  }
}

}  // namespace survey
