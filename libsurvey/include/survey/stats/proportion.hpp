// Proportions: the confidence interval of a share of respondents, and the
// test that two shares differ. freq and xtab use them (--ci, --letters); any
// verb that compares percentages (trend, report) calls the same functions.
// Distributions come from Boost.Math. Counts are real numbers so that
// weighted sums or effective sample sizes can be passed as they are.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace survey {

// How a proportion's confidence interval is computed.
enum class IntervalMethod {
  Wilson,          // The score interval, without continuity correction.
  ClopperPearson,  // The exact interval, from beta-distribution quantiles.
  Wald,            // p ± z·sqrt(p(1 − p)/n), clamped to [0, 1].
};

// "wilson", "clopper-pearson" or "wald"; nullopt for anything else.
std::optional<IntervalMethod> parse_interval_method(std::string_view name) noexcept;
std::string_view interval_method_name(IntervalMethod method) noexcept;

// An interval: of proportions (both bounds inside [0, 1]) here, of a mean in
// descriptive.hpp.
struct Interval {
  double low = 0;
  double high = 0;
};

// The confidence interval at `level` (strictly between 0 and 1, e.g. 0.95)
// of the proportion successes / trials. Needs trials > 0 and
// 0 <= successes <= trials. Wilson gives R's prop.test(x, n, correct = FALSE)
// interval, Clopper–Pearson R's binom.test(x, n) interval; Wald has no R
// function and is the textbook formula.
Interval proportion_interval(double successes, double trials, IntervalMethod method, double level);

// The result of comparing two proportions.
struct ProportionTest {
  double difference = 0;  // p1 − p2.
  double z = 0;           // Pooled z statistic.
  double p = 1;           // Two-sided p-value.
  bool valid = false;     // False when a group is empty or the pooled proportion is 0 or 1.
};

// The two-sided pooled z-test that x1/n1 and x2/n2 are equal, without
// continuity correction: R's prop.test(c(x1, x2), c(n1, n2), correct = FALSE)
// gives the same p-value (its X-squared is z²).
ProportionTest two_proportion_test(double x1, double n1, double x2, double n2);

// The Bonferroni-adjusted p-value of one of `comparisons` tests: p times
// the number of comparisons, at most 1.
double bonferroni(double p, std::size_t comparisons) noexcept;

// The z such that a standard normal lies within ±z with probability `level`
// (1.959964 for 0.95).
double two_sided_z(double level);

// Throws a usage error naming `option` unless `level` is strictly between 0
// and 1 (a confidence level such as 0.95, or a significance level such as
// 0.05).
void check_probability_option(double level, std::string_view option);

}  // namespace survey
