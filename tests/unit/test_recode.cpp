// Recoding: fr_region (every département, postal codes, old region names),
// parse_collapse, Recoding::apply, UncoveredValues.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "survey/model/recode.hpp"
#include "survey/read/error.hpp"

using namespace survey;

TEST_CASE("fr_region gives one of the 18 regions for every département number") {
  const std::set<std::string> regions = {"Auvergne-Rhône-Alpes",
                                         "Bourgogne-Franche-Comté",
                                         "Bretagne",
                                         "Centre-Val de Loire",
                                         "Corse",
                                         "Grand Est",
                                         "Hauts-de-France",
                                         "Île-de-France",
                                         "Normandie",
                                         "Nouvelle-Aquitaine",
                                         "Occitanie",
                                         "Pays de la Loire",
                                         "Provence-Alpes-Côte d'Azur",
                                         "Guadeloupe",
                                         "Martinique",
                                         "Guyane",
                                         "La Réunion",
                                         "Mayotte"};
  std::set<std::string> seen;
  for (int d = 1; d <= 95; ++d) {
    if (d == 20) continue;
    char code[3];
    std::snprintf(code, sizeof code, "%02d", d);
    auto r = fr_region(code);
    REQUIRE_MESSAGE(r.has_value(), code);
    CHECK(regions.count(std::string(*r)) == 1);
    seen.insert(std::string(*r));
    // The same département by its postal code prefix.
    CHECK(fr_region(std::string(code) + "100") == r);
  }
  for (const char* code : {"2A", "2B", "2a", "971", "972", "973", "974", "976"}) {
    auto r = fr_region(code);
    REQUIRE_MESSAGE(r.has_value(), code);
    seen.insert(std::string(*r));
  }
  CHECK(seen == regions);
  CHECK_FALSE(fr_region("975").has_value());  // Saint-Pierre-et-Miquelon: no region.
  CHECK_FALSE(fr_region("99").has_value());
  CHECK_FALSE(fr_region("0").has_value());
}

TEST_CASE("fr_region: postal codes") {
  CHECK(fr_region("75015") == "Île-de-France");
  CHECK(fr_region("13001") == "Provence-Alpes-Côte d'Azur");
  CHECK(fr_region("20000") == "Corse");  // Ajaccio (Corse-du-Sud).
  CHECK(fr_region("20200") == "Corse");  // Bastia (Haute-Corse).
  CHECK(fr_region("97400") == "La Réunion");
  CHECK(fr_region("97600") == "Mayotte");
  CHECK(fr_region("97300") == "Guyane");
  CHECK(fr_region("1000") == "Auvergne-Rhône-Alpes");  // 01000 Bourg-en-Bresse, zero dropped.
  CHECK(fr_region("57000") == "Grand Est");
  CHECK(fr_region(" 59000 ") == "Hauts-de-France");
  CHECK_FALSE(fr_region("97133").has_value());  // Saint-Barthélemy.
  CHECK_FALSE(fr_region("97150").has_value());  // Saint-Martin.
  CHECK_FALSE(fr_region("98000").has_value());  // Monaco.
  CHECK_FALSE(fr_region("00100").has_value());
  CHECK_FALSE(fr_region("123456").has_value());
}

TEST_CASE("fr_region: names, old regions, codes with names") {
  CHECK(fr_region("Bouches-du-Rhône") == "Provence-Alpes-Côte d'Azur");
  CHECK(fr_region("bouches du rhone") == "Provence-Alpes-Côte d'Azur");
  CHECK(fr_region("Côte-d'Or") == "Bourgogne-Franche-Comté");
  CHECK(fr_region("Cote d’Or") == "Bourgogne-Franche-Comté");
  CHECK(fr_region("Lorraine") == "Grand Est");
  CHECK(fr_region("Alsace") == "Grand Est");
  CHECK(fr_region("Champagne-Ardenne") == "Grand Est");
  CHECK(fr_region("Nord-Pas-de-Calais") == "Hauts-de-France");
  CHECK(fr_region("Picardie") == "Hauts-de-France");
  CHECK(fr_region("Limousin") == "Nouvelle-Aquitaine");
  CHECK(fr_region("Auvergne") == "Auvergne-Rhône-Alpes");
  CHECK(fr_region("Haute-Normandie") == "Normandie");
  CHECK(fr_region("Midi-Pyrénées") == "Occitanie");
  CHECK(fr_region("Centre") == "Centre-Val de Loire");
  CHECK(fr_region("Région Centre") == "Centre-Val de Loire");
  CHECK(fr_region("Grand-Est") == "Grand Est");
  CHECK(fr_region("Centre-Val-de-Loire") == "Centre-Val de Loire");
  CHECK(fr_region("Réunion") == "La Réunion");
  CHECK(fr_region("13 - Bouches-du-Rhône") == "Provence-Alpes-Côte d'Azur");
  CHECK(fr_region("Paris (75)") == "Île-de-France");
  CHECK(fr_region("75015 Paris") == "Île-de-France");
  CHECK(fr_region("2A - Corse-du-Sud") == "Corse");
  CHECK_FALSE(fr_region("Saint-Pierre-et-Miquelon").has_value());
  CHECK_FALSE(fr_region("Bavière").has_value());
  CHECK_FALSE(fr_region("").has_value());
}

TEST_CASE("parse_collapse") {
  auto known = [](std::string_view name) { return name == "q7" || name == "7) Satisfaction :"; };
  auto rules = parse_collapse("q7:Satisfait|Très satisfait=Satisfaits", known);
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].column == "q7");
  CHECK(rules[0].from == "Satisfait");
  CHECK(rules[1].from == "Très satisfait");
  CHECK(rules[1].to == "Satisfaits");
  // A column name holding ':'; escapes.
  rules = parse_collapse("7) Satisfaction ::A\\|B|C\\=D=E", known);
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].column == "7) Satisfaction :");
  CHECK(rules[0].from == "A|B");
  CHECK(rules[1].from == "C=D");
  CHECK(rules[1].to == "E");
  CHECK_THROWS_AS(parse_collapse("q7:A|B", known), Error);
  CHECK_THROWS_AS(parse_collapse("q7:A|=B", known), Error);
  CHECK_THROWS_AS(parse_collapse("q9:A=B", known), Error);
}

TEST_CASE("Recoding::apply") {
  Recoding r;
  r.add(1, RecodeRule{"q1", "Oui", "Yes", "map.csv", 2});
  r.add(1, RecodeRule{"q1", "Oui", "Yes", "map.csv", 3});  // The same rule twice is fine.
  CHECK_THROWS_AS(r.add(1, RecodeRule{"q1", "Oui", "No", "map.csv", 4}), Error);
  CHECK(r.apply(1, "Oui") == "Yes");
  CHECK(r.apply(1, "OUI") == "Yes");  // Loosely.
  CHECK_FALSE(r.apply(1, "Non").has_value());
  CHECK(r.apply(1, "") == "");
  CHECK(r.apply(0, "untouched") == "untouched");
  // A map then a preset: the preset reads what the map gives.
  r.add(2, RecodeRule{"cp", "Lyon 3e", "69003", "--collapse", 0});
  r.add_preset(2, RecodePreset::FrRegions);
  CHECK(r.apply(2, "Lyon 3e") == "Auvergne-Rhône-Alpes");
  CHECK(r.apply(2, "35000") == "Bretagne");
  CHECK_FALSE(r.apply(2, "Lyon").has_value());
  CHECK(r.columns() == std::vector<std::size_t>{1, 2});
}

TEST_CASE("UncoveredValues") {
  UncoveredValues u(2);
  u.add(3, "b");
  u.add(3, "a");
  u.add(3, "b");
  u.add(3, "c");  // Past the limit: counted, not kept.
  auto reports = u.reports();
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].rows == 4);
  CHECK(reports[0].values[0] == std::make_pair(std::string("b"), std::uint64_t{2}));
  CHECK(reports[0].values[1] == std::make_pair(std::string("a"), std::uint64_t{1}));
  CHECK(reports[0].more);
}
