// Answers as numbers: the score of a scale's level (Insatisfait=1 …), an
// NPS answer 0–10, a number (decimal commas read). Statistics over
// questions (stats) see respondents through these scores; an answer with no
// score (outside the scale, not a number) counts as no answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "survey/count/tally.hpp"
#include "survey/model/codebook.hpp"
#include "survey/stats/descriptive.hpp"

namespace survey {

class Scorer {
 public:
  explicit Scorer(const Question& question);

  // Whether a question's answers have scores: a Likert or NPS question, a
  // number, or any question whose levels all carry a score.
  static bool scorable(const Question& question);

  // The score of an answer; nullopt for no answer (empty, a missing token)
  // and for an answer without a score (see outside()).
  std::optional<double> operator()(std::string_view value) const;
  // Whether a non-empty answer that is not a missing token has no score.
  bool outside(std::string_view value) const;

 private:
  std::optional<double> lookup(std::string_view value) const;

  Question m_question;  // A copy: the scorer may outlive the question it was made from.
  bool m_numbers = false;  // Scores are the numbers themselves (numeric without levels).
  bool m_nps = false;
  std::unordered_map<std::string, double> m_exact;
  std::unordered_map<std::string, double> m_loose;
};

// How many respondents of `selection` gave each score to the question in
// column `column` of `counts`; `outside` gets how many gave an answer
// without a score, `overflow` how many answers were past the tally's limit
// of distinct values (and so could not be scored).
std::vector<ScoreCount> score_counts(const Counts& counts, std::size_t column, const Scorer& scorer,
                                     const Selection& selection, std::uint64_t* outside,
                                     std::uint64_t* overflow);

}  // namespace survey
