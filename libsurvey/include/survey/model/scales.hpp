// The answer scales survey recognises, so ordered answers come out in scale
// order (Insatisfait … Très satisfait), never alphabetically.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace survey {

struct Scale {
  std::string_view name;                 // "satisfaction", "agreement", ...
  std::vector<std::string_view> levels;  // In order, lowest first.
  bool ordered = true;                   // false for yes/no, which keeps its order but has no score.
};

// Every known scale (French and English: satisfaction, agreement, frequency,
// quality, importance, likelihood, yes/no).
const std::vector<Scale>& known_scales();

// The known scale that holds every value of `values` (compared loosely:
// case, accents, apostrophes and white space ignored), preferring the
// smallest such scale. nullopt when none does, or `values` has fewer than two.
std::optional<Scale> match_scale(const std::vector<std::string>& values);

}  // namespace survey
