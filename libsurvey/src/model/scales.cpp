// The table of known answer scales and the matching rule.
#include "survey/model/scales.hpp"

#include <algorithm>
#include <set>

#include "survey/read/text.hpp"

namespace survey {

const std::vector<Scale>& known_scales() {
  static const std::vector<Scale> kScales = {
      // Satisfaction, French.
      {"satisfaction", {"Insatisfait", "Peu satisfait", "Satisfait", "Très satisfait"}},
      {"satisfaction", {"Insatisfaite", "Peu satisfaite", "Satisfaite", "Très satisfaite"}},
      {"satisfaction", {"Très insatisfait", "Insatisfait", "Satisfait", "Très satisfait"}},
      {"satisfaction", {"Très insatisfait", "Insatisfait", "Ni satisfait ni insatisfait", "Satisfait", "Très satisfait"}},
      {"satisfaction", {"Très insatisfait", "Insatisfait", "Neutre", "Satisfait", "Très satisfait"}},
      {"satisfaction", {"Pas du tout satisfait", "Peu satisfait", "Assez satisfait", "Très satisfait"}},
      {"satisfaction", {"Pas du tout satisfait", "Plutôt pas satisfait", "Plutôt satisfait", "Tout à fait satisfait"}},
      {"satisfaction", {"Pas du tout satisfait", "Pas satisfait", "Satisfait", "Très satisfait"}},
      {"satisfaction", {"Pas satisfait du tout", "Peu satisfait", "Plutôt satisfait", "Très satisfait"}},
      {"satisfaction", {"Insatisfaisant", "Peu satisfaisant", "Satisfaisant", "Très satisfaisant"}},
      {"satisfaction", {"Très insatisfaisant", "Insatisfaisant", "Satisfaisant", "Très satisfaisant"}},
      {"satisfaction", {"Pas du tout satisfaisant", "Peu satisfaisant", "Assez satisfaisant", "Très satisfaisant"}},
      // Satisfaction, English.
      {"satisfaction", {"Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied"}},
      {"satisfaction", {"Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"}},
      {"satisfaction", {"Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"}},
      {"satisfaction", {"Very unsatisfied", "Unsatisfied", "Neutral", "Satisfied", "Very satisfied"}},
      {"satisfaction", {"Not at all satisfied", "Slightly satisfied", "Moderately satisfied", "Very satisfied", "Extremely satisfied"}},
      // Agreement.
      {"agreement", {"Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord", "Tout à fait d'accord"}},
      {"agreement", {"Pas du tout d'accord", "Plutôt pas d'accord", "Ni d'accord ni pas d'accord", "Plutôt d'accord", "Tout à fait d'accord"}},
      {"agreement", {"Pas du tout d'accord", "Pas d'accord", "Neutre", "D'accord", "Tout à fait d'accord"}},
      {"agreement", {"Pas du tout d'accord", "Pas d'accord", "Ni d'accord ni pas d'accord", "D'accord", "Tout à fait d'accord"}},
      {"agreement", {"Pas du tout d'accord", "Pas d'accord", "D'accord", "Tout à fait d'accord"}},
      {"agreement", {"Fortement en désaccord", "En désaccord", "Ni en accord ni en désaccord", "En accord", "Fortement en accord"}},
      {"agreement", {"Strongly disagree", "Disagree", "Agree", "Strongly agree"}},
      {"agreement", {"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}},
      {"agreement", {"Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"}},
      // Frequency.
      {"frequency", {"Jamais", "Rarement", "Parfois", "Souvent", "Toujours"}},
      {"frequency", {"Jamais", "Rarement", "Souvent", "Toujours"}},
      {"frequency", {"Jamais", "Rarement", "De temps en temps", "Souvent", "Très souvent"}},
      {"frequency", {"Never", "Rarely", "Sometimes", "Often", "Always"}},
      {"frequency", {"Never", "Rarely", "Sometimes", "Often", "Very often"}},
      // Quality.
      {"quality", {"Très mauvais", "Mauvais", "Moyen", "Bon", "Très bon"}},
      {"quality", {"Très mauvais", "Mauvais", "Bon", "Très bon"}},
      {"quality", {"Mauvais", "Moyen", "Bon", "Excellent"}},
      {"quality", {"Médiocre", "Passable", "Bien", "Très bien", "Excellent"}},
      {"quality", {"Insuffisant", "Passable", "Bien", "Très bien"}},
      {"quality", {"Very poor", "Poor", "Fair", "Good", "Very good"}},
      {"quality", {"Poor", "Fair", "Good", "Very good", "Excellent"}},
      {"quality", {"Poor", "Fair", "Good", "Excellent"}},
      // Importance and likelihood.
      {"importance", {"Pas du tout important", "Peu important", "Important", "Très important"}},
      {"importance", {"Not at all important", "Slightly important", "Moderately important", "Very important", "Extremely important"}},
      {"likelihood", {"Pas du tout probable", "Peu probable", "Probable", "Très probable"}},
      {"likelihood", {"Very unlikely", "Unlikely", "Likely", "Very likely"}},
      {"likelihood", {"Very unlikely", "Unlikely", "Neutral", "Likely", "Very likely"}},
      // Yes / no: kept in this order, without scores.
      {"yes-no", {"Oui", "Non"}, false},
      {"yes-no", {"Oui", "Non", "Ne sait pas"}, false},
      {"yes-no", {"Oui", "Non", "Je ne sais pas"}, false},
      {"yes-no", {"Oui", "Non", "NSP"}, false},
      {"yes-no", {"Yes", "No"}, false},
      {"yes-no", {"Yes", "No", "Don't know"}, false},
      {"yes-no", {"Yes", "No", "Not sure"}, false},
  };
  return kScales;
}

std::optional<Scale> match_scale(const std::vector<std::string>& values) {
  if (values.size() < 2) return std::nullopt;
  std::set<std::string> keys;
  for (const auto& v : values) keys.insert(fold(v));
  const Scale* best = nullptr;
  for (const auto& scale : known_scales()) {
    if (scale.levels.size() < keys.size()) continue;
    std::set<std::string> levels;
    for (auto l : scale.levels) levels.insert(fold(l));
    if (!std::includes(levels.begin(), levels.end(), keys.begin(), keys.end())) continue;
    if (!best || scale.levels.size() < best->levels.size()) best = &scale;
  }
  if (!best) return std::nullopt;
  return *best;
}

}  // namespace survey
