// Proportion intervals and tests. See proportion.hpp.
#include "survey/stats/proportion.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "survey/read/error.hpp"

namespace survey {

std::optional<IntervalMethod> parse_interval_method(std::string_view name) noexcept {
  if (name == "wilson") return IntervalMethod::Wilson;
  if (name == "clopper-pearson") return IntervalMethod::ClopperPearson;
  if (name == "wald") return IntervalMethod::Wald;
  return std::nullopt;
}

std::string_view interval_method_name(IntervalMethod method) noexcept {
  switch (method) {
    case IntervalMethod::Wilson:
      return "wilson";
    case IntervalMethod::ClopperPearson:
      return "clopper-pearson";
    case IntervalMethod::Wald:
      return "wald";
  }
  return "";
}

double two_sided_z(double level) {
  boost::math::normal normal;
  return boost::math::quantile(normal, (1 + level) / 2);
}

Interval proportion_interval(double x, double n, IntervalMethod method, double level) {
  if (!(n > 0)) return Interval{0, 1};
  x = std::clamp(x, 0.0, n);
  const double p = x / n;
  Interval out;
  switch (method) {
    case IntervalMethod::Wilson: {
      const double z = two_sided_z(level);
      const double z22n = z * z / (2 * n);
      const double spread = z * std::sqrt(p * (1 - p) / n + z22n / (2 * n));
      out.low = x <= 0 ? 0 : (p + z22n - spread) / (1 + 2 * z22n);
      out.high = x >= n ? 1 : (p + z22n + spread) / (1 + 2 * z22n);
      break;
    }
    case IntervalMethod::ClopperPearson: {
      const double alpha = 1 - level;
      out.low = x <= 0 ? 0
                       : boost::math::quantile(boost::math::beta_distribution<double>(x, n - x + 1),
                                               alpha / 2);
      out.high = x >= n ? 1
                        : boost::math::quantile(
                              boost::math::beta_distribution<double>(x + 1, n - x), 1 - alpha / 2);
      break;
    }
    case IntervalMethod::Wald: {
      const double half = two_sided_z(level) * std::sqrt(p * (1 - p) / n);
      out.low = p - half;
      out.high = p + half;
      break;
    }
  }
  out.low = std::clamp(out.low, 0.0, 1.0);
  out.high = std::clamp(out.high, 0.0, 1.0);
  return out;
}

ProportionTest two_proportion_test(double x1, double n1, double x2, double n2) {
  ProportionTest t;
  if (!(n1 > 0) || !(n2 > 0)) return t;
  const double p1 = x1 / n1, p2 = x2 / n2;
  const double pooled = (x1 + x2) / (n1 + n2);
  t.difference = p1 - p2;
  const double se = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return t;
  t.z = t.difference / se;
  t.p = 2 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(t.z)));
  t.p = std::min(t.p, 1.0);
  t.valid = true;
  return t;
}

double bonferroni(double p, std::size_t comparisons) noexcept {
  return std::min(1.0, p * static_cast<double>(std::max<std::size_t>(comparisons, 1)));
}

void check_probability_option(double level, std::string_view option) {
  if (!(level > 0 && level < 1))
    throw usage_error(
        fmt::format("{} must be a number between 0 and 1 (exclusive), not {}", option, level),
        option == "--level" ? "e.g. --level 0.95" : "e.g. 0.05");
}

}  // namespace survey
