// Scale recognition: answers read by their words (intensity words around a
// family's word), checked on scales generated here for every family,
// language, size (4, 5 and 7 points), gender and number, with and without
// accents, in every case, with levels missing; and on the scales of the
// table survey used to keep, which must still come out in the same order.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <set>

#include "survey/model/scales.hpp"
#include "survey/read/text.hpp"

using namespace survey;

namespace {

using Levels = std::vector<std::string>;

// A French adjective in the four forms: masculine, feminine, plural of each.
struct Adjective {
  std::string forms[4];
};

const std::map<std::string, Adjective>& adjectives() {
  static const std::map<std::string, Adjective> kForms = {
      {"satisfait", {{"satisfait", "satisfaite", "satisfaits", "satisfaites"}}},
      {"insatisfait", {{"insatisfait", "insatisfaite", "insatisfaits", "insatisfaites"}}},
      {"important", {{"important", "importante", "importants", "importantes"}}},
      {"probable", {{"probable", "probable", "probables", "probables"}}},
      {"improbable", {{"improbable", "improbable", "improbables", "improbables"}}},
      {"mauvais", {{"mauvais", "mauvaise", "mauvais", "mauvaises"}}},
      {"moyen", {{"moyen", "moyenne", "moyens", "moyennes"}}},
      {"bon", {{"bon", "bonne", "bons", "bonnes"}}},
      {"excellent", {{"excellent", "excellente", "excellents", "excellentes"}}},
      {"médiocre", {{"médiocre", "médiocre", "médiocres", "médiocres"}}},
      {"passable", {{"passable", "passable", "passables", "passables"}}},
  };
  return kForms;
}

// Replaces each {word} by the word in `form` (0-3).
std::string gendered(std::string text, int form) {
  for (std::size_t open = text.find('{'); open != std::string::npos; open = text.find('{')) {
    std::size_t close = text.find('}', open);
    std::string word = text.substr(open + 1, close - open - 1);
    text.replace(open, close - open + 1, adjectives().at(word).forms[form]);
  }
  return text;
}

struct Generated {
  ScaleFamily family;
  bool french;
  std::vector<Levels> ladders;  // Lowest first; French adjectives in braces.
};

// The scales a questionnaire uses, written out here independently of the
// library's words: each family in French and English, at 4, 5 and 7 points.
const std::vector<Generated>& generated() {
  using F = ScaleFamily;
  static const std::vector<Generated> kScales = {
      {F::Satisfaction,
       true,
       {{"Pas du tout {satisfait}", "Peu {satisfait}", "{satisfait}", "Très {satisfait}"},
        {"Très {insatisfait}", "{insatisfait}", "{satisfait}", "Très {satisfait}"},
        {"Pas du tout {satisfait}", "Plutôt pas {satisfait}", "Plutôt {satisfait}",
         "Très {satisfait}"},
        {"{insatisfait}", "Peu {satisfait}", "{satisfait}", "Très {satisfait}"},
        {"Pas du tout {satisfait}", "Peu {satisfait}", "Ni {satisfait} ni {insatisfait}",
         "{satisfait}", "Très {satisfait}"},
        {"Très {insatisfait}", "{insatisfait}", "Ni {satisfait} ni {insatisfait}", "{satisfait}",
         "Très {satisfait}"},
        {"Très {insatisfait}", "{insatisfait}", "Plutôt {insatisfait}",
         "Ni {satisfait} ni {insatisfait}", "Plutôt {satisfait}", "{satisfait}",
         "Très {satisfait}"},
        {"Pas du tout {satisfait}", "Très peu {satisfait}", "Peu {satisfait}",
         "Moyennement {satisfait}", "Assez {satisfait}", "{satisfait}", "Très {satisfait}"}}},
      {F::Agreement,
       true,
       {{"Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord", "Tout à fait d'accord"},
        {"Pas du tout d'accord", "Pas d'accord", "Ni d'accord ni pas d'accord", "D'accord",
         "Tout à fait d'accord"},
        {"Fortement en désaccord", "En désaccord", "Ni en accord ni en désaccord", "En accord",
         "Fortement en accord"},
        {"Non, pas du tout", "Non, plutôt pas", "Oui, plutôt", "Oui, tout à fait"},
        {"Pas du tout d'accord", "Pas d'accord", "Plutôt pas d'accord",
         "Ni d'accord ni pas d'accord", "Plutôt d'accord", "D'accord", "Tout à fait d'accord"}}},
      {F::Importance,
       true,
       {{"Pas du tout {important}", "Peu {important}", "{important}", "Très {important}"},
        {"Pas du tout {important}", "Peu {important}", "Moyennement {important}", "{important}",
         "Très {important}"},
        {"Pas du tout {important}", "Pas {important}", "Peu {important}", "Moyennement {important}",
         "Assez {important}", "{important}", "Très {important}"}}},
      {F::Likelihood,
       true,
       {{"Très peu {probable}", "Peu {probable}", "{probable}", "Très {probable}"},
        {"Certainement pas", "Probablement pas", "Peut-être", "Probablement", "Certainement"},
        {"Très {improbable}", "{improbable}", "Ni {probable} ni {improbable}", "{probable}",
         "Très {probable}"},
        {"Pas du tout {probable}", "Très peu {probable}", "Peu {probable}",
         "Moyennement {probable}", "Assez {probable}", "{probable}", "Très {probable}"}}},
      {F::Frequency,
       true,
       {{"Jamais", "Rarement", "Souvent", "Toujours"},
        {"Jamais", "Rarement", "Parfois", "Souvent", "Toujours"},
        {"Jamais", "Rarement", "De temps en temps", "Souvent", "Très souvent"},
        {"Jamais", "Très rarement", "Rarement", "Parfois", "Souvent", "Très souvent", "Toujours"},
        {"Jamais", "Presque jamais", "Occasionnellement", "Quelquefois", "Régulièrement",
         "Presque toujours", "Toujours"}}},
      {F::Quality,
       true,
       {{"{mauvais}", "{moyen}", "{bon}", "{excellent}"},
        {"Très {mauvais}", "{mauvais}", "{moyen}", "{bon}", "Très {bon}"},
        {"{médiocre}", "{passable}", "Bien", "Très bien", "{excellent}"},
        {"Très {mauvais}", "{mauvais}", "Plutôt {mauvais}", "{moyen}", "Plutôt {bon}", "{bon}",
         "Très {bon}"}}},
      {F::Satisfaction,
       false,
       {{"Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied"},
        {"Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
         "Very satisfied"},
        {"Not at all satisfied", "Slightly satisfied", "Moderately satisfied", "Very satisfied",
         "Extremely satisfied"},
        {"Very dissatisfied", "Dissatisfied", "Somewhat dissatisfied",
         "Neither satisfied nor dissatisfied", "Somewhat satisfied", "Satisfied",
         "Very satisfied"}}},
      {F::Agreement,
       false,
       {{"Strongly disagree", "Disagree", "Agree", "Strongly agree"},
        {"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"},
        {"Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
         "Somewhat agree", "Agree", "Strongly agree"},
        {"Completely disagree", "Disagree", "Slightly disagree", "Neutral", "Slightly agree",
         "Agree", "Completely agree"}}},
      {F::Importance,
       false,
       {{"Not important", "Slightly important", "Important", "Very important"},
        {"Not at all important", "Slightly important", "Moderately important", "Very important",
         "Extremely important"},
        {"Not at all important", "Not important", "Slightly important", "Moderately important",
         "Important", "Very important", "Extremely important"}}},
      {F::Likelihood,
       false,
       {{"Very unlikely", "Unlikely", "Likely", "Very likely"},
        {"Definitely not", "Probably not", "Might or might not", "Probably", "Definitely"},
        {"Extremely unlikely", "Unlikely", "Somewhat unlikely", "Neither likely nor unlikely",
         "Somewhat likely", "Likely", "Extremely likely"}}},
      {F::Frequency,
       false,
       {{"Never", "Rarely", "Often", "Always"},
        {"Never", "Rarely", "Sometimes", "Often", "Always"},
        {"Never", "Rarely", "Occasionally", "Sometimes", "Frequently", "Usually", "Always"},
        {"Never", "Almost never", "Seldom", "Sometimes", "Often", "Almost always", "Always"}}},
      {F::Quality,
       false,
       {{"Poor", "Fair", "Good", "Excellent"},
        {"Very poor", "Poor", "Fair", "Good", "Very good"},
        {"Very poor", "Poor", "Below average", "Average", "Above average", "Good", "Excellent"}}},
  };
  return kScales;
}

// Case styles a spreadsheet or a form may give.
std::string cased(const std::string& text, int style) {
  std::string out = text;
  switch (style) {
    case 0:
      break;  // As written: first letter in capitals.
    case 1:   // all lower case (ASCII letters; accented ones are lower already)
      for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      break;
    case 2:  // ALL UPPER CASE (accents dropped, as many exports do)
      out = fold(out);
      for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      break;
    case 3: {  // Every Word Capitalised
      bool start = true;
      for (char& c : out) {
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        start = c == ' ' || c == '\'' || c == '-';
      }
      break;
    }
  }
  return out;
}

// Drops the accents of French text, keeping case ("Très" -> "Tres").
std::string unaccented(const std::string& text) {
  static const std::pair<const char*, const char*> kPlain[] = {
      {"é", "e"}, {"è", "e"}, {"ê", "e"}, {"à", "a"}, {"ô", "o"}, {"û", "u"}, {"É", "E"}};
  std::string out = text;
  for (auto [accented, plain] : kPlain)
    for (std::size_t p = out.find(accented); p != std::string::npos; p = out.find(accented, p))
      out.replace(p, std::strlen(accented), plain);
  return out;
}

std::string join(const Levels& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " | ") + s;
  return out;
}

}  // namespace

TEST_CASE("read_scale_level") {
  auto rank = [](const char* text) {
    auto l = read_scale_level(text);
    REQUIRE_MESSAGE(l.has_value(), text);
    return l->rank;
  };
  CHECK(rank("Pas du tout satisfait") < rank("Peu satisfait"));
  CHECK(rank("Peu satisfait") < rank("Ni satisfait ni insatisfait"));
  CHECK(rank("Ni satisfait ni insatisfait") == 0);
  CHECK(rank("Pas satisfait du tout") == rank("Pas du tout satisfait"));
  CHECK(rank("Plutôt pas satisfaite") < 0);
  CHECK(rank("PLUTOT SATISFAITES") > 0);
  CHECK(rank("tout à fait d’accord") > rank("d'accord"));
  CHECK(rank("Not at all satisfied") < rank("Slightly satisfied"));
  CHECK(rank("Slightly satisfied") < rank("Moderately satisfied"));
  CHECK(read_scale_level("Neutre")->family == std::nullopt);
  CHECK(read_scale_level("Très souvent")->family == ScaleFamily::Frequency);
  CHECK(read_scale_level("Bonne")->family == ScaleFamily::Quality);
  // Not levels: words of no family, nonsense combinations, mixed languages.
  for (const char* text : {"Paris", "Oui, une fois", "Très parfois", "Peu insatisfait",
                           "Very satisfait", "Satisfait de la formation", "", "Précis/cohérents"})
    CHECK_MESSAGE(!read_scale_level(text), text);
}

TEST_CASE("match_scale: the scales of the user trial") {
  // Issue 14: typed `single` before, so counted by frequency with no mean.
  const std::vector<Levels> trial = {
      {"Pas du tout satisfait", "Peu satisfait", "Ni satisfait ni insatisfait", "Satisfait",
       "Très satisfait"},
      {"Pas du tout satisfait", "Peu satisfait", "Satisfait", "Très satisfait"},
      {"Pas du tout satisfait", "Plutôt pas satisfait", "Plutôt satisfait", "Très satisfait"},
  };
  for (const auto& ladder : trial) {
    Levels shuffled(ladder.rbegin(), ladder.rend());  // As the issue lists them: highest first.
    auto scale = match_scale(shuffled);
    REQUIRE_MESSAGE(scale.has_value(), join(ladder));
    CHECK(scale->family == ScaleFamily::Satisfaction);
    CHECK(scale->ordered);
    CHECK(scale->language == "French");
    CHECK(scale->levels == ladder);
    CHECK(scale->assumed.empty());
  }
}

TEST_CASE("match_scale: the scales of the former table, in their order") {
  // The list of whole scales survey matched against until issue 14: every one
  // must still be recognised, in this order, with nothing added.
  const std::vector<Levels> table = {
      {"Insatisfait", "Peu satisfait", "Satisfait", "Très satisfait"},
      {"Insatisfaite", "Peu satisfaite", "Satisfaite", "Très satisfaite"},
      {"Très insatisfait", "Insatisfait", "Satisfait", "Très satisfait"},
      {"Très insatisfait", "Insatisfait", "Ni satisfait ni insatisfait", "Satisfait",
       "Très satisfait"},
      {"Très insatisfait", "Insatisfait", "Neutre", "Satisfait", "Très satisfait"},
      {"Pas du tout satisfait", "Peu satisfait", "Assez satisfait", "Très satisfait"},
      {"Pas du tout satisfait", "Plutôt pas satisfait", "Plutôt satisfait",
       "Tout à fait satisfait"},
      {"Pas du tout satisfait", "Pas satisfait", "Satisfait", "Très satisfait"},
      {"Pas satisfait du tout", "Peu satisfait", "Plutôt satisfait", "Très satisfait"},
      {"Insatisfaisant", "Peu satisfaisant", "Satisfaisant", "Très satisfaisant"},
      {"Très insatisfaisant", "Insatisfaisant", "Satisfaisant", "Très satisfaisant"},
      {"Pas du tout satisfaisant", "Peu satisfaisant", "Assez satisfaisant", "Très satisfaisant"},
      {"Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied"},
      {"Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"},
      {"Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
       "Very satisfied"},
      {"Very unsatisfied", "Unsatisfied", "Neutral", "Satisfied", "Very satisfied"},
      {"Not at all satisfied", "Slightly satisfied", "Moderately satisfied", "Very satisfied",
       "Extremely satisfied"},
      {"Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord", "Tout à fait d'accord"},
      {"Pas du tout d'accord", "Plutôt pas d'accord", "Ni d'accord ni pas d'accord",
       "Plutôt d'accord", "Tout à fait d'accord"},
      {"Pas du tout d'accord", "Pas d'accord", "Neutre", "D'accord", "Tout à fait d'accord"},
      {"Pas du tout d'accord", "Pas d'accord", "Ni d'accord ni pas d'accord", "D'accord",
       "Tout à fait d'accord"},
      {"Pas du tout d'accord", "Pas d'accord", "D'accord", "Tout à fait d'accord"},
      {"Fortement en désaccord", "En désaccord", "Ni en accord ni en désaccord", "En accord",
       "Fortement en accord"},
      {"Strongly disagree", "Disagree", "Agree", "Strongly agree"},
      {"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"},
      {"Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"},
      {"Jamais", "Rarement", "Parfois", "Souvent", "Toujours"},
      {"Jamais", "Rarement", "Souvent", "Toujours"},
      {"Jamais", "Rarement", "De temps en temps", "Souvent", "Très souvent"},
      {"Never", "Rarely", "Sometimes", "Often", "Always"},
      {"Never", "Rarely", "Sometimes", "Often", "Very often"},
      {"Très mauvais", "Mauvais", "Moyen", "Bon", "Très bon"},
      {"Très mauvais", "Mauvais", "Bon", "Très bon"},
      {"Mauvais", "Moyen", "Bon", "Excellent"},
      {"Médiocre", "Passable", "Bien", "Très bien", "Excellent"},
      {"Insuffisant", "Passable", "Bien", "Très bien"},
      {"Very poor", "Poor", "Fair", "Good", "Very good"},
      {"Poor", "Fair", "Good", "Very good", "Excellent"},
      {"Poor", "Fair", "Good", "Excellent"},
      {"Pas du tout important", "Peu important", "Important", "Très important"},
      {"Not at all important", "Slightly important", "Moderately important", "Very important",
       "Extremely important"},
      {"Pas du tout probable", "Peu probable", "Probable", "Très probable"},
      {"Very unlikely", "Unlikely", "Likely", "Very likely"},
      {"Very unlikely", "Unlikely", "Neutral", "Likely", "Very likely"},
  };
  for (const auto& ladder : table) {
    Levels reversed(ladder.rbegin(), ladder.rend());
    auto scale = match_scale(reversed);
    REQUIRE_MESSAGE(scale.has_value(), join(ladder));
    CHECK_MESSAGE(scale->levels == ladder, join(scale->levels));
    CHECK(scale->ordered);
    CHECK(scale->assumed.empty());
  }
}

TEST_CASE("match_scale: generated scales, every family, language, size, form and missing levels") {
  std::mt19937 rng(20201207);
  std::size_t checked = 0, completed = 0;
  std::set<std::size_t> sizes;
  for (const auto& g : generated()) {
    for (const auto& ladder_template : g.ladders) {
      sizes.insert(ladder_template.size());
      const bool gendered_forms = join(ladder_template).find('{') != std::string::npos;
      for (int form = 0; form < (gendered_forms ? 4 : 1); ++form) {
        for (int accents = 0; accents < (g.french ? 2 : 1); ++accents) {
          const int style = static_cast<int>(rng() % 4);
          Levels ladder;
          for (const auto& t : ladder_template) {
            std::string text = gendered(t, form);
            if (accents) text = unaccented(text);
            ladder.push_back(cased(text, style));
          }
          const std::string what = join(ladder);
          // Every subset of two levels or more: a scale nobody answered in full.
          const std::size_t n = ladder.size();
          for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
            if (__builtin_popcount(mask) < 2) continue;
            Levels given;
            for (std::size_t i = 0; i < n; ++i)
              if (mask >> i & 1) given.push_back(ladder[i]);
            // In the order of a count: any order, repeats of a level spelt
            // differently (case, spaces) included.
            Levels values = given;
            std::shuffle(values.begin(), values.end(), rng);
            if (rng() % 3 == 0) values.push_back(" " + cased(given[0], 1) + " ");
            auto scale = match_scale(values);
            INFO(what, " given: ", join(given));
            REQUIRE(scale.has_value());
            CHECK(scale->family == g.family);
            CHECK(scale->ordered);
            CHECK(scale->language == (g.french ? "French" : "English"));
            // The levels given come out in the ladder's order...
            Levels kept;
            for (const auto& l : scale->levels)
              if (std::find(given.begin(), given.end(), l) != given.end()) kept.push_back(l);
            CHECK(kept == given);
            // ... and any level added is a level of that family, in rank order.
            CHECK(scale->levels.size() == given.size() + scale->assumed.size());
            double previous = -100;
            for (const auto& l : scale->levels) {
              auto level = read_scale_level(l);
              REQUIRE(level.has_value());
              CHECK((!level->family || level->family == g.family ||
                     (g.family == ScaleFamily::Agreement && level->family == ScaleFamily::YesNo)));
              CHECK(level->rank > previous);
              previous = level->rank;
            }
            // A scale given in full gets nothing added.
            if (given.size() == n) CHECK(scale->assumed.empty());
            completed += !scale->assumed.empty();
            ++checked;
          }
        }
      }
    }
  }
  CHECK(sizes == std::set<std::size_t>{4, 5, 7});
  MESSAGE(checked, " scales checked, ", completed, " completed");
  CHECK(checked > 5000);
}

TEST_CASE("match_scale: levels nobody chose") {
  // The platform samples: nobody answered "Insatisfait" of the COET-MOF scale.
  auto scale = match_scale({"Satisfait", "Très satisfait", "Peu satisfait"});
  REQUIRE(scale.has_value());
  CHECK(scale->levels == Levels{"Insatisfait", "Peu satisfait", "Satisfait", "Très satisfait"});
  CHECK(scale->assumed == Levels{"Insatisfait"});
  CHECK(describe_scale(*scale) ==
        "satisfaction scale (French): Insatisfait < Peu satisfait < Satisfait < Très satisfait");
  // Worded as the data words the others: gender, number, accents, case.
  scale = match_scale({"plutot satisfaites", "tout a fait satisfaites", "pas du tout satisfaites"});
  REQUIRE(scale.has_value());
  CHECK(scale->assumed == Levels{"plutot pas satisfaites"});
  scale = match_scale({"STRONGLY AGREE", "AGREE", "STRONGLY DISAGREE"});
  REQUIRE(scale.has_value());
  CHECK(scale->assumed == Levels{"DISAGREE"});
  // Accents are dropped only where the data drops them: "Insatisfait" and
  // "Satisfait" have none to drop, so the assumed level keeps its accent.
  scale = match_scale({"Insatisfait", "Satisfait", "Peu satisfait"});
  REQUIRE(scale.has_value());
  CHECK(scale->assumed == Levels{"Très satisfait"});
  scale = match_scale({"Insatisfait", "Satisfait", "Tres satisfait"});
  REQUIRE(scale.has_value());
  CHECK(scale->assumed == Levels{"Peu satisfait"});
  // Two bare poles, without an intensity word, are a scale of two: nothing
  // is assumed (answers collapsed by recode into "Satisfaits"/"Insatisfaits").
  scale = match_scale({"Satisfaits", "Insatisfaits"});
  REQUIRE(scale.has_value());
  CHECK(scale->levels == Levels{"Insatisfaits", "Satisfaits"});
  CHECK(scale->assumed.empty());
  scale = match_scale({"Satisfait", "Insatisfait"});
  REQUIRE(scale.has_value());
  CHECK(scale->levels == Levels{"Insatisfait", "Satisfait"});
  CHECK(scale->assumed.empty());
  // No common shape holds them: only the levels given.
  scale = match_scale({"Rarement", "Presque toujours"});
  REQUIRE(scale.has_value());
  CHECK(scale->levels == Levels{"Rarement", "Presque toujours"});
  CHECK(scale->assumed.empty());
}

TEST_CASE("match_scale: yes/no, and what is not a scale") {
  auto yes_no = match_scale({"Non", "Ne sait pas", "Oui"});
  REQUIRE(yes_no.has_value());
  CHECK(!yes_no->ordered);
  CHECK(yes_no->family == ScaleFamily::YesNo);
  CHECK(yes_no->levels == Levels{"Oui", "Non", "Ne sait pas"});
  CHECK(match_scale({"No", "Yes"})->levels == Levels{"Yes", "No"});
  const std::vector<Levels> not_scales = {
      {"Oui, une fois", "Non", "Oui, plusieurs fois"},
      {"Précis/cohérents", "Incomplets", "Autres"},
      {"Satisfait", "Paris"},
      {"Satisfait", "Souvent"},     // Two families.
      {"Satisfait", "Satisfaite"},  // One level twice.
      {"Neutre", "Neutral"},        // No family at all.
      {"Très satisfait"},           // One level.
      {"Plutôt oui", "Plutôt non",
       "Ne sait pas"}  // "Don't know" has no place on an agreement scale.
  };
  for (const auto& values : not_scales) CHECK_MESSAGE(!match_scale(values), join(values));
}
