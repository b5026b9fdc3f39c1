// Streaming respondents' scores on several questions (items) for the
// statistics that need them together (correlations, Cronbach's alpha, key
// drivers): only the respondents who gave every item a score count
// (listwise deletion, as R's na.omit), and only their sums and
// cross-products are kept. Spearman's rho takes a second read: the first
// counts each item's values among the complete rows (so midranks are
// known), the second accumulates the midranks' cross-products.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "survey/model/codebook.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/stats/multivariate.hpp"
#include "survey/stats/scores.hpp"

namespace survey {

class ItemScan {
 public:
  // `questions` must outlive the scan; `conditions[i]` is the condition bit
  // of question i's base (-1: everyone was asked): an answer from a row
  // outside it counts as no answer. With `ranks`, each item's values among
  // the complete rows are counted for add_ranks().
  ItemScan(const std::vector<const Question*>& questions, const std::vector<int>& conditions,
           bool ranks = false);

  // One respondent, `mask` holding the conditions the row satisfies.
  void add(const Row& row, std::uint32_t mask);
  // The second read, for Spearman's rho (after every add()).
  void add_ranks(const Row& row, std::uint32_t mask);

  std::size_t size() const noexcept { return m_items.size(); }
  std::uint64_t rows() const noexcept { return m_rows; }
  // The complete rows' scores.
  const CrossProducts& scores() const noexcept { return m_scores; }
  // The complete rows' midranks (after the second read).
  const CrossProducts& ranks() const noexcept { return m_ranks; }
  // Answers of item i that have no score (left out as no answer).
  std::uint64_t outside(std::size_t i) const { return m_outside[i]; }

 private:
  bool read(const Row& row, std::uint32_t mask, bool count_outside);

  struct Item {
    std::size_t column;
    Scorer scorer;
    int condition;
  };
  std::vector<Item> m_items;
  std::vector<double> m_values;
  std::vector<std::uint64_t> m_outside;
  std::vector<std::map<double, std::uint64_t>> m_value_counts;
  std::vector<Midranks> m_midranks;
  bool m_count_values = false;
  CrossProducts m_scores;
  CrossProducts m_ranks;
  std::uint64_t m_rows = 0;
};

// Each question's score counts over every respondent who gave it a score,
// read row by row: for numbers with more distinct values than a tally
// keeps (quartiles need them all). Memory grows with distinct scores.
class ScoreScan {
 public:
  ScoreScan(const std::vector<const Question*>& questions, const std::vector<int>& conditions);
  void add(const Row& row, std::uint32_t mask);
  std::vector<ScoreCount> counts(std::size_t i) const;
  std::uint64_t outside(std::size_t i) const { return m_outside[i]; }

 private:
  struct Item {
    std::size_t column;
    Scorer scorer;
    int condition;
  };
  std::vector<Item> m_items;
  std::vector<std::map<double, std::uint64_t>> m_counts;
  std::vector<std::uint64_t> m_outside;
};

}  // namespace survey
