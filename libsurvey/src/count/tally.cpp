// Streaming answer counts. See tally.hpp.
#include "survey/count/tally.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <unordered_map>

#include "survey/read/values.hpp"

namespace survey {
namespace {

constexpr std::uint8_t kDecodeFlags = kFieldEscaped | kFieldLineBreak | kFieldStrayQuote;

bool blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t') return false;
  return true;
}

inline void bump(std::vector<std::uint64_t>& v, std::size_t i) {
  if (i >= v.size()) v.resize(i + 1, 0);
  ++v[i];
}

inline void weigh(std::vector<WeightSums>& v, std::size_t i, double w) {
  if (i >= v.size()) v.resize(i + 1);
  v[i].add(w);
}

// Adds src[raw cell] into dst[cell_map[raw cell]].
void add_mapped(std::vector<WeightSums>& dst, const std::vector<WeightSums>& src,
                const std::vector<std::size_t>& cell_map) {
  for (std::size_t rc = 0; rc < src.size(); ++rc) dst[cell_map[rc]].add(src[rc]);
}

}  // namespace

double parse_weight(std::string_view text, std::string_view column_name, const std::string& file,
                    std::uint64_t line) {
  std::optional<double> w = parse_number(text);
  const std::string hint = "give every respondent a weight of 0 or more";
  if (!w) {
    if (std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; }))
      throw data_error(fmt::format("no weight in column \"{}\"", column_name), file, line, hint);
    throw data_error(
        fmt::format("weight \"{}\" in column \"{}\" is not a number", text, column_name), file,
        line, hint);
  }
  if (*w < 0)
    throw data_error(fmt::format("negative weight \"{}\" in column \"{}\"", text, column_name),
                     file, line, hint);
  return *w == 0 ? 0.0 : *w;  // -0 reads as 0.
}

double row_weight(const RawRow& row, std::size_t column, CsvReader& reader) {
  std::string_view raw = row.raw(column);
  const std::uint8_t flags = row.flags(column);
  bool plain = !(flags & kDecodeFlags);
  for (char c : raw)
    if (static_cast<unsigned char>(c) >= 0x80) plain = false;
  if (plain) {
    // The common case, a plain ASCII number: no copy.
    if (std::optional<double> w = parse_number(raw); w && *w >= 0) return *w == 0 ? 0.0 : *w;
    return parse_weight(raw, reader.header()[column], reader.info().name, row.line());
  }
  std::string decoded;
  reader.decode(decoded, raw, flags, row.line(), column);
  return parse_weight(decoded, reader.header()[column], reader.info().name, row.line());
}

std::uint64_t ColumnCounts::total(std::size_t value) const {
  std::uint64_t t = 0;
  for (auto c : counts[value]) t += c;
  return t;
}

const ColumnCounts* Counts::find(std::size_t column) const {
  for (const auto& c : columns)
    if (c.column == column) return &c;
  return nullptr;
}

bool Counts::selected(const Selection& s, std::size_t cell) const {
  if (s.group == Selection::kNobody) return false;
  const Cell& c = cells[cell];
  if (s.group >= 0 && c.group != static_cast<std::size_t>(s.group)) return false;
  if (s.condition >= 0) {
    bool satisfied = (c.mask >> s.condition) & 1u;
    if (satisfied == s.negate) return false;
  }
  return true;
}

std::uint64_t Counts::count(const ColumnCounts& c, std::size_t value, const Selection& s) const {
  std::uint64_t n = 0;
  const auto& per_cell = c.counts[value];
  for (std::size_t k = 0; k < per_cell.size(); ++k)
    if (per_cell[k] && selected(s, k)) n += per_cell[k];
  return n;
}

std::uint64_t Counts::overflow(const ColumnCounts& c, const Selection& s) const {
  std::uint64_t n = 0;
  for (std::size_t k = 0; k < c.overflow.size(); ++k)
    if (selected(s, k)) n += c.overflow[k];
  return n;
}

std::uint64_t Counts::rows_in(const Selection& s) const {
  std::uint64_t n = 0;
  for (std::size_t k = 0; k < cells.size(); ++k)
    if (selected(s, k)) n += cell_rows[k];
  return n;
}

namespace {

// The option group holding every one of `columns` (among its first 64), and
// their bits in its fill patterns.
std::optional<std::pair<std::size_t, std::uint64_t>> option_mask(
    const std::vector<std::vector<std::size_t>>& option_groups,
    const std::vector<std::size_t>& columns) {
  for (std::size_t k = 0; k < option_groups.size(); ++k) {
    const auto& og = option_groups[k];
    std::uint64_t mask = 0;
    bool inside = true;
    for (std::size_t c : columns) {
      auto it = std::find(og.begin(), og.end(), c);
      std::size_t bit = static_cast<std::size_t>(it - og.begin());
      if (it == og.end() || bit >= 64) {
        inside = false;
        break;
      }
      mask |= std::uint64_t{1} << bit;
    }
    if (inside) return std::make_pair(k, mask);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> Counts::answered_any(const std::vector<std::size_t>& columns,
                                                  const Selection& s) const {
  auto found = option_mask(option_groups, columns);
  if (!found) return std::nullopt;
  const auto [k, mask] = *found;
  std::uint64_t n = 0;
  for (const auto& [pattern, per_cell] : patterns[k]) {
    if (!(pattern & mask)) continue;
    for (std::size_t cell = 0; cell < per_cell.size(); ++cell)
      if (selected(s, cell)) n += per_cell[cell];
  }
  return n;
}

WeightSums Counts::weight(const ColumnCounts& c, std::size_t value, const Selection& s) const {
  WeightSums w;
  if (value >= c.weights.size()) return w;
  const auto& per_cell = c.weights[value];
  for (std::size_t k = 0; k < per_cell.size(); ++k)
    if (selected(s, k)) w.add(per_cell[k]);
  return w;
}

WeightSums Counts::overflow_weight(const ColumnCounts& c, const Selection& s) const {
  WeightSums w;
  for (std::size_t k = 0; k < c.overflow_weights.size(); ++k)
    if (selected(s, k)) w.add(c.overflow_weights[k]);
  return w;
}

WeightSums Counts::weight_in(const Selection& s) const {
  WeightSums w;
  for (std::size_t k = 0; k < cell_weights.size(); ++k)
    if (selected(s, k)) w.add(cell_weights[k]);
  return w;
}

std::optional<WeightSums> Counts::answered_any_weight(const std::vector<std::size_t>& columns,
                                                      const Selection& s, bool none) const {
  auto found = option_mask(option_groups, columns);
  if (!found) return std::nullopt;
  const auto [k, mask] = *found;
  WeightSums w;
  if (k >= pattern_weights.size()) return w;
  for (std::size_t p = 0; p < patterns[k].size() && p < pattern_weights[k].size(); ++p) {
    if (!(patterns[k][p].first & mask) != none) continue;
    const auto& per_cell = pattern_weights[k][p];
    for (std::size_t cell = 0; cell < per_cell.size(); ++cell)
      if (selected(s, cell)) w.add(per_cell[cell]);
  }
  return w;
}

Tally::Tally(std::vector<std::size_t> columns, std::optional<std::size_t> by,
             std::vector<std::vector<std::size_t>> option_groups, std::size_t max_distinct)
    : m_by(by), m_option_groups(std::move(option_groups)) {
  for (std::size_t c : columns)
    m_tracked.push_back(Tracked{c, Interner(max_distinct), Interner::kFull, {}, {}, {}, {}, {}});
  m_patterns.resize(m_option_groups.size());
  m_pattern_counts.resize(m_option_groups.size());
  m_pattern_weights.resize(m_option_groups.size());
}

std::uint32_t Tally::cell_of(std::uint32_t group, std::uint32_t mask, std::uint64_t line) {
  if (group >= m_group_cells.size()) {
    m_group_cells.resize(group + 1);
    m_group_line.resize(group + 1, line);
  }
  for (const auto& [m, cell] : m_group_cells[group])
    if (m == mask) return cell;
  std::uint32_t cell = static_cast<std::uint32_t>(m_cells.size());
  m_cells.push_back(Cell{group, mask});
  m_cell_rows.push_back(0);
  m_group_cells[group].emplace_back(mask, cell);
  return cell;
}

template <bool kWeighted>
void Tally::add_row(const RawRow& row, std::uint32_t conditions, double weight) {
  std::uint32_t group = m_by ? m_groups.intern(row.raw(*m_by), row.flags(*m_by) & kDecodeFlags) : 0;
  const std::uint32_t cell = cell_of(group, conditions, row.line());
  ++m_cell_rows[cell];
  ++m_rows;
  if constexpr (kWeighted) {
    m_weighted = true;
    weigh(m_cell_weights, cell, weight);
    m_all_weights.add(weight);
  }
  m_fresh.clear();
  for (Tracked& t : m_tracked) {
    std::string_view raw = row.raw(t.column);
    std::uint32_t v;
    if (t.interner.full()) {
      // Past the limit the column holds ids, dates or free text: only empty
      // versus not matters, and hashing every value would cost for nothing.
      if (raw.empty() && t.empty != Interner::kFull) {
        v = t.empty;
      } else {
        bump(t.overflow, cell);
        if constexpr (kWeighted) weigh(t.overflow_weights, cell, weight);
        m_fresh.push_back(t.column);
        continue;
      }
    } else {
      v = t.interner.intern(raw, row.flags(t.column) & kDecodeFlags);
      if (v == Interner::kFull) {
        bump(t.overflow, cell);
        if constexpr (kWeighted) weigh(t.overflow_weights, cell, weight);
        m_fresh.push_back(t.column);
        continue;
      }
      if (raw.empty() && !(row.flags(t.column) & kDecodeFlags)) t.empty = v;
    }
    if (v >= t.counts.size()) {
      m_fresh.push_back(t.column);
      t.counts.resize(v + 1);
      t.first_line.resize(v + 1, row.line());
    }
    bump(t.counts[v], cell);
    if constexpr (kWeighted) {
      if (v >= t.weights.size()) t.weights.resize(v + 1);
      weigh(t.weights[v], cell, weight);
    }
  }
  for (std::size_t k = 0; k < m_option_groups.size(); ++k) {
    std::uint64_t mask = 0;
    const auto& og = m_option_groups[k];
    for (std::size_t b = 0; b < og.size() && b < 64; ++b)
      if (!blank(row.raw(og[b]))) mask |= std::uint64_t{1} << b;
    std::uint32_t m = m_patterns[k].intern(std::string_view(reinterpret_cast<const char*>(&mask), sizeof mask));
    auto& counts = m_pattern_counts[k];
    if (m >= counts.size()) counts.resize(m + 1);
    bump(counts[m], cell);
    if constexpr (kWeighted) {
      auto& weights = m_pattern_weights[k];
      if (m >= weights.size()) weights.resize(m + 1);
      weigh(weights[m], cell, weight);
    }
  }
}

template void Tally::add_row<false>(const RawRow&, std::uint32_t, double);
template void Tally::add_row<true>(const RawRow&, std::uint32_t, double);

void Tally::shift_lines(std::uint64_t offset) {
  for (auto& l : m_group_line) l += offset;
  for (Tracked& t : m_tracked)
    for (auto& l : t.first_line) l += offset;
}

Counts Tally::finish(CsvReader& reader) {
  Counts out;
  out.rows = m_rows;
  out.weighted = m_weighted;
  out.all_weights = m_all_weights;
  // Groups: decode and merge those that decode alike.
  std::vector<std::size_t> group_map;
  std::unordered_map<std::string, std::size_t> group_index;
  std::string text;
  std::size_t raw_groups = m_by ? m_groups.size() : 1;
  for (std::size_t i = 0; i < raw_groups; ++i) {
    text.clear();
    if (m_by) reader.decode(text, m_groups.key(static_cast<std::uint32_t>(i)), m_groups.tag(static_cast<std::uint32_t>(i)),
                            i < m_group_line.size() ? m_group_line[i] : 0, *m_by);
    auto [it, fresh] = group_index.emplace(text, out.groups.size());
    if (fresh) {
      out.groups.push_back(text);
      out.group_rows.push_back(0);
    }
    group_map.push_back(it->second);
  }
  // Cells: (decoded group, mask).
  std::vector<std::size_t> cell_map;
  std::map<std::pair<std::size_t, std::uint32_t>, std::size_t> cell_index;
  for (std::size_t k = 0; k < m_cells.size(); ++k) {
    std::size_t g = group_map[m_cells[k].group];
    auto [it, fresh] = cell_index.emplace(std::make_pair(g, m_cells[k].mask), out.cells.size());
    if (fresh) {
      out.cells.push_back(Cell{g, m_cells[k].mask});
      out.cell_rows.push_back(0);
    }
    cell_map.push_back(it->second);
    out.cell_rows[it->second] += m_cell_rows[k];
    out.group_rows[g] += m_cell_rows[k];
  }
  const std::size_t cells = out.cells.size();
  if (m_weighted) {
    out.cell_weights.resize(cells);
    add_mapped(out.cell_weights, m_cell_weights, cell_map);
  }
  for (Tracked& t : m_tracked) {
    ColumnCounts c;
    c.column = t.column;
    c.overflowed = t.interner.full();
    c.overflow.assign(cells, 0);
    for (std::size_t rc = 0; rc < t.overflow.size(); ++rc) c.overflow[cell_map[rc]] += t.overflow[rc];
    if (m_weighted) {
      c.overflow_weights.resize(cells);
      add_mapped(c.overflow_weights, t.overflow_weights, cell_map);
    }
    std::unordered_map<std::string, std::size_t> index;
    for (std::uint32_t i = 0; i < t.interner.size(); ++i) {
      text.clear();
      reader.decode(text, t.interner.key(i), t.interner.tag(i), t.first_line[i], t.column);
      auto [it, fresh] = index.emplace(text, c.values.size());
      if (fresh) {
        c.values.push_back(text);
        c.counts.emplace_back(cells, 0);
        if (m_weighted) c.weights.emplace_back(cells);
      }
      auto& dst = c.counts[it->second];
      const auto& src = t.counts[i];
      for (std::size_t rc = 0; rc < src.size(); ++rc) dst[cell_map[rc]] += src[rc];
      if (m_weighted && i < t.weights.size())
        add_mapped(c.weights[it->second], t.weights[i], cell_map);
    }
    out.columns.push_back(std::move(c));
  }
  out.option_groups = m_option_groups;
  if (m_weighted) out.pattern_weights.resize(m_option_groups.size());
  for (std::size_t k = 0; k < m_option_groups.size(); ++k) {
    std::vector<std::pair<std::uint64_t, std::vector<std::uint64_t>>> merged;
    for (std::uint32_t m = 0; m < m_patterns[k].size(); ++m) {
      std::uint64_t mask;
      std::memcpy(&mask, m_patterns[k].key(m).data(), sizeof mask);
      std::vector<std::uint64_t> per_cell(cells, 0);
      const auto& src = m_pattern_counts[k][m];
      for (std::size_t rc = 0; rc < src.size(); ++rc) per_cell[cell_map[rc]] += src[rc];
      merged.emplace_back(mask, std::move(per_cell));
      if (m_weighted) {
        std::vector<WeightSums> weights(cells);
        if (m < m_pattern_weights[k].size()) add_mapped(weights, m_pattern_weights[k][m], cell_map);
        out.pattern_weights[k].push_back(std::move(weights));
      }
    }
    out.patterns.push_back(std::move(merged));
  }
  return out;
}

}  // namespace survey
