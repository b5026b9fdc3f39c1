// Statistics over several scored questions (items) at once, from sums and
// cross-products streamed over the respondents who answered them all:
// covariance and correlation matrices (Pearson; Spearman from midranks),
// Cronbach's alpha with alpha-if-item-deleted, and key-driver analysis
// (correlations and standardised regression coefficients of an outcome on
// items, by least squares with Eigen). Memory is k² numbers for k items,
// whatever the number of respondents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace survey {

// Running means and co-moments of k variables (Welford's update, stable for
// any number of rows); rows must be complete (one value per variable).
class CrossProducts {
 public:
  explicit CrossProducts(std::size_t k = 0);

  // Adds one row of k values.
  void add(const double* values);
  // Adds the rows another accumulator saw (Chan's pairwise update).
  void merge(const CrossProducts& other);

  std::size_t size() const noexcept { return m_k; }
  std::uint64_t n() const noexcept { return m_n; }
  double mean(std::size_t i) const { return m_mean[i]; }
  // Sample covariance (n − 1 denominator); 0 when n < 2.
  double covariance(std::size_t i, std::size_t j) const;
  double sd(std::size_t i) const;

 private:
  std::size_t m_k = 0;
  std::uint64_t m_n = 0;
  std::vector<double> m_mean;
  std::vector<double> m_comoment;  // k × k, Σ (x_i − mean_i)(x_j − mean_j).
};

// Pearson's correlation of variables i and j; NaN when either is constant.
double correlation(const CrossProducts& cp, std::size_t i, std::size_t j);

// Midranks of a variable from how often each value occurs: tied values get
// the mean of the ranks they span (1-based), as R's rank(ties = "average").
// Pearson's correlation of midranks is Spearman's rho.
class Midranks {
 public:
  explicit Midranks(const std::map<double, std::uint64_t>& counts);
  // The midrank of a value that was counted.
  double operator()(double value) const;

 private:
  std::map<double, double> m_rank;
};

struct ItemReliability {
  double alpha_if_deleted =
      0;  // The scale's alpha without this item (NaN with fewer than 3 items).
  double item_rest =
      0;  // Correlation of the item with the sum of the others ("corrected item-total").
};

struct Reliability {
  bool valid = false;   // At least 2 items, 2 respondents, and a total that varies.
  std::uint64_t n = 0;  // Respondents who answered every item.
  double alpha = 0;     // k/(k − 1) · (1 − Σ var(item) / var(sum of items)).
  std::vector<ItemReliability> items;
};

// Cronbach's alpha of the items `cp` holds, with each item's alpha if it
// were deleted.
Reliability cronbach_alpha(const CrossProducts& cp);

struct Driver {
  std::size_t item = 0;  // Index in the cross-products.
  double r = 0;          // Pearson's correlation with the outcome.
  double beta = 0;       // Standardised regression coefficient.
  double se = 0;         // Its standard error...
  double t = 0;          // ...t statistic...
  double p = 1;          // ...and two-sided p-value (n − k − 1 degrees of freedom).
};

struct DriverAnalysis {
  bool valid = false;  // False when n <= k + 1, or the items are collinear or constant.
  std::uint64_t n = 0;
  double r_squared = 0;
  double adj_r_squared = 0;
  std::vector<Driver> drivers;  // In the order of `predictors`.
};

// Regresses variable `outcome` on `predictors` by least squares on the
// standardised cross-product matrix (Eigen's column-pivoting Householder QR),
// as R's lm(scale(y) ~ scale(x1) + ...) on the complete rows.
DriverAnalysis key_drivers(const CrossProducts& cp, std::size_t outcome,
                           const std::vector<std::size_t>& predictors);

}  // namespace survey
