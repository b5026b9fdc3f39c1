// Cross-tabulations. See xtab.hpp.
#include "survey/stats/xtab.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace survey {
namespace {

bool is_cell_kind(std::string_view k) {
  return k == kind::kAnswer || k == kind::kOption || k == kind::kOther;
}

std::int64_t whole(double v) {
  return static_cast<std::int64_t>(std::llround(v));
}

}  // namespace

std::optional<PercentOf> parse_percent_of(std::string_view name) noexcept {
  if (name == "col" || name == "column") return PercentOf::Column;
  if (name == "row") return PercentOf::Row;
  if (name == "total") return PercentOf::Total;
  if (name == "none") return PercentOf::None;
  return std::nullopt;
}

double Xtab::n() const {
  double s = 0;
  for (double b : col_bases) s += b;
  return s;
}

double Xtab::weighted_n() const {
  double s = 0;
  for (double b : weighted_col_bases) s += b;
  return s;
}

double Xtab::n_squares() const {
  double s = 0;
  for (double b : col_base_squares) s += b;
  return s;
}

double Xtab::effective_base(std::size_t c) const {
  const double w = weighted_col_bases.at(c), s = col_base_squares.at(c);
  return s > 0 ? w * w / s : 0.0;
}

double Xtab::effective_n() const {
  const double w = weighted_n(), s = n_squares();
  return s > 0 ? w * w / s : 0.0;
}

Xtab build_xtab(const std::vector<SummaryRow>& rows, const GroupOrder& groups, const Question* by,
                bool weighted) {
  Xtab t;
  t.is_weighted = weighted;
  t.by = groups.by;
  if (by) t.by_label = by->label;
  std::map<std::string, std::size_t> row_index;
  std::map<std::string, std::size_t> col_index;
  std::vector<std::ptrdiff_t> block_col;  // Per group of `groups`: its column, or -1 when left out.
  for (const auto& label : groups.labels) {
    const bool no_answer = label.empty() || (by && is_missing_answer(*by, label));
    if (no_answer || col_index.count(label)) {
      block_col.push_back(-1);
      continue;
    }
    col_index.emplace(label, t.col_labels.size());
    block_col.push_back(static_cast<std::ptrdiff_t>(t.col_labels.size()));
    t.col_labels.push_back(label);
  }
  for (const auto& r : rows) {
    if (t.question.empty()) {
      t.question = r.question;
      t.label = r.label;
    }
    if (r.by.empty() && is_cell_kind(r.kind) && !row_index.count(r.answer)) {
      row_index.emplace(r.answer, t.row_labels.size());
      t.row_labels.push_back(r.answer);
      t.row_kinds.push_back(r.kind);
      if (r.kind == kind::kOption) t.multi = true;
    }
  }
  t.counts = CrossCounts(t.row_labels.size(), t.col_labels.size());
  t.col_bases.assign(t.col_labels.size(), 0.0);
  if (weighted) {
    t.weighted = t.squares = t.counts;
    t.weighted_col_bases.assign(t.col_labels.size(), 0.0);
    t.col_base_squares.assign(t.col_labels.size(), 0.0);
    for (const auto& r : rows)
      if (r.by.empty() && r.kind == kind::kEffectiveBase) t.weight_name = r.answer;
  }
  std::map<std::string, std::size_t> group_of;
  for (std::size_t k = 0; k < groups.labels.size(); ++k) group_of.emplace(groups.labels[k], k);
  std::vector<bool> base_seen(groups.labels.size(), false);
  for (const auto& r : rows) {
    if (r.by.empty() || !is_cell_kind(r.kind)) continue;
    auto g = group_of.find(r.group);
    if (g == group_of.end()) continue;
    const std::ptrdiff_t c = block_col[g->second];
    if (!base_seen[g->second]) {
      base_seen[g->second] = true;
      if (c >= 0) {
        t.col_bases[static_cast<std::size_t>(c)] = static_cast<double>(r.base);
        if (weighted) {
          t.weighted_col_bases[static_cast<std::size_t>(c)] = r.weighted_base;
          t.col_base_squares[static_cast<std::size_t>(c)] = r.weighted_base_squares;
        }
      } else {
        t.missing_col += r.base;
      }
    }
    if (c < 0) continue;
    auto ri = row_index.find(r.answer);
    if (ri == row_index.end()) {
      // An answer only this group gave cannot miss from the overall rows; be safe anyway.
      row_index.emplace(r.answer, t.row_labels.size());
      t.row_labels.push_back(r.answer);
      t.row_kinds.push_back(r.kind);
      auto grow = [&](CrossCounts& cells) {
        if (cells.cells.empty() && cells.rows == 0) return;
        CrossCounts grown(t.row_labels.size(), t.col_labels.size());
        for (std::size_t i = 0; i + 1 < t.row_labels.size(); ++i)
          for (std::size_t j = 0; j < t.col_labels.size(); ++j) grown.at(i, j) = cells.at(i, j);
        cells = std::move(grown);
      };
      grow(t.counts);
      if (weighted) {
        grow(t.weighted);
        grow(t.squares);
      }
      ri = row_index.find(r.answer);
    }
    t.counts.at(ri->second, static_cast<std::size_t>(c)) += r.count;
    if (weighted) {
      t.weighted.at(ri->second, static_cast<std::size_t>(c)) += r.weighted_count;
      t.squares.at(ri->second, static_cast<std::size_t>(c)) += r.weighted_squares;
    }
  }
  return t;
}

namespace {

XtabTests test_weighted_xtab(const Xtab& table, const XtabOptions& options) {
  XtabTests tests;
  const std::size_t R = table.weighted.rows, C = table.weighted.cols;
  if (!table.multi) {
    WeightedTable wt;
    wt.rows = R;
    wt.cols = C;
    wt.weights = table.weighted.cells;
    wt.squares = table.squares.cells;
    wt.respondents = table.design_rows;
    tests.rao_scott = rao_scott(wt);
    if (tests.rao_scott) {
      const RaoScott& rs = *tests.rao_scott;
      const double m = static_cast<double>(std::min(rs.rows, rs.cols)) - 1;
      const double n = static_cast<double>(table.design_rows);
      tests.weighted_cramers_v = m > 0 && n > 0 ? std::sqrt(rs.pearson / n / m) : 0.0;
      tests.fisher_left_out = rs.rows == 2 && rs.cols == 2;
    }
  }
  if (options.letters) {
    // Each column's proportions on its effective base (Kish): the z-tests
    // of the unweighted case with n* = (sum w)^2 / sum w^2 respondents.
    CrossCounts effective(R, C);
    std::vector<double> bases(C, 0.0);
    for (std::size_t j = 0; j < C; ++j) {
      const double w = table.weighted_col_bases[j];
      bases[j] = table.effective_base(j);
      for (std::size_t i = 0; i < R; ++i)
        effective.at(i, j) = w > 0 ? table.weighted.at(i, j) / w * bases[j] : 0.0;
    }
    tests.differences = compare_column_proportions(effective, bases, options.alpha);
  }
  return tests;
}

}  // namespace

XtabTests test_xtab(const Xtab& table, const XtabOptions& options) {
  if (table.is_weighted) return test_weighted_xtab(table, options);
  XtabTests tests;
  if (!table.multi) {
    tests.chi_square = pearson_chi_square(table.counts);
    const ChiSquareTest& chi = *tests.chi_square;
    if (chi.valid && chi.rows_used == 2 && chi.cols_used == 2) {
      std::vector<std::size_t> rows, cols;
      for (std::size_t r = 0; r < table.counts.rows; ++r)
        if (table.counts.row_total(r) > 0) rows.push_back(r);
      for (std::size_t c = 0; c < table.counts.cols; ++c)
        if (table.counts.col_total(c) > 0) cols.push_back(c);
      auto cell = [&](std::size_t i, std::size_t j) {
        return static_cast<std::uint64_t>(whole(table.counts.at(rows[i], cols[j])));
      };
      tests.fisher_p = fisher_exact_2x2(cell(0, 0), cell(0, 1), cell(1, 0), cell(1, 1));
    }
  }
  if (options.letters)
    tests.differences = compare_column_proportions(table.counts, table.col_bases, options.alpha);
  return tests;
}

std::string column_letter(std::size_t index) {
  std::string s;
  ++index;
  while (index > 0) {
    --index;
    s.insert(s.begin(), static_cast<char>('A' + index % 26));
    index /= 26;
  }
  return s;
}

std::vector<std::vector<std::string>> cell_letters(const Xtab& table, const XtabTests& tests) {
  std::vector<std::vector<std::string>> out(table.row_labels.size(),
                                            std::vector<std::string>(table.col_labels.size()));
  for (const auto& d : tests.differences) out[d.row][d.higher] += column_letter(d.lower);
  return out;
}

std::string statistic_text(double value) {
  if (!std::isfinite(value)) return "";
  if (value == 0) return "0";
  return fmt::format("{:.10g}", value);
}

std::vector<SummaryRow> xtab_rows(const Xtab& t, const XtabTests& tests, const XtabOptions& o) {
  std::vector<SummaryRow> out;
  const std::uint64_t n = static_cast<std::uint64_t>(whole(t.n()));
  const bool weighted = t.is_weighted;
  const double wn = weighted ? t.weighted_n() : 0.0, sn = weighted ? t.n_squares() : 0.0;
  // Weighted sums of a row over the columns, and of its squares.
  auto wrow = [&](std::size_t i, const CrossCounts& cells) {
    double s = 0;
    for (std::size_t j = 0; j < t.col_labels.size(); ++j) s += cells.at(i, j);
    return s;
  };
  // Weighted sums (count, base) and squared ones (count, base) of a row.
  struct Sums {
    double count = 0, base = 0, count_squares = 0, base_squares = 0;
  };
  auto push = [&](std::string by, std::string group, std::string answer, double count,
                  std::uint64_t base, std::string_view k, bool share, const Sums& w) {
    SummaryRow r{t.question, t.label, std::move(by), std::move(group), std::move(answer), count,
                 base,       "",      std::string(k)};
    if (weighted) {
      r.weighted_count = w.count;
      r.weighted_base = w.base;
      r.weighted_squares = w.count_squares;
      r.weighted_base_squares = w.base_squares;
    }
    if (share && o.percent != PercentOf::None)
      r.percent = weighted ? weighted_percent_text(w.count, w.base, o.decimals)
                           : percent_text(whole(count), base, o.decimals);
    out.push_back(std::move(r));
  };
  // The total column.
  for (std::size_t i = 0; i < t.row_labels.size(); ++i) {
    const double total = t.row_total(i);
    const bool of_row = o.percent == PercentOf::Row;
    const std::uint64_t base = of_row ? static_cast<std::uint64_t>(whole(total)) : n;
    Sums w;
    if (weighted) {
      w.count = wrow(i, t.weighted);
      w.count_squares = wrow(i, t.squares);
      w.base = of_row ? w.count : wn;
      w.base_squares = of_row ? w.count_squares : sn;
    }
    push("", "", t.row_labels[i], total, base, t.row_kinds[i], true, w);
  }
  push("", "", "", static_cast<double>(n), n, kind::kTotal, true, Sums{wn, wn, sn, sn});
  // Each column.
  for (std::size_t j = 0; j < t.col_labels.size(); ++j) {
    const auto col_base = static_cast<std::uint64_t>(whole(t.col_bases[j]));
    const double wcol = weighted ? t.weighted_col_bases[j] : 0.0;
    const double scol = weighted ? t.col_base_squares[j] : 0.0;
    for (std::size_t i = 0; i < t.row_labels.size(); ++i) {
      std::uint64_t base = col_base;
      Sums w;
      if (weighted) {
        w.count = t.weighted.at(i, j);
        w.count_squares = t.squares.at(i, j);
        w.base = wcol;
        w.base_squares = scol;
      }
      if (o.percent == PercentOf::Row) {
        base = static_cast<std::uint64_t>(whole(t.row_total(i)));
        if (weighted) {
          w.base = wrow(i, t.weighted);
          w.base_squares = wrow(i, t.squares);
        }
      }
      if (o.percent == PercentOf::Total) {
        base = n;
        w.base = wn;
        w.base_squares = sn;
      }
      push(t.by, t.col_labels[j], t.row_labels[i], t.counts.at(i, j), base, t.row_kinds[i], true,
           w);
    }
    const bool own = o.percent == PercentOf::Column || o.percent == PercentOf::None;
    push(t.by, t.col_labels[j], "", t.col_bases[j], own ? col_base : n, kind::kTotal, true,
         Sums{wcol, own ? wcol : wn, scol, own ? scol : sn});
  }
  if (o.intervals) {
    IntervalOptions io = *o.intervals;
    io.weighted = weighted;
    io.design_rows = t.design_rows;
    add_intervals(out, io);
  }
  if (weighted) {
    // Kish's effective bases: the table's, then each column's.
    auto effective = [&](std::string by, std::string group, double count, double w, double sq) {
      const auto c = static_cast<std::uint64_t>(whole(count));
      SummaryRow r{t.question, t.label, std::move(by), std::move(group), t.weight_name,
                   count,      c,       sq > 0 ? weighted_ratio_text(w * w, sq, o.decimals) : "",
                   std::string(kind::kEffectiveBase)};
      r.weighted_count = sq;
      r.weighted_base = w;
      out.push_back(std::move(r));
    };
    effective("", "", t.n(), wn, sn);
    for (std::size_t j = 0; j < t.col_labels.size(); ++j)
      effective(t.by, t.col_labels[j], t.col_bases[j], t.weighted_col_bases[j],
                t.col_base_squares[j]);
  }
  // Statistics.
  auto stat = [&](std::string_view k, double value, double count, std::uint64_t base) {
    out.push_back(SummaryRow{t.question, t.label, t.by, "", "", count, base, statistic_text(value),
                             std::string(k)});
    if (weighted) out.back().weighted_count = out.back().weighted_base = wn;
  };
  if (tests.rao_scott) {
    const RaoScott& rs = *tests.rao_scott;
    const double tested = t.n();
    const auto tested_n = static_cast<std::uint64_t>(whole(tested));
    stat(kind::kRsPearson, rs.pearson, tested, tested_n);
    stat(kind::kRsDeff, rs.df > 0 ? rs.trace / rs.df : NAN, tested, tested_n);
    stat(kind::kRsF, rs.f, tested, tested_n);
    stat(kind::kRsNdf, rs.ndf, tested, tested_n);
    stat(kind::kRsDdf, rs.ddf, tested, tested_n);
    stat(kind::kRsP, rs.p_f, tested, tested_n);
    stat(kind::kRsChi2, rs.first_order, tested, tested_n);
    stat(kind::kRsChi2Df, rs.df, tested, tested_n);
    stat(kind::kRsChi2P, rs.p_first_order, tested, tested_n);
    stat(kind::kCramersV, tests.weighted_cramers_v, tested, tested_n);
  }
  if (tests.chi_square && tests.chi_square->valid) {
    const ChiSquareTest& c = *tests.chi_square;
    const double tested = c.n;
    const auto tested_n = static_cast<std::uint64_t>(whole(tested));
    stat(kind::kChi2, c.statistic, tested, tested_n);
    stat(kind::kChi2Df, c.df, tested, tested_n);
    stat(kind::kChi2P, c.p, tested, tested_n);
    stat(kind::kCramersV, c.cramers_v, tested, tested_n);
    out.push_back(SummaryRow{
        t.question, t.label, t.by, "", "", static_cast<double>(c.small_expected), c.cells,
        percent_text(static_cast<std::int64_t>(c.small_expected), c.cells, o.decimals),
        std::string(kind::kSmallExpected)});
    if (tests.fisher_p) stat(kind::kFisherP, *tests.fisher_p, tested, tested_n);
  }
  if (o.letters) {
    for (std::size_t j = 0; j < t.col_labels.size(); ++j)
    {
      out.push_back(SummaryRow{t.question, t.label, t.by, t.col_labels[j], column_letter(j),
                               t.col_bases[j], n, "", std::string(kind::kKey)});
      if (weighted) {
        out.back().weighted_count = t.weighted_col_bases[j];
        out.back().weighted_base = wn;
      }
    }
    const auto letters = cell_letters(t, tests);
    for (std::size_t j = 0; j < t.col_labels.size(); ++j)
      for (std::size_t i = 0; i < t.row_labels.size(); ++i)
        if (!letters[i][j].empty()) {
          out.push_back(SummaryRow{t.question, t.label, t.by, t.col_labels[j], t.row_labels[i],
                                   t.counts.at(i, j),
                                   static_cast<std::uint64_t>(whole(t.col_bases[j])), letters[i][j],
                                   std::string(kind::kLetters)});
          if (weighted) {
            out.back().weighted_count = t.weighted.at(i, j);
            out.back().weighted_base = t.weighted_col_bases[j];
          }
        }
  }
  return out;
}

}  // namespace survey
