// Codebook inference of packed multi-selects: options that hold the
// separator, and Google's "Other" text after the options.
#include <doctest/doctest.h>

#include "survey/model/infer.hpp"

using namespace survey;

namespace {

using Parts = std::vector<std::string>;

std::vector<Level> levels_of(const Parts& labels) {
  std::vector<Level> out;
  for (const auto& l : labels) out.push_back(Level{l, std::nullopt});
  return out;
}

ColumnProfile profile(const std::vector<std::pair<std::string, std::uint64_t>>& cells) {
  ColumnProfile p;
  p.header = "Thèmes";
  p.index = 1;
  for (const auto& [value, count] : cells) {
    p.values.push_back(ValueCount{value, count});
    p.rows += count;
    p.non_empty += count;
  }
  return p;
}

}  // namespace

TEST_CASE("split_multi") {
  const auto known = levels_of({"Export", "Financement, aides", "Réseau"});
  CHECK(split_multi("Export, Financement, aides", ", ", known) ==
        Parts{"Export", "Financement, aides"});
  // The "Other" text after the known options is one answer.
  CHECK(split_multi("Export, Le salon, en mars", ", ", known) ==
        Parts{"Export", "Le salon, en mars"});
  CHECK(split_multi("Le salon, en mars", ", ", known) == Parts{"Le salon, en mars"});
  // An unknown piece a known option follows stands alone.
  CHECK(split_multi("Nouveau, Réseau", ", ", known) == Parts{"Nouveau", "Réseau"});
  CHECK(split_multi("Export, Autre chose, Réseau, et puis", ", ", known) ==
        Parts{"Export", "Autre chose", "Réseau", "et puis"});
  // Without known levels, every separator parts.
  CHECK(split_multi("a, b, c", ", ", {}) == Parts{"a", "b", "c"});
  CHECK(split_multi("A;B;", ";", levels_of({"A", "B"})) == Parts{"A", "B"});
}

TEST_CASE("infer_codebook: an option holding the separator that never comes alone") {
  Diagnostics notes;
  ColumnProfile c = profile({{"Export, Financement, aides", 1},
                             {"Export", 2},
                             {"Export, Réseau", 1},
                             {"Réseau", 1},
                             {"Export, Financement, aides, Réseau", 1},
                             {"Réseau, Financement, aides", 1},
                             {"Export, Le salon, en mars", 1}});
  Codebook cb = infer_codebook({c}, Format::GoogleForms, notes);
  REQUIRE(cb.entries.size() == 1);
  const auto& e = cb.entries[0];
  CHECK(e.type == QuestionType::Multi);
  CHECK(e.multi_sep == ", ");
  CHECK(e.levels == levels_of({"Export", "Réseau", "Financement, aides"}));
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].message.find("\"Financement, aides\" read as one option") != std::string::npos);
}

TEST_CASE("infer_codebook: pieces apart somewhere are options of their own") {
  Diagnostics notes;
  ColumnProfile c = profile({{"Export, Financement", 1},
                             {"Financement, aides", 1},
                             {"Export", 2},
                             {"aides", 1},
                             {"Export, aides", 1}});
  Codebook cb = infer_codebook({c}, Format::GoogleForms, notes);
  REQUIRE(cb.entries.size() == 1);
  CHECK(cb.entries[0].type == QuestionType::Multi);
  CHECK(cb.entries[0].levels == levels_of({"Export", "aides", "Financement"}));
  CHECK(notes.empty());
}
