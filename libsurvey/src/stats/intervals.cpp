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

WeightedShare weighted_share(const SummaryRow& r, std::uint64_t design_rows) {
  WeightedShare out;
  const double w = r.weighted_base, s = r.weighted_base_squares;
  if (!(w > 0) || !(s > 0)) return out;
  const double p = std::clamp(r.weighted_count / w, 0.0, 1.0);
  out.p = p;
  const double s1 = std::clamp(r.weighted_squares, 0.0, s);
  const double n = static_cast<double>(design_rows);
  const double factor = design_rows > 1 ? n / (n - 1) : 1.0;
  const double v = factor * ((1 - p) * (1 - p) * s1 + p * p * (s - s1)) / (w * w);
  out.trials = v > 0 && p > 0 && p < 1 ? p * (1 - p) / v : w * w / s;
  return out;
}

void add_intervals(std::vector<SummaryRow>& rows, const IntervalOptions& options) {
  for (auto& r : rows) {
    if (!is_share_kind(r.kind) || r.base == 0) continue;
    Interval ci;
    if (options.weighted) {
      // A weighted row without squared weights (a base of weight 0): none.
      const WeightedShare share = weighted_share(r, options.design_rows);
      if (!(share.trials > 0)) continue;
      ci = proportion_interval(share.p * share.trials, share.trials, options.method,
                               options.level);
    } else {
      ci = proportion_interval(r.count, static_cast<double>(r.base), options.method,
                               options.level);
    }
    r.ci_low = percent_bound_text(ci.low, options.decimals);
    r.ci_high = percent_bound_text(ci.high, options.decimals);
  }
}

}  // namespace survey
