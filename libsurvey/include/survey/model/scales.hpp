// Recognising answer scales by their structure, so that ordered answers come
// out in scale order (Pas du tout satisfait … Très satisfait), never by
// count or alphabetically. An answer is read as an intensity word (très,
// plutôt, peu, pas du tout, tout à fait, not at all, somewhat, extremely...)
// around a word of a family's lexicon (satisfait, d'accord, souvent, bon,
// important, probable, in French and English, any gender or number, with or
// without accents, in any case), or as a middle ("Ni satisfait ni
// insatisfait", "Neutre"); the words give each answer a rank on the scale.
// No list of whole scales is kept: a scale nobody answered in full is still
// recognised from the levels that were answered.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace survey {

// What a scale measures.
enum class ScaleFamily {
  Satisfaction,  // Satisfait, satisfaisant, content; satisfied, satisfactory.
  Agreement,     // D'accord, en désaccord; agree, disagree; oui/non with intensity.
  Frequency,     // Jamais … toujours; never … always.
  Likelihood,    // Probable, probablement, certainement; likely, probably, definitely.
  Quality,       // Mauvais, moyen, bon, excellent; poor, fair, good, excellent.
  Importance,    // Important, sans importance; important, unimportant.
  YesNo,         // Oui, non, ne sait pas: kept in that order, without scores.
};

// "satisfaction", "agreement", "frequency", "likelihood", "quality",
// "importance", "yes-no".
std::string_view family_name(ScaleFamily family) noexcept;

// One answer read as a level of a scale.
struct ScaleLevel {
  std::optional<ScaleFamily>
      family;             // Empty for a middle that fits any family ("Neutre", "Neutral").
  double rank = 0;        // Below 0 the low side, 0 the middle, above 0 the high side.
  bool modified = false;  // An intensity word was read ("très", "plutôt", "not at all").
  bool french = false;    // The words read are French ...
  bool english = false;   // ... or English (both: "Excellent", "Important").
};

// Reads `answer` as a level of a scale (compared loosely: case, accents,
// apostrophes, hyphens and white space aside; French adjectives in any
// gender and number). nullopt when it is not one.
std::optional<ScaleLevel> read_scale_level(std::string_view answer);

struct Scale {
  ScaleFamily family = ScaleFamily::Satisfaction;
  std::string_view name;  // family_name(family).
  std::vector<std::string>
      levels;  // The answers in order: lowest first (yes/no: yes, no, don't know).
  std::vector<std::string> assumed;  // Levels nobody gave, added from a common shape of the family.
  bool ordered = true;               // false for yes/no, which keeps its order but has no score.
  std::string_view language;  // "French", "English", "French or English" (words of both), "French
                              // and English" (mixed).
};

// The scale whose levels are the distinct values of `values` (values that
// differ only by case, accents or spaces are one level, spelt as its first
// occurrence), when every value reads as a level of one family and no two
// levels have the same rank. nullopt otherwise, or when `values` holds fewer
// than two levels. When the values are part of the smallest common shape of
// a scale of that family (Insatisfait | Peu satisfait | Satisfait | Très
// satisfait; Pas du tout d'accord … Tout à fait d'accord; Jamais …
// Toujours), the levels nobody gave are added, worded as the data words the
// others, and listed in `assumed`.
std::optional<Scale> match_scale(const std::vector<std::string>& values);

// "satisfaction scale (French): Insatisfait < Peu satisfait < Satisfait", for
// notes; yes/no: "yes/no answers (French): Oui, Non".
std::string describe_scale(const Scale& scale);

}  // namespace survey
