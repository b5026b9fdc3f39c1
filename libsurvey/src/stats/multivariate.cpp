// Cross-products, correlations, reliability and key drivers. See multivariate.hpp.
#include "survey/stats/multivariate.hpp"

#include <Eigen/Dense>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace survey {

CrossProducts::CrossProducts(std::size_t k) : m_k(k), m_mean(k, 0.0), m_comoment(k * k, 0.0) {}

void CrossProducts::add(const double* x) {
  ++m_n;
  const double n = static_cast<double>(m_n);
  // delta before the mean moves, times the deviation after it: Welford.
  thread_local std::vector<double> before;
  before.resize(m_k);
  for (std::size_t i = 0; i < m_k; ++i) {
    before[i] = x[i] - m_mean[i];
    m_mean[i] += before[i] / n;
  }
  for (std::size_t i = 0; i < m_k; ++i) {
    const double after = x[i] - m_mean[i];
    double* row = &m_comoment[i * m_k];
    for (std::size_t j = 0; j <= i; ++j) row[j] += before[j] * after;
  }
}

void CrossProducts::merge(const CrossProducts& o) {
  if (o.m_n == 0) return;
  if (m_n == 0) {
    *this = o;
    return;
  }
  const double na = static_cast<double>(m_n), nb = static_cast<double>(o.m_n), n = na + nb;
  std::vector<double> delta(m_k);
  for (std::size_t i = 0; i < m_k; ++i) delta[i] = o.m_mean[i] - m_mean[i];
  for (std::size_t i = 0; i < m_k; ++i)
    for (std::size_t j = 0; j <= i; ++j)
      m_comoment[i * m_k + j] += o.m_comoment[i * m_k + j] + delta[i] * delta[j] * na * nb / n;
  for (std::size_t i = 0; i < m_k; ++i) m_mean[i] += delta[i] * nb / n;
  m_n += o.m_n;
}

double CrossProducts::covariance(std::size_t i, std::size_t j) const {
  if (m_n < 2) return 0;
  if (j > i) std::swap(i, j);
  return m_comoment[i * m_k + j] / static_cast<double>(m_n - 1);
}

double CrossProducts::sd(std::size_t i) const {
  return std::sqrt(covariance(i, i));
}

double correlation(const CrossProducts& cp, std::size_t i, std::size_t j) {
  const double vi = cp.covariance(i, i), vj = cp.covariance(j, j);
  if (!(vi > 0) || !(vj > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (i == j) return 1;
  return cp.covariance(i, j) / std::sqrt(vi * vj);
}

Midranks::Midranks(const std::map<double, std::uint64_t>& counts) {
  double below = 0;
  for (const auto& [value, count] : counts) {
    const double c = static_cast<double>(count);
    m_rank.emplace(value, below + (c + 1) / 2);
    below += c;
  }
}

double Midranks::operator()(double value) const {
  auto it = m_rank.find(value);
  return it == m_rank.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

namespace {

// Cronbach's alpha of the items in `keep` from the covariance matrix.
double alpha_of(const CrossProducts& cp, const std::vector<std::size_t>& keep) {
  const double k = static_cast<double>(keep.size());
  if (keep.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  double items = 0, total = 0;
  for (std::size_t i : keep) {
    items += cp.covariance(i, i);
    for (std::size_t j : keep) total += cp.covariance(i, j);
  }
  if (!(total > 0)) return std::numeric_limits<double>::quiet_NaN();
  return k / (k - 1) * (1 - items / total);
}

}  // namespace

Reliability cronbach_alpha(const CrossProducts& cp) {
  Reliability r;
  const std::size_t k = cp.size();
  r.n = cp.n();
  std::vector<std::size_t> all(k);
  for (std::size_t i = 0; i < k; ++i) all[i] = i;
  r.alpha = alpha_of(cp, all);
  r.valid = k >= 2 && r.n >= 2 && std::isfinite(r.alpha);
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<std::size_t> rest;
    for (std::size_t j = 0; j < k; ++j)
      if (j != i) rest.push_back(j);
    ItemReliability item;
    item.alpha_if_deleted = alpha_of(cp, rest);
    double cov = 0, var_rest = 0;
    for (std::size_t j : rest) {
      cov += cp.covariance(i, j);
      for (std::size_t l : rest) var_rest += cp.covariance(j, l);
    }
    const double var_i = cp.covariance(i, i);
    item.item_rest = var_i > 0 && var_rest > 0 ? cov / std::sqrt(var_i * var_rest)
                                               : std::numeric_limits<double>::quiet_NaN();
    r.items.push_back(item);
  }
  return r;
}

DriverAnalysis key_drivers(const CrossProducts& cp, std::size_t outcome,
                           const std::vector<std::size_t>& predictors) {
  DriverAnalysis a;
  a.n = cp.n();
  const std::size_t k = predictors.size();
  for (std::size_t item : predictors)
    a.drivers.push_back(Driver{item, correlation(cp, item, outcome), 0, 0, 0, 1});
  const double n = static_cast<double>(a.n);
  if (k == 0 || a.n <= k + 1 || !(cp.covariance(outcome, outcome) > 0)) return a;
  // Standardised normal equations: Rxx beta = rxy.
  Eigen::MatrixXd rxx(k, k);
  Eigen::VectorXd rxy(k);
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j)
      rxx(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          correlation(cp, predictors[i], predictors[j]);
    rxy(static_cast<Eigen::Index>(i)) = a.drivers[i].r;
  }
  if (!rxx.allFinite() || !rxy.allFinite()) return a;
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(rxx);
  qr.setThreshold(1e-10);
  if (qr.rank() < static_cast<Eigen::Index>(k)) return a;
  const Eigen::VectorXd beta = qr.solve(rxy);
  const Eigen::MatrixXd inverse = qr.inverse();
  a.r_squared = rxy.dot(beta);
  const double df = n - static_cast<double>(k) - 1;
  a.adj_r_squared = 1 - (1 - a.r_squared) * (n - 1) / df;
  // Residual variance of scale(y) is (1 − R²)(n − 1)/df; X'X of the scaled items is (n − 1) Rxx.
  const double sigma2 = (1 - a.r_squared) / df;
  boost::math::students_t t(df);
  for (std::size_t i = 0; i < k; ++i) {
    Driver& d = a.drivers[i];
    const auto e = static_cast<Eigen::Index>(i);
    d.beta = beta(e);
    d.se = std::sqrt(std::max(0.0, sigma2 * inverse(e, e)));
    d.t = d.se > 0 ? d.beta / d.se : 0;
    d.p = d.se > 0 ? 2 * boost::math::cdf(boost::math::complement(t, std::fabs(d.t))) : 1;
  }
  a.valid = true;
  return a;
}

}  // namespace survey
