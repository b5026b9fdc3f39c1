// Answers as numbers. See scores.hpp.
#include "survey/stats/scores.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "survey/read/text.hpp"
#include "survey/read/values.hpp"

namespace survey {

bool Scorer::scorable(const Question& q) {
  if (q.type == QuestionType::Nps || q.type == QuestionType::Numeric) return true;
  if (q.type == QuestionType::Multi || q.type == QuestionType::Text || q.type == QuestionType::Id ||
      q.type == QuestionType::Datetime || q.type == QuestionType::Ignore)
    return false;
  return !q.levels.empty() && std::all_of(q.levels.begin(), q.levels.end(),
                                          [](const Level& l) { return l.score.has_value(); });
}

Scorer::Scorer(const Question& q) : m_question(q) {
  m_nps = q.type == QuestionType::Nps;
  const bool scored =
      !q.levels.empty() && std::all_of(q.levels.begin(), q.levels.end(),
                                       [](const Level& l) { return l.score.has_value(); });
  m_numbers = !scored && (q.type == QuestionType::Numeric || m_nps);
  if (scored)
    for (const auto& l : q.levels) {
      m_exact.emplace(l.label, *l.score);
      m_loose.emplace(fold(l.label), *l.score);
    }
}

std::optional<double> Scorer::lookup(std::string_view value) const {
  if (m_nps) {
    auto n = parse_number(value);
    if (!n || *n != std::floor(*n) || *n < 0 || *n > 10) return std::nullopt;
    if (m_numbers) return *n;
    if (auto it = m_exact.find(fmt::format("{}", static_cast<int>(*n))); it != m_exact.end())
      return it->second;
    return std::nullopt;
  }
  if (m_numbers) return parse_number(value);
  if (auto it = m_exact.find(std::string(value)); it != m_exact.end()) return it->second;
  if (auto it = m_loose.find(fold(value)); it != m_loose.end()) return it->second;
  return std::nullopt;
}

std::optional<double> Scorer::operator()(std::string_view value) const {
  if (is_missing_answer(m_question, value)) return std::nullopt;
  return lookup(value);
}

bool Scorer::outside(std::string_view value) const {
  return !is_missing_answer(m_question, value) && !lookup(value);
}

std::vector<ScoreCount> score_counts(const Counts& counts, std::size_t column, const Scorer& scorer,
                                     const Selection& selection, std::uint64_t* outside,
                                     std::uint64_t* overflow) {
  std::map<double, ScoreCount> by_score;
  if (outside) *outside = 0;
  if (overflow) *overflow = 0;
  const ColumnCounts* col = counts.find(column);
  if (!col) return {};
  for (std::size_t v = 0; v < col->values.size(); ++v) {
    const std::uint64_t c = counts.count(*col, v, selection);
    if (c == 0) continue;
    if (auto s = scorer(col->values[v])) {
      ScoreCount& sc = by_score[*s];
      sc.score = *s;
      sc.count += c;
      if (counts.weighted) {
        const WeightSums w = counts.weight(*col, v, selection);
        sc.weight += w.sum.value();
        sc.squares += w.squares.value();
        sc.positive += w.positive;
      }
    }
    else if (outside && scorer.outside(col->values[v]))
      *outside += c;
  }
  if (overflow) *overflow = counts.overflow(*col, selection);
  std::vector<ScoreCount> out;
  for (const auto& [score, count] : by_score) out.push_back(count);
  return out;
}

}  // namespace survey
