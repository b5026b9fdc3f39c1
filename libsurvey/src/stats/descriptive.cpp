// Descriptive statistics from level counts. See descriptive.hpp.
#include "survey/stats/descriptive.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

namespace survey {
namespace {

// The k-th smallest score (0-based) of the sorted level counts.
double order_statistic(const std::vector<ScoreCount>& scores, std::uint64_t k) {
  std::uint64_t seen = 0;
  for (const auto& s : scores) {
    seen += s.count;
    if (k < seen) return s.score;
  }
  return scores.back().score;
}

}  // namespace

double quantile_type7(const std::vector<ScoreCount>& scores, double p) {
  std::uint64_t n = 0;
  for (const auto& s : scores) n += s.count;
  const double h = static_cast<double>(n - 1) * p;  // 0-based position.
  const double lo = std::floor(h);
  const auto k = static_cast<std::uint64_t>(lo);
  const double a = order_statistic(scores, k);
  if (h == lo || k + 1 >= n) return a;
  const double b = order_statistic(scores, k + 1);
  return a + (h - lo) * (b - a);
}

Descriptives describe(std::vector<ScoreCount> scores, double level) {
  Descriptives d;
  scores.erase(std::remove_if(scores.begin(), scores.end(),
                              [](const ScoreCount& s) { return s.count == 0; }),
               scores.end());
  std::sort(scores.begin(), scores.end(),
            [](const ScoreCount& a, const ScoreCount& b) { return a.score < b.score; });
  for (const auto& s : scores) d.n += s.count;
  if (d.n == 0) return d;
  const double n = static_cast<double>(d.n);
  // Two passes over the levels: the mean, then squared deviations from it.
  long double sum = 0;
  for (const auto& s : scores) sum += static_cast<long double>(s.score) * s.count;
  d.mean = static_cast<double>(sum / n);
  long double squares = 0;
  for (const auto& s : scores) {
    const long double dev = s.score - d.mean;
    squares += dev * dev * s.count;
  }
  d.sd = d.n > 1 ? static_cast<double>(std::sqrt(squares / (n - 1))) : 0;
  d.min = scores.front().score;
  d.max = scores.back().score;
  d.q1 = quantile_type7(scores, 0.25);
  d.median = quantile_type7(scores, 0.5);
  d.q3 = quantile_type7(scores, 0.75);
  if (d.n > 1) {
    boost::math::students_t t(n - 1);
    const double half = boost::math::quantile(t, (1 + level) / 2) * d.sd / std::sqrt(n);
    d.mean_ci = Interval{d.mean - half, d.mean + half};
    d.has_ci = true;
  }
  return d;
}

double weighted_quantile(const std::vector<ScoreCount>& scores, double p) {
  long double total = 0;
  for (const auto& s : scores)
    if (s.weight > 0) total += s.weight;
  const long double target = static_cast<long double>(p) * total;
  long double cum = 0;
  const ScoreCount* last = nullptr;
  for (const auto& s : scores) {
    if (!(s.weight > 0)) continue;
    cum += s.weight;
    last = &s;
    if (cum >= target - 1e-12L * total) return s.score;
  }
  return last ? last->score : 0.0;
}

Descriptives describe_weighted(std::vector<ScoreCount> scores, double level,
                               std::uint64_t design_rows) {
  Descriptives d;
  d.weighted = true;
  scores.erase(std::remove_if(scores.begin(), scores.end(),
                              [](const ScoreCount& s) { return s.count == 0; }),
               scores.end());
  std::sort(scores.begin(), scores.end(),
            [](const ScoreCount& a, const ScoreCount& b) { return a.score < b.score; });
  long double w = 0, sq = 0, wx = 0;
  std::uint64_t positive = 0;
  for (const auto& s : scores) {
    d.n += s.count;
    w += s.weight;
    sq += s.squares;
    wx += static_cast<long double>(s.weight) * s.score;
    positive += s.positive;
  }
  if (d.n == 0 || !(w > 0)) return d;
  d.weighted_n = static_cast<double>(w);
  d.effective_n = sq > 0 ? static_cast<double>(w * w / sq) : 0.0;
  d.mean = static_cast<double>(wx / w);
  long double dev_w = 0, dev_sq = 0;
  for (const auto& s : scores) {
    const long double dev = s.score - d.mean;
    dev_w += dev * dev * s.weight;
    dev_sq += dev * dev * s.squares;
  }
  const double m = static_cast<double>(positive);
  d.sd = positive > 1 ? static_cast<double>(std::sqrt(m / (m - 1) * dev_w / w)) : 0.0;
  const double big_n = static_cast<double>(design_rows);
  const double factor = design_rows > 1 ? big_n / (big_n - 1) : 1.0;
  d.mean_se = static_cast<double>(std::sqrt(factor * dev_sq) / w);
  bool first = true;
  for (const auto& s : scores) {
    if (!(s.weight > 0)) continue;
    if (first) d.min = s.score;
    d.max = s.score;
    first = false;
  }
  d.q1 = weighted_quantile(scores, 0.25);
  d.median = weighted_quantile(scores, 0.5);
  d.q3 = weighted_quantile(scores, 0.75);
  if (positive > 1) {
    const double z = boost::math::quantile(boost::math::normal(), (1 + level) / 2);
    d.mean_ci = Interval{d.mean - z * d.mean_se, d.mean + z * d.mean_se};
    d.has_ci = true;
  }
  return d;
}

}  // namespace survey
