// Raking by iterative proportional fitting on cross-classification cells.
// See raking.hpp.
#include "survey/stats/raking.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "survey/read/text.hpp"
#include "survey/read/values.hpp"

namespace survey {
namespace {

constexpr double kTotalsAgree = 1e-6;

std::string quoted(std::string_view s) {
  return fmt::format("\"{}\"", s);
}

// Where a category's weight sum lands when its factor is f: the cells'
// starting weights times their adjustment clamp(f * rest, lo, hi), as a
// piecewise linear function of f; returns the f that reaches `target`.
struct Piece {
  double base;  // Starting weight of the cell.
  double rest;  // Product of the other variables' factors.
};

double solve_factor(const std::vector<Piece>& pieces, double target, double lo, double hi) {
  // S(f) = sum base * clamp(f * rest, lo, hi). Events: a cell starts to grow
  // at f = lo / rest and stops at f = hi / rest.
  double value = 0, slope = 0;
  std::vector<std::pair<double, double>> events;  // (f, change of slope)
  for (const Piece& p : pieces) {
    if (p.base <= 0) continue;
    if (p.rest <= 0) {
      value += p.base * lo;
      continue;
    }
    const double start = lo / p.rest;
    value += p.base * lo;
    if (start <= 0)
      slope += p.base * p.rest;
    else
      events.emplace_back(start, p.base * p.rest);
    if (std::isfinite(hi)) events.emplace_back(hi / p.rest, -p.base * p.rest);
  }
  std::sort(events.begin(), events.end());
  double f = 0;
  if (value >= target) return 0.0;
  for (const auto& [at, change] : events) {
    const double reach = value + slope * (at - f);
    if (slope > 0 && reach >= target) return f + (target - value) / slope;
    value = reach;
    f = at;
    slope += change;
  }
  if (slope > 0) return f + (target - value) / slope;
  return f;  // Out of reach: every cell at its upper bound.
}

}  // namespace

double MarginVariable::total() const {
  double t = 0;
  for (const auto& c : targets) t += c.target;
  return t;
}

double kish_design_effect(double n, double sum, double sum_squares) {
  if (n <= 0 || sum <= 0) return 1.0;
  return n * sum_squares / (sum * sum);
}

Margins read_margins(const std::string& path, const std::vector<Selectable>& items,
                     const std::vector<std::string>& header) {
  ReaderOptions options;
  options.allow_empty = true;
  CsvReader reader(open_input(path), options);
  Margins margins;
  margins.file = reader.info().name;
  const auto& names = reader.header();
  auto find = [&](std::string_view want) -> std::size_t {
    for (std::size_t j = 0; j < names.size(); ++j)
      if (fold(names[j]) == want) return j;
    throw data_error(fmt::format("no \"{}\" column", want), margins.file,
                     reader.info().first_data_line - 1,
                     "a margins file has the columns variable,category,target (docs/formats.md)");
  };
  const std::size_t cv = find("variable"), cc = find("category"), ct = find("target");
  std::map<std::size_t, std::size_t> by_column;  // Data column -> index in variables.
  Row row;
  while (reader.next(row)) {
    const std::uint64_t line = row.line();
    const std::string name(trim(row[cv]));
    if (name.empty())
      throw data_error("no variable named", margins.file, line,
                       "give the question the targets are for");
    std::size_t item;
    try {
      item = select_item(items, header, name);
    } catch (const Error& e) {
      throw data_error(e.what(), margins.file, line, e.hint());
    }
    if (items[item].columns.size() != 1)
      throw data_error(fmt::format("{} spans {} columns", quoted(name), items[item].columns.size()),
                       margins.file, line, "rake on questions held in one column");
    const std::size_t column = items[item].columns[0];
    const std::string_view text = trim(row[ct]);
    std::optional<double> target = parse_number(text);
    if (!target || *target < 0)
      throw data_error(fmt::format("target {} of {} {} is not a number of 0 or more", quoted(text),
                                   name, quoted(row[cc])),
                       margins.file, line, "give a count or a share");
    auto [it, fresh] = by_column.emplace(column, margins.variables.size());
    if (fresh) margins.variables.push_back(MarginVariable{name, column, line, {}});
    MarginVariable& v = margins.variables[it->second];
    std::string category(row[cc]);
    for (const auto& t : v.targets)
      if (t.category == category)
        throw data_error(
            fmt::format("{} {} is given twice (also on line {})", v.name, quoted(category), t.line),
            margins.file, line, "give each category one target");
    v.targets.push_back(MarginTarget{std::move(category), *target == 0 ? 0.0 : *target, line});
  }
  if (margins.variables.empty())
    throw data_error("no margins", margins.file, 0,
                     "give one line per category: variable,category,target");
  margins.shares = std::all_of(
      margins.variables.begin(), margins.variables.end(),
      [](const MarginVariable& v) { return std::fabs(v.total() - 1.0) <= kTotalsAgree; });
  const MarginVariable& first = margins.variables.front();
  if (!(first.total() > 0))
    throw data_error(fmt::format("the targets of {} add up to 0", first.name), margins.file,
                     first.line, "give at least one category a positive target");
  for (const auto& v : margins.variables)
    if (std::fabs(v.total() - first.total()) > kTotalsAgree * first.total())
      throw data_error(
          fmt::format("the margins disagree on the total: {} adds up to {}, {} to {}", v.name,
                      fmt::format("{}", v.total()), first.name, fmt::format("{}", first.total())),
          margins.file, v.line,
          "every variable's targets must add up to the same population (or to 1, as shares)");
  return margins;
}

Raker::Raker(Margins margins, std::string data_name)
    : m_margins(std::move(margins)), m_data_name(std::move(data_name)) {
  m_variables.resize(m_margins.variables.size());
  for (std::size_t v = 0; v < m_variables.size(); ++v) {
    Variable& var = m_variables[v];
    std::map<std::string, int> folds;
    for (const auto& t : m_margins.variables[v].targets) ++folds[fold(t.category)];
    for (std::uint32_t k = 0; k < m_margins.variables[v].targets.size(); ++k) {
      const std::string& c = m_margins.variables[v].targets[k].category;
      var.exact.emplace(c, k);
      if (folds[fold(c)] == 1) var.loose.emplace(fold(c), k);
    }
  }
}

std::uint32_t Raker::category(std::size_t v, std::string_view value, std::uint64_t line) {
  Variable& var = m_variables[v];
  std::string key(value);
  if (auto it = var.seen.find(key); it != var.seen.end()) return it->second;
  std::uint32_t k;
  if (auto it = var.exact.find(key); it != var.exact.end()) {
    k = it->second;
  } else if (auto it2 = var.loose.find(fold(value)); it2 != var.loose.end()) {
    k = it2->second;
  } else {
    const MarginVariable& mv = m_margins.variables[v];
    if (value.empty())
      throw data_error(
          fmt::format("{}: no answer, and {} has no target for respondents without one", mv.name,
                      m_margins.file),
          m_data_name, line, fmt::format("add a line {},,<target> to {}", mv.name, m_margins.file));
    throw data_error(
        fmt::format("{} {} has no target in {}", mv.name, quoted(value), m_margins.file),
        m_data_name, line,
        fmt::format("add a line for it to {}, or recode it into a category that has one",
                    m_margins.file));
  }
  var.seen.emplace(std::move(key), k);
  return k;
}

std::size_t Raker::cell_of(const Row& row, bool adding) {
  m_key.clear();
  std::uint32_t categories[64];
  const std::size_t n = std::min<std::size_t>(m_variables.size(), 64);
  for (std::size_t v = 0; v < n; ++v) {
    const std::size_t column = m_margins.variables[v].column;
    std::string_view value = column < row.size() ? row[column] : std::string_view();
    categories[v] = category(v, value, row.line());
    m_key.append(reinterpret_cast<const char*>(&categories[v]), sizeof categories[v]);
  }
  auto it = m_cell_index.find(m_key);
  if (it != m_cell_index.end()) return it->second;
  if (!adding)
    throw data_error("a row that the first reading did not see", m_data_name, row.line(),
                     "the input changed while it was read");
  const std::size_t cell = m_cells.size();
  m_cell_index.emplace(m_key, cell);
  m_cells.emplace_back(categories, categories + n);
  m_base.push_back(0);
  m_base_squares.push_back(0);
  m_rows.push_back(0);
  m_positive.push_back(0);
  m_min_base.push_back(std::numeric_limits<double>::infinity());
  m_max_base.push_back(0);
  return cell;
}

void Raker::add(const Row& row, double base) {
  const std::size_t cell = cell_of(row, true);
  m_base[cell] += base;
  m_base_squares[cell] += base * base;
  ++m_rows[cell];
  if (base > 0) {
    ++m_positive[cell];
    m_min_base[cell] = std::min(m_min_base[cell], base);
    m_max_base[cell] = std::max(m_max_base[cell], base);
  }
}

RakingReport Raker::solve(const RakingOptions& options) {
  const std::size_t nv = m_margins.variables.size(), nc = m_cells.size();
  RakingReport report;
  report.cells = nc;
  for (auto r : m_rows) report.rows += r;
  double base_total = 0;
  for (double b : m_base) base_total += b;

  // Targets: shares become counts of the starting weight; each variable is
  // scaled to the first's total (they agree to 1e-6 already).
  std::vector<std::vector<double>> targets(nv);
  const double total = m_margins.shares ? base_total : m_margins.variables.front().total();
  for (std::size_t v = 0; v < nv; ++v) {
    const double scale = total / m_margins.variables[v].total();
    for (const auto& t : m_margins.variables[v].targets) targets[v].push_back(t.target * scale);
  }
  report.total = total;

  // Every category with a target needs respondents of positive weight.
  std::vector<std::vector<std::vector<std::size_t>>> members(nv);  // [variable][category] -> cells
  for (std::size_t v = 0; v < nv; ++v) members[v].resize(targets[v].size());
  for (std::size_t c = 0; c < nc; ++c)
    for (std::size_t v = 0; v < nv; ++v) members[v][m_cells[c][v]].push_back(c);
  for (std::size_t v = 0; v < nv; ++v) {
    const MarginVariable& mv = m_margins.variables[v];
    for (std::size_t k = 0; k < targets[v].size(); ++k) {
      if (targets[v][k] <= 0) continue;
      double base = 0;
      std::uint64_t rows = 0;
      for (std::size_t c : members[v][k]) {
        base += m_base[c];
        rows += m_rows[c];
      }
      if (base > 0) continue;
      const MarginTarget& t = mv.targets[k];
      std::string who =
          t.category.empty() ? std::string("respondents without an answer") : quoted(t.category);
      if (rows == 0)
        throw data_error(
            fmt::format("{} {} has a target but no respondent in {}", mv.name, who, m_data_name),
            m_margins.file, t.line,
            "remove it from the margins, or merge it with a category that has respondents");
      throw data_error(
          fmt::format("{} {} has a target but its {} respondent{} all have weight 0", mv.name, who,
                      rows, rows == 1 ? "" : "s"),
          m_margins.file, t.line,
          "remove it from the margins, or merge it with a category that has respondents");
    }
  }

  // Bounds on the adjustment.
  double lo = 0, hi = std::numeric_limits<double>::infinity();
  if (options.ratio && base_total > 0) {
    const double mean = total / base_total;
    lo = mean / *options.ratio;
    hi = mean * *options.ratio;
  }
  if (options.min) lo = *options.min;
  if (options.max) hi = *options.max;
  const bool bounded = lo > 0 || std::isfinite(hi);
  if (bounded) {
    report.min_bound = lo;
    if (std::isfinite(hi)) report.max_bound = hi;
  }

  std::vector<std::vector<double>> factors(nv);
  for (std::size_t v = 0; v < nv; ++v) factors[v].assign(targets[v].size(), 1.0);
  m_adjust.assign(nc, 1.0);
  auto adjustment = [&](std::size_t c) {
    double g = 1.0;
    for (std::size_t v = 0; v < nv; ++v) g *= factors[v][m_cells[c][v]];
    return bounded ? std::clamp(g, lo, hi) : g;
  };
  auto gap = [&] {
    double worst = 0;
    for (std::size_t v = 0; v < nv; ++v)
      for (std::size_t k = 0; k < targets[v].size(); ++k) {
        double sum = 0;
        for (std::size_t c : members[v][k]) sum += m_base[c] * m_adjust[c];
        worst = std::max(worst, std::fabs(sum - targets[v][k]) / total);
      }
    return worst;
  };

  std::vector<Piece> pieces;
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    for (std::size_t v = 0; v < nv; ++v) {
      for (std::size_t k = 0; k < targets[v].size(); ++k) {
        const auto& cells = members[v][k];
        if (cells.empty()) continue;
        if (targets[v][k] <= 0) {
          factors[v][k] = 0;
          continue;
        }
        pieces.clear();
        double reach = 0;
        for (std::size_t c : cells) {
          double rest = 1.0;
          for (std::size_t u = 0; u < nv; ++u)
            if (u != v) rest *= factors[u][m_cells[c][u]];
          pieces.push_back(Piece{m_base[c], rest});
          reach += m_base[c] * rest;
        }
        if (!bounded)
          factors[v][k] = reach > 0 ? targets[v][k] / reach : 0.0;
        else
          factors[v][k] = solve_factor(pieces, targets[v][k], lo, hi);
      }
    }
    for (std::size_t c = 0; c < nc; ++c) m_adjust[c] = adjustment(c);
    report.iterations = iteration;
    report.gap = gap();
    if (report.gap <= options.tolerance) {
      report.converged = true;
      break;
    }
  }

  // The weights' summary over the rows of positive weight.
  double sum = 0, squares = 0, n = 0;
  report.min_weight = std::numeric_limits<double>::infinity();
  report.max_weight = 0;
  for (std::size_t c = 0; c < nc; ++c) {
    const double g = m_adjust[c];
    sum += m_base[c] * g;
    squares += m_base_squares[c] * g * g;
    if (g <= 0 || m_positive[c] == 0) continue;
    n += static_cast<double>(m_positive[c]);
    report.min_weight = std::min(report.min_weight, m_min_base[c] * g);
    report.max_weight = std::max(report.max_weight, m_max_base[c] * g);
    if (bounded && (g <= lo * (1 + 1e-12) || g >= hi * (1 - 1e-12)))
      report.trimmed_rows += m_positive[c];
  }
  if (n == 0) report.min_weight = 0;
  report.design_effect = kish_design_effect(n, sum, squares);
  report.effective_base = squares > 0 ? sum * sum / squares : 0;
  return report;
}

double Raker::weight(const Row& row, double base) {
  return base * m_adjust[cell_of(row, false)];
}

}  // namespace survey
