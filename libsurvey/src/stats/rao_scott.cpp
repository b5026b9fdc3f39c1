// Rao-Scott corrections of a weighted cross-tab's chi-square. See
// rao_scott.hpp.
#include "survey/stats/rao_scott.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <cmath>
#include <functional>

namespace survey {

std::optional<RaoScott> rao_scott(const WeightedTable& table) {
  using Eigen::MatrixXd;
  using Eigen::VectorXd;
  const std::size_t R0 = table.rows, C0 = table.cols;
  if (table.weights.size() != R0 * C0 || table.squares.size() != R0 * C0) return std::nullopt;
  // Rows and columns that carry weight.
  std::vector<std::size_t> keep_rows, keep_cols;
  for (std::size_t i = 0; i < R0; ++i) {
    double s = 0;
    for (std::size_t j = 0; j < C0; ++j) s += table.weights[i * C0 + j];
    if (s > 0) keep_rows.push_back(i);
  }
  for (std::size_t j = 0; j < C0; ++j) {
    double s = 0;
    for (std::size_t i = 0; i < R0; ++i) s += table.weights[i * C0 + j];
    if (s > 0) keep_cols.push_back(j);
  }
  const std::size_t r = keep_rows.size(), c = keep_cols.size();
  const double n = static_cast<double>(table.respondents);
  if (r < 2 || c < 2 || table.respondents < 2) return std::nullopt;

  // Cells in R's order: the row index varies fastest (expand.grid).
  const std::size_t k = r * c;
  VectorXd w(k), s2(k);
  for (std::size_t j = 0; j < c; ++j)
    for (std::size_t i = 0; i < r; ++i) {
      w(static_cast<Eigen::Index>(i + r * j)) = table.weights[keep_rows[i] * C0 + keep_cols[j]];
      s2(static_cast<Eigen::Index>(i + r * j)) = table.squares[keep_rows[i] * C0 + keep_cols[j]];
    }
  const double total = w.sum();
  const VectorXd p = w / total;

  // Pearson's X^2 of the table scaled to n.
  VectorXd row_p = VectorXd::Zero(static_cast<Eigen::Index>(r)),
           col_p = VectorXd::Zero(static_cast<Eigen::Index>(c));
  for (std::size_t j = 0; j < c; ++j)
    for (std::size_t i = 0; i < r; ++i) {
      row_p(static_cast<Eigen::Index>(i)) += p(static_cast<Eigen::Index>(i + r * j));
      col_p(static_cast<Eigen::Index>(j)) += p(static_cast<Eigen::Index>(i + r * j));
    }
  double x2 = 0;
  for (std::size_t j = 0; j < c; ++j)
    for (std::size_t i = 0; i < r; ++i) {
      const double e = row_p(static_cast<Eigen::Index>(i)) * col_p(static_cast<Eigen::Index>(j));
      const double d = p(static_cast<Eigen::Index>(i + r * j)) - e;
      x2 += d * d / e;
    }
  x2 *= n;

  // Main effects (intercept, rows 2..r, columns 2..c) and interactions.
  const Eigen::Index K = static_cast<Eigen::Index>(k);
  const Eigen::Index main = static_cast<Eigen::Index>(r + c - 1);
  const Eigen::Index inter = static_cast<Eigen::Index>((r - 1) * (c - 1));
  MatrixXd x1 = MatrixXd::Zero(K, main), x12 = MatrixXd::Zero(K, inter);
  for (std::size_t j = 0; j < c; ++j)
    for (std::size_t i = 0; i < r; ++i) {
      const Eigen::Index cell = static_cast<Eigen::Index>(i + r * j);
      x1(cell, 0) = 1;
      if (i > 0) x1(cell, static_cast<Eigen::Index>(i)) = 1;
      if (j > 0) x1(cell, static_cast<Eigen::Index>(r - 1 + j)) = 1;
      if (i > 0 && j > 0) x12(cell, static_cast<Eigen::Index>((i - 1) + (r - 1) * (j - 1))) = 1;
    }
  // The interactions' residuals from the main effects (qr.resid in R).
  const MatrixXd cm = x12 - x1 * x1.householderQr().solve(x12);

  // Variance of the cell proportions under the with-replacement design.
  const double s2_total = s2.sum();
  MatrixXd v = MatrixXd(s2.asDiagonal()) - s2 * p.transpose() - p * s2.transpose() +
               s2_total * p * p.transpose();
  v *= n / (n - 1) / (total * total);

  VectorXd inv_p(K);
  for (Eigen::Index i = 0; i < K; ++i) inv_p(i) = p(i) > 0 ? 1.0 / p(i) : 0.0;
  const MatrixXd dc = inv_p.asDiagonal() * cm;  // D^-1 C
  const MatrixXd denom = cm.transpose() * dc / n;
  const MatrixXd numr = dc.transpose() * v * dc;
  const MatrixXd delta = denom.fullPivLu().solve(numr);

  RaoScott out;
  out.rows = r;
  out.cols = c;
  out.pearson = x2;
  out.trace = delta.trace();
  out.trace_squares = (delta * delta).trace();
  out.df = static_cast<double>(inter);
  // Delta's eigenvalues solve numr x = lambda denom x, both symmetric.
  Eigen::GeneralizedSelfAdjointEigenSolver<MatrixXd> eigen(numr, denom);
  if (eigen.info() == Eigen::Success) {
    for (Eigen::Index i = 0; i < eigen.eigenvalues().size(); ++i)
      out.design_effects.push_back(eigen.eigenvalues()(i));
  } else {
    Eigen::EigenSolver<MatrixXd> general(delta, false);
    for (Eigen::Index i = 0; i < general.eigenvalues().size(); ++i)
      out.design_effects.push_back(general.eigenvalues()(i).real());
  }
  std::sort(out.design_effects.begin(), out.design_effects.end(), std::greater<>());

  if (!(out.trace > 0) || !(out.trace_squares > 0))
    return out;  // No variance: statistics stay 0, p 1.
  out.first_order = x2 / (out.trace / out.df);
  out.p_first_order = boost::math::cdf(boost::math::complement(
      boost::math::chi_squared_distribution<double>(out.df), out.first_order));
  out.f = x2 / out.trace;
  out.ndf = out.trace * out.trace / out.trace_squares;
  out.ddf = out.ndf * (n - 1);
  out.p_f = boost::math::cdf(
      boost::math::complement(boost::math::fisher_f_distribution<double>(out.ndf, out.ddf), out.f));
  return out;
}

WeightedTable weighted_table(const Counts& counts, const ColumnCounts& column,
                             const std::vector<std::size_t>& groups,
                             const std::vector<std::size_t>& values) {
  WeightedTable t;
  t.rows = groups.size();
  t.cols = values.size();
  t.weights.assign(t.rows * t.cols, 0.0);
  t.squares.assign(t.rows * t.cols, 0.0);
  t.respondents = counts.rows;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    Selection s;
    s.group = static_cast<std::ptrdiff_t>(groups[i]);
    for (std::size_t j = 0; j < values.size(); ++j) {
      const WeightSums ws = counts.weight(column, values[j], s);
      t.weights[i * t.cols + j] = ws.sum.value();
      t.squares[i * t.cols + j] = ws.squares.value();
    }
  }
  return t;
}

}  // namespace survey
