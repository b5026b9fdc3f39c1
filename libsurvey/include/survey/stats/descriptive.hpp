// Descriptive statistics of one scored question from its level counts (how
// many respondents gave each score): n, mean, standard deviation, minimum,
// quartiles, maximum, and the t interval of the mean. Level counts are what
// a streaming count yields, so no answer is stored.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "survey/stats/proportion.hpp"

namespace survey {

// A score and how many respondents gave it.
struct ScoreCount {
  double score = 0;
  std::uint64_t count = 0;
  // With weights: the sums of the weights of those respondents and of their
  // squares, and how many of them weigh more than 0.
  double weight = 0;
  double squares = 0;
  std::uint64_t positive = 0;
};

struct Descriptives {
  std::uint64_t n = 0;
  double mean = 0;
  double sd = 0;  // Sample standard deviation (n − 1 denominator); 0 when n < 2.
  double min = 0;
  double q1 = 0;  // Quartiles by R's quantile(type = 7), see quantile_type7().
  double median = 0;
  double q3 = 0;
  double max = 0;
  bool has_ci = false;  // The mean's interval needs n >= 2.
  Interval mean_ci;     // mean ± t(n − 1) · sd / sqrt(n), as R's t.test(x)$conf.int.
  // describe_weighted(): n stays the respondents; the rest is weighted.
  bool weighted = false;
  double weighted_n = 0;   // Sum of the weights.
  double effective_n = 0;  // Kish: (sum w)^2 / sum w^2.
  double mean_se = 0;      // The design-based standard error of the weighted mean.
};

// The p-quantile (0 <= p <= 1) of the scores, by R's default rule
// quantile(x, p, type = 7): with the n scores sorted, h = (n − 1)p + 1 and
// the result is x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]). `scores` must be
// sorted by score, with a total count above 0.
double quantile_type7(const std::vector<ScoreCount>& scores, double p);

// Everything above from level counts (any order; zero counts are ignored)
// with the mean's interval at `level`. n = 0 gives all zeros.
Descriptives describe(std::vector<ScoreCount> scores, double level);

// The same weighted, as R's survey package computes them on
// svydesign(ids = ~1, weights = ~w) with the respondents a domain
// (subset()), from the level counts' weight sums:
//   mean    svymean(): sum w x / sum w;
//   mean_se its SE: sqrt(N / (N - 1) * sum w^2 (x - mean)^2) / sum w, N =
//           `design_rows` (every row of the design, as svymean counts);
//   sd      sqrt(svyvar()): sqrt(m / (m - 1) * sum w (x - mean)^2 / sum w),
//           m the respondents of weight above 0;
//   quartiles, median: svyquantile()'s default rule (qrule = "math"), the
//           smallest score whose share of the weight, with those below it,
//           reaches p (shares within 1e-12 of p count as reaching it);
//   min, max: of the scores with weight above 0;
//   mean_ci mean ± z · mean_se, z the normal quantile: confint(svymean()).
// Levels of weight 0 count in n only. n = 0, or no weight, gives zeros.
Descriptives describe_weighted(std::vector<ScoreCount> scores, double level,
                               std::uint64_t design_rows);

// The weighted p-quantile of the rule above; `scores` sorted by score.
double weighted_quantile(const std::vector<ScoreCount>& scores, double p);

}  // namespace survey
