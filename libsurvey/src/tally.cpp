// Streaming answer counts. See tally.hpp.
#include "survey/tally.hpp"

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

Tally::Tally(std::vector<std::size_t> columns, std::optional<std::size_t> by,
             std::vector<std::vector<std::size_t>> option_groups, std::size_t max_distinct)
    : m_by(by), m_option_groups(std::move(option_groups)) {
  for (std::size_t c : columns) m_tracked.push_back(Tracked{c, Interner(max_distinct), {}, {}, {}});
  m_answered.resize(m_option_groups.size());
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
  for (std::size_t k = 0; k < m_option_groups.size(); ++k)
    for (std::size_t c : m_option_groups[k])
      if (!blank(row.raw(c))) {
        bump<std::uint64_t>(m_answered[k], g);
        break;
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
  for (const auto& a : m_answered) {
    std::vector<std::uint64_t> merged(groups, 0);
    for (std::size_t rg = 0; rg < a.size(); ++rg) merged[group_map[rg]] += a[rg];
    out.answered.push_back(std::move(merged));
  }
  return out;
}

}  // namespace survey
