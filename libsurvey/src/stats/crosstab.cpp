// Cross-tabulation tests. See crosstab.hpp.
#include "survey/stats/crosstab.hpp"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/hypergeometric.hpp>
#include <cmath>

#include "survey/stats/proportion.hpp"

namespace survey {

double CrossCounts::row_total(std::size_t r) const {
  double s = 0;
  for (std::size_t c = 0; c < cols; ++c) s += at(r, c);
  return s;
}

double CrossCounts::col_total(std::size_t c) const {
  double s = 0;
  for (std::size_t r = 0; r < rows; ++r) s += at(r, c);
  return s;
}

double CrossCounts::total() const {
  double s = 0;
  for (double v : cells) s += v;
  return s;
}

ChiSquareTest pearson_chi_square(const CrossCounts& table) {
  ChiSquareTest t;
  std::vector<std::size_t> rows, cols;
  for (std::size_t r = 0; r < table.rows; ++r)
    if (table.row_total(r) > 0) rows.push_back(r);
  for (std::size_t c = 0; c < table.cols; ++c)
    if (table.col_total(c) > 0) cols.push_back(c);
  t.rows_used = rows.size();
  t.cols_used = cols.size();
  t.cells = rows.size() * cols.size();
  t.n = table.total();
  if (rows.size() < 2 || cols.size() < 2) return t;
  t.min_expected = INFINITY;
  for (std::size_t r : rows) {
    const double rt = table.row_total(r);
    for (std::size_t c : cols) {
      const double expected = rt * table.col_total(c) / t.n;
      const double d = table.at(r, c) - expected;
      t.statistic += d * d / expected;
      if (expected < 5) ++t.small_expected;
      t.min_expected = std::min(t.min_expected, expected);
    }
  }
  t.df = static_cast<double>((rows.size() - 1) * (cols.size() - 1));
  t.p = boost::math::cdf(boost::math::complement(boost::math::chi_squared(t.df), t.statistic));
  const double k = static_cast<double>(std::min(rows.size(), cols.size()) - 1);
  t.cramers_v = std::min(1.0, std::sqrt(t.statistic / (t.n * k)));
  t.valid = true;
  return t;
}

double fisher_exact_2x2(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
  // The first cell given the margins follows a hypergeometric distribution:
  // `draws` = first column, `defective` = first row, `total` = n.
  const std::uint64_t row1 = a + b, col1 = a + c, n = a + b + c + d;
  if (n == 0) return 1;
  boost::math::hypergeometric_distribution<double> h(
      static_cast<unsigned>(row1), static_cast<unsigned>(col1), static_cast<unsigned>(n));
  const std::uint64_t lo = col1 > n - row1 ? col1 - (n - row1) : 0;
  const std::uint64_t hi = std::min(row1, col1);
  std::vector<double> pdf;
  pdf.reserve(hi - lo + 1);
  for (std::uint64_t x = lo; x <= hi; ++x)
    pdf.push_back(boost::math::pdf(h, static_cast<unsigned>(x)));
  const double observed = pdf[a - lo] * (1 + 1e-7);
  double p = 0, all = 0;
  for (double v : pdf) {
    all += v;
    if (v <= observed) p += v;
  }
  return std::min(1.0, p / all);
}

std::vector<ColumnDifference> compare_column_proportions(const CrossCounts& table, double alpha) {
  std::vector<double> bases;
  for (std::size_t c = 0; c < table.cols; ++c) bases.push_back(table.col_total(c));
  return compare_column_proportions(table, bases, alpha);
}

std::vector<ColumnDifference> compare_column_proportions(const CrossCounts& table,
                                                         const std::vector<double>& bases,
                                                         double alpha) {
  std::vector<ColumnDifference> out;
  std::vector<std::size_t> cols;
  for (std::size_t c = 0; c < table.cols; ++c)
    if (bases[c] > 0) cols.push_back(c);
  const std::size_t comparisons = cols.size() * (cols.size() - (cols.empty() ? 0 : 1)) / 2;
  for (std::size_t r = 0; r < table.rows; ++r) {
    std::vector<ColumnDifference> row;
    for (std::size_t i = 0; i < cols.size(); ++i)
      for (std::size_t j = i + 1; j < cols.size(); ++j) {
        const std::size_t a = cols[i], b = cols[j];
        ProportionTest t = two_proportion_test(table.at(r, a), table.col_total(a), table.at(r, b),
                                               table.col_total(b));
        if (!t.valid || t.difference == 0) continue;
        const double p = bonferroni(t.p, comparisons);
        if (p >= alpha) continue;
        row.push_back(t.difference > 0 ? ColumnDifference{r, a, b, p}
                                       : ColumnDifference{r, b, a, p});
      }
    std::sort(row.begin(), row.end(), [](const ColumnDifference& x, const ColumnDifference& y) {
      return x.higher != y.higher ? x.higher < y.higher : x.lower < y.lower;
    });
    out.insert(out.end(), row.begin(), row.end());
  }
  return out;
}

}  // namespace survey
