// Streaming answer counts. See tally.hpp.
#include "survey/tally.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace survey {
namespace {

constexpr std::uint8_t kDecodeFlags = kFieldEscaped | kFieldLineBreak | kFieldStrayQuote;

bool blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t') return false;
  return true;
}

template <class T>
void bump(std::vector<T>& v, std::size_t i, T by = 1) {
  if (i >= v.size()) v.resize(i + 1, 0);
  v[i] += by;
}

}  // namespace

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

std::optional<std::uint64_t> Counts::answered_any(const std::vector<std::size_t>& columns, std::size_t group) const {
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
    if (!inside) continue;
    std::uint64_t n = 0;
    for (const auto& [pattern, per_group] : patterns[k]) {
      if (!(pattern & mask)) continue;
      if (group == SIZE_MAX) {
        for (auto c : per_group) n += c;
      } else if (group < per_group.size()) {
        n += per_group[group];
      }
    }
    return n;
  }
  return std::nullopt;
}

Tally::Tally(std::vector<std::size_t> columns, std::optional<std::size_t> by,
             std::vector<std::vector<std::size_t>> option_groups, std::size_t max_distinct)
    : m_by(by), m_option_groups(std::move(option_groups)) {
  for (std::size_t c : columns) m_tracked.push_back(Tracked{c, Interner(max_distinct), {}, {}, {}});
  m_patterns.resize(m_option_groups.size());
  m_pattern_counts.resize(m_option_groups.size());
}

void Tally::add(const RawRow& row) {
  std::size_t g = 0;
  if (m_by) {
    std::uint32_t gi = m_groups.intern(row.raw(*m_by), row.flags(*m_by) & kDecodeFlags);
    g = gi;
    if (g >= m_group_rows.size()) {
      m_group_rows.resize(g + 1, 0);
      m_group_line.resize(g + 1, row.line());
    }
  } else if (m_group_rows.empty()) {
    m_group_rows.push_back(0);
  }
  ++m_group_rows[g];
  ++m_rows;
  for (Tracked& t : m_tracked) {
    std::uint32_t v = t.interner.intern(row.raw(t.column), row.flags(t.column) & kDecodeFlags);
    if (v == Interner::kFull) {
      bump<std::uint64_t>(t.overflow, g);
      continue;
    }
    if (v >= t.counts.size()) {
      t.counts.resize(v + 1);
      t.first_line.resize(v + 1, row.line());
    }
    bump<std::uint64_t>(t.counts[v], g);
  }
  for (std::size_t k = 0; k < m_option_groups.size(); ++k) {
    std::uint64_t mask = 0;
    const auto& og = m_option_groups[k];
    for (std::size_t b = 0; b < og.size() && b < 64; ++b)
      if (!blank(row.raw(og[b]))) mask |= std::uint64_t{1} << b;
    std::uint32_t m = m_patterns[k].intern(std::string_view(reinterpret_cast<const char*>(&mask), sizeof mask));
    auto& counts = m_pattern_counts[k];
    if (m >= counts.size()) counts.resize(m + 1);
    bump<std::uint64_t>(counts[m], g);
  }
}

Counts Tally::finish(CsvReader& reader) {
  Counts out;
  out.rows = m_rows;
  // Groups: decode and merge.
  std::vector<std::size_t> group_map;
  std::unordered_map<std::string, std::size_t> group_index;
  std::string text;
  if (m_by) {
    for (std::uint32_t i = 0; i < m_groups.size(); ++i) {
      text.clear();
      reader.decode(text, m_groups.key(i), m_groups.tag(i), m_group_line[i], *m_by);
      auto [it, fresh] = group_index.emplace(text, out.groups.size());
      if (fresh) {
        out.groups.push_back(text);
        out.group_rows.push_back(0);
      }
      group_map.push_back(it->second);
      out.group_rows[it->second] += m_group_rows[i];
    }
  } else {
    out.groups.push_back("");
    out.group_rows.push_back(m_rows);
    group_map.push_back(0);
  }
  const std::size_t groups = out.groups.size();
  for (Tracked& t : m_tracked) {
    ColumnCounts c;
    c.column = t.column;
    c.overflowed = t.interner.full();
    c.overflow.assign(groups, 0);
    for (std::size_t rg = 0; rg < t.overflow.size(); ++rg) c.overflow[group_map[rg]] += t.overflow[rg];
    std::unordered_map<std::string, std::size_t> index;
    for (std::uint32_t i = 0; i < t.interner.size(); ++i) {
      text.clear();
      reader.decode(text, t.interner.key(i), t.interner.tag(i), t.first_line[i], t.column);
      auto [it, fresh] = index.emplace(text, c.values.size());
      if (fresh) {
        c.values.push_back(text);
        c.counts.emplace_back(groups, 0);
      }
      auto& dst = c.counts[it->second];
      const auto& src = t.counts[i];
      for (std::size_t rg = 0; rg < src.size(); ++rg) dst[group_map[rg]] += src[rg];
    }
    out.columns.push_back(std::move(c));
  }
  out.option_groups = m_option_groups;
  for (std::size_t k = 0; k < m_option_groups.size(); ++k) {
    std::vector<std::pair<std::uint64_t, std::vector<std::uint64_t>>> merged;
    for (std::uint32_t m = 0; m < m_patterns[k].size(); ++m) {
      std::uint64_t mask;
      std::memcpy(&mask, m_patterns[k].key(m).data(), sizeof mask);
      std::vector<std::uint64_t> per_group(groups, 0);
      const auto& src = m_pattern_counts[k][m];
      for (std::size_t rg = 0; rg < src.size(); ++rg) per_group[group_map[rg]] += src[rg];
      merged.emplace_back(mask, std::move(per_group));
    }
    out.patterns.push_back(std::move(merged));
  }
  return out;
}

}  // namespace survey
