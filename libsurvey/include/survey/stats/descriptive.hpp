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
};

// The p-quantile (0 <= p <= 1) of the scores, by R's default rule
// quantile(x, p, type = 7): with the n scores sorted, h = (n − 1)p + 1 and
// the result is x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]). `scores` must be
// sorted by score, with a total count above 0.
double quantile_type7(const std::vector<ScoreCount>& scores, double p);

// Everything above from level counts (any order; zero counts are ignored)
// with the mean's interval at `level`. n = 0 gives all zeros.
Descriptives describe(std::vector<ScoreCount> scores, double level);

}  // namespace survey
