// Streaming item scores. See items.hpp.
#include "survey/stats/items.hpp"

namespace survey {

ItemScan::ItemScan(const std::vector<const Question*>& questions,
                   const std::vector<int>& conditions, bool ranks)
    : m_count_values(ranks), m_scores(questions.size()), m_ranks(questions.size()) {
  for (std::size_t i = 0; i < questions.size(); ++i)
    m_items.push_back(Item{questions[i]->columns.at(0), Scorer(*questions[i]), conditions[i]});
  m_values.resize(m_items.size());
  m_outside.assign(m_items.size(), 0);
  m_value_counts.resize(m_items.size());
}

bool ItemScan::read(const Row& row, std::uint32_t mask, bool count_outside) {
  bool complete = true;
  for (std::size_t i = 0; i < m_items.size(); ++i) {
    const Item& item = m_items[i];
    const std::string_view value = item.column < row.size() ? row[item.column] : std::string_view();
    std::optional<double> score;
    if (item.condition < 0 || (mask >> item.condition) & 1u) score = item.scorer(value);
    if (!score) {
      if (count_outside && item.scorer.outside(value)) ++m_outside[i];
      complete = false;
      if (!count_outside) return false;
      continue;
    }
    m_values[i] = *score;
  }
  return complete;
}

void ItemScan::add(const Row& row, std::uint32_t mask) {
  ++m_rows;
  if (!read(row, mask, true)) return;
  m_scores.add(m_values.data());
  if (m_count_values)
    for (std::size_t i = 0; i < m_items.size(); ++i) ++m_value_counts[i][m_values[i]];
}

void ItemScan::add_ranks(const Row& row, std::uint32_t mask) {
  if (m_midranks.empty())
    for (const auto& counts : m_value_counts) m_midranks.emplace_back(counts);
  if (!read(row, mask, false)) return;
  for (std::size_t i = 0; i < m_items.size(); ++i) m_values[i] = m_midranks[i](m_values[i]);
  m_ranks.add(m_values.data());
}

ScoreScan::ScoreScan(const std::vector<const Question*>& questions,
                     const std::vector<int>& conditions) {
  for (std::size_t i = 0; i < questions.size(); ++i)
    m_items.push_back(Item{questions[i]->columns.at(0), Scorer(*questions[i]), conditions[i]});
  m_counts.resize(m_items.size());
  m_outside.assign(m_items.size(), 0);
}

void ScoreScan::add(const Row& row, std::uint32_t mask) {
  for (std::size_t i = 0; i < m_items.size(); ++i) {
    const Item& item = m_items[i];
    if (item.condition >= 0 && !((mask >> item.condition) & 1u)) continue;
    const std::string_view value = item.column < row.size() ? row[item.column] : std::string_view();
    if (auto score = item.scorer(value))
      ++m_counts[i][*score];
    else if (item.scorer.outside(value))
      ++m_outside[i];
  }
}

std::vector<ScoreCount> ScoreScan::counts(std::size_t i) const {
  std::vector<ScoreCount> out;
  for (const auto& [score, count] : m_counts[i]) out.push_back(ScoreCount{score, count});
  return out;
}

}  // namespace survey
