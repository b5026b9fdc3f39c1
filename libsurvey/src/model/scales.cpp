// Scale recognition: the lexicons of intensity words and of each family's
// words, an answer's rank from them, and the order of a column's answers.
#include "survey/model/scales.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "survey/read/text.hpp"

namespace survey {
namespace {

using Tokens = std::vector<std::string>;

// The words of `text`, folded (case, accents, typographic signs) and split
// at anything that is not a letter or a digit: "D'accord" -> {"d", "accord"}.
Tokens words_of(std::string_view text) {
  Tokens out;
  std::string word;
  for (char c : fold(text)) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80) {
      word.push_back(c);
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

// How an intensity word changes the rank of the word it qualifies.
enum class Effect {
  Stronger,   // très, very, strongly: one step away from the middle.
  Strongest,  // tout à fait, extrêmement, completely: two steps.
  Milder,     // plutôt, assez, somewhat, tend to: one step towards the middle.
  Middling,   // moyennement.
  Slight,     // un peu, légèrement, slightly: just past the middle.
  Almost,     // presque, almost: half a step towards the middle.
  Low,        // peu, plutôt pas, pas vraiment, not very: just below the middle.
  VeryLow,    // très peu.
  Negate,     // pas, not: the opposite side.
  None,       // pas du tout, not at all: the lowest.
  AtAll,      // du tout, at all: only after "pas" / "not".
};

// Languages as a mask: a word may be both ("excellent", "important").
constexpr unsigned kFr = 1, kEn = 2, kBoth = kFr | kEn;

struct Modifier {
  std::string_view words;
  Effect effect;
  unsigned languages;
  bool after = false;  // May follow the word ("Oui, tout à fait", "probablement pas", "pas
                       // satisfait du tout").
};

// Longer phrases are tried as well as their prefixes, so order does not matter.
constexpr std::array kModifiers = {
    Modifier{"tres", Effect::Stronger, kFr},
    Modifier{"vraiment", Effect::Stronger, kFr, true},
    Modifier{"fortement", Effect::Stronger, kFr},
    Modifier{"particulierement", Effect::Stronger, kFr},
    Modifier{"tout a fait", Effect::Strongest, kFr, true},
    Modifier{"extremement", Effect::Strongest, kFr},
    Modifier{"totalement", Effect::Strongest, kFr},
    Modifier{"completement", Effect::Strongest, kFr},
    Modifier{"entierement", Effect::Strongest, kFr},
    Modifier{"absolument", Effect::Strongest, kFr, true},
    Modifier{"parfaitement", Effect::Strongest, kFr},
    Modifier{"plutot", Effect::Milder, kFr, true},
    Modifier{"assez", Effect::Milder, kFr},
    Modifier{"relativement", Effect::Milder, kFr},
    Modifier{"moyennement", Effect::Middling, kFr},
    Modifier{"un peu", Effect::Slight, kFr},
    Modifier{"legerement", Effect::Slight, kFr},
    Modifier{"partiellement", Effect::Slight, kFr},
    Modifier{"en partie", Effect::Slight, kFr},
    Modifier{"presque", Effect::Almost, kFr},
    Modifier{"peu", Effect::Low, kFr},
    Modifier{"plutot pas", Effect::Low, kFr, true},
    Modifier{"pas vraiment", Effect::Low, kFr, true},
    Modifier{"pas tres", Effect::Low, kFr},
    Modifier{"pas tellement", Effect::Low, kFr},
    Modifier{"pas trop", Effect::Low, kFr},
    Modifier{"tres peu", Effect::VeryLow, kFr},
    Modifier{"pas", Effect::Negate, kFr, true},
    Modifier{"non", Effect::Negate, kFr},
    Modifier{"pas du tout", Effect::None, kFr, true},
    Modifier{"absolument pas", Effect::None, kFr},
    Modifier{"du tout", Effect::AtAll, kFr, true},
    Modifier{"very", Effect::Stronger, kEn},
    Modifier{"strongly", Effect::Stronger, kEn},
    Modifier{"highly", Effect::Stronger, kEn},
    Modifier{"really", Effect::Stronger, kEn},
    Modifier{"extremely", Effect::Strongest, kEn},
    Modifier{"completely", Effect::Strongest, kEn},
    Modifier{"totally", Effect::Strongest, kEn},
    Modifier{"entirely", Effect::Strongest, kEn},
    Modifier{"absolutely", Effect::Strongest, kEn},
    Modifier{"somewhat", Effect::Milder, kEn},
    Modifier{"fairly", Effect::Milder, kEn},
    Modifier{"rather", Effect::Milder, kEn},
    Modifier{"quite", Effect::Milder, kEn},
    Modifier{"moderately", Effect::Milder, kEn},
    Modifier{"tend to", Effect::Milder, kEn},
    Modifier{"slightly", Effect::Slight, kEn},
    Modifier{"a little", Effect::Slight, kEn},
    Modifier{"a bit", Effect::Slight, kEn},
    Modifier{"mildly", Effect::Slight, kEn},
    Modifier{"partly", Effect::Slight, kEn},
    Modifier{"partially", Effect::Slight, kEn},
    Modifier{"almost", Effect::Almost, kEn},
    Modifier{"not very", Effect::Low, kEn},
    Modifier{"not really", Effect::Low, kEn},
    Modifier{"not particularly", Effect::Low, kEn},
    Modifier{"not so", Effect::Low, kEn},
    Modifier{"not too", Effect::Low, kEn},
    Modifier{"tend not to", Effect::Low, kEn},
    Modifier{"not", Effect::Negate, kEn, true},
    Modifier{"not at all", Effect::None, kEn},
    Modifier{"at all", Effect::AtAll, kEn, true},
};

// A word of a family's lexicon, with its rank when nothing qualifies it.
struct Word {
  std::string_view words;
  ScaleFamily family;
  double rank;
  unsigned languages;
  bool adjective = false;  // French adjective: feminine and plural forms match too.
};

using F = ScaleFamily;
constexpr std::array kWords = {
    // Satisfaction.
    Word{"satisfait", F::Satisfaction, 2, kFr, true},
    Word{"insatisfait", F::Satisfaction, -2, kFr, true},
    Word{"satisfaisant", F::Satisfaction, 2, kFr, true},
    Word{"insatisfaisant", F::Satisfaction, -2, kFr, true},
    Word{"content", F::Satisfaction, 2, kFr, true},
    Word{"mecontent", F::Satisfaction, -2, kFr, true},
    Word{"satisfied", F::Satisfaction, 2, kEn},
    Word{"dissatisfied", F::Satisfaction, -2, kEn},
    Word{"unsatisfied", F::Satisfaction, -2, kEn},
    Word{"satisfactory", F::Satisfaction, 2, kEn},
    Word{"unsatisfactory", F::Satisfaction, -2, kEn},
    // Agreement.
    Word{"d accord", F::Agreement, 2, kFr},
    Word{"en accord", F::Agreement, 2, kFr},
    Word{"en desaccord", F::Agreement, -2, kFr},
    Word{"desaccord", F::Agreement, -2, kFr},
    Word{"agree", F::Agreement, 2, kEn},
    Word{"disagree", F::Agreement, -2, kEn},
    // Frequency.
    Word{"jamais", F::Frequency, -4, kFr},
    Word{"rarement", F::Frequency, -2, kFr},
    Word{"occasionnellement", F::Frequency, -1, kFr},
    Word{"parfois", F::Frequency, 0, kFr},
    Word{"quelquefois", F::Frequency, 0, kFr},
    Word{"de temps en temps", F::Frequency, 0, kFr},
    Word{"de temps a autre", F::Frequency, 0, kFr},
    Word{"souvent", F::Frequency, 2, kFr},
    Word{"frequemment", F::Frequency, 2, kFr},
    Word{"regulierement", F::Frequency, 2, kFr},
    Word{"la plupart du temps", F::Frequency, 3, kFr},
    Word{"generalement", F::Frequency, 3, kFr},
    Word{"habituellement", F::Frequency, 3, kFr},
    Word{"toujours", F::Frequency, 4, kFr},
    Word{"tout le temps", F::Frequency, 4, kFr},
    Word{"systematiquement", F::Frequency, 4, kFr},
    Word{"never", F::Frequency, -4, kEn},
    Word{"hardly ever", F::Frequency, -3, kEn},
    Word{"rarely", F::Frequency, -2, kEn},
    Word{"seldom", F::Frequency, -2, kEn},
    Word{"occasionally", F::Frequency, -1, kEn},
    Word{"sometimes", F::Frequency, 0, kEn},
    Word{"often", F::Frequency, 2, kEn},
    Word{"frequently", F::Frequency, 2, kEn},
    Word{"regularly", F::Frequency, 2, kEn},
    Word{"usually", F::Frequency, 3, kEn},
    Word{"most of the time", F::Frequency, 3, kEn},
    Word{"always", F::Frequency, 4, kEn},
    Word{"all the time", F::Frequency, 4, kEn},
    Word{"every time", F::Frequency, 4, kEn},
    // Likelihood.
    Word{"probable", F::Likelihood, 2, kFr, true},
    Word{"improbable", F::Likelihood, -2, kFr, true},
    Word{"probablement", F::Likelihood, 1, kFr},
    Word{"certainement", F::Likelihood, 3, kFr},
    Word{"surement", F::Likelihood, 3, kFr},
    Word{"peut etre", F::Likelihood, 0, kFr},
    Word{"likely", F::Likelihood, 2, kEn},
    Word{"unlikely", F::Likelihood, -2, kEn},
    Word{"probably", F::Likelihood, 1, kEn},
    Word{"definitely", F::Likelihood, 3, kEn},
    Word{"certainly", F::Likelihood, 3, kEn},
    Word{"maybe", F::Likelihood, 0, kEn},
    Word{"might or might not", F::Likelihood, 0, kEn},
    // Quality.
    Word{"execrable", F::Quality, -4, kFr, true},
    Word{"mauvais", F::Quality, -2, kFr, true},
    Word{"mediocre", F::Quality, -2, kFr, true},
    Word{"insuffisant", F::Quality, -2, kFr, true},
    Word{"passable", F::Quality, -0.5, kFr, true},
    Word{"moyen", F::Quality, 0, kFr, true},
    Word{"correct", F::Quality, 1, kFr, true},
    Word{"bon", F::Quality, 2, kFr, true},
    Word{"bien", F::Quality, 2, kFr},
    Word{"excellent", F::Quality, 4, kBoth, true},
    Word{"terrible", F::Quality, -4, kEn},
    Word{"poor", F::Quality, -2, kEn},
    Word{"bad", F::Quality, -2, kEn},
    Word{"below average", F::Quality, -1, kEn},
    Word{"fair", F::Quality, 0, kEn},
    Word{"average", F::Quality, 0, kEn},
    Word{"above average", F::Quality, 1, kEn},
    Word{"good", F::Quality, 2, kEn},
    // Importance.
    Word{"important", F::Importance, 2, kBoth, true},
    Word{"sans importance", F::Importance, -2, kFr},
    Word{"essentiel", F::Importance, 4, kFr, true},
    Word{"unimportant", F::Importance, -2, kEn},
    Word{"essential", F::Importance, 4, kEn},
    // Yes / no, and "don't know" (rank 0).
    Word{"oui", F::YesNo, 2, kFr},
    Word{"non", F::YesNo, -2, kFr},
    Word{"ne sait pas", F::YesNo, 0, kFr},
    Word{"ne sais pas", F::YesNo, 0, kFr},
    Word{"je ne sais pas", F::YesNo, 0, kFr},
    Word{"nsp", F::YesNo, 0, kFr},
    Word{"ne se prononce pas", F::YesNo, 0, kFr},
    Word{"yes", F::YesNo, 2, kEn},
    Word{"no", F::YesNo, -2, kEn},
    Word{"don t know", F::YesNo, 0, kEn},
    Word{"dont know", F::YesNo, 0, kEn},
    Word{"i don t know", F::YesNo, 0, kEn},
    Word{"not sure", F::YesNo, 0, kEn},
    Word{"unsure", F::YesNo, 0, kEn},
};

// Middles that fit any family.
struct Middle {
  std::string_view words;
  unsigned languages;
};
constexpr std::array kMiddles = {Middle{"neutre", kFr}, Middle{"neutral", kEn},
                                 Middle{"indifferent", kBoth}, Middle{"mitige", kFr},
                                 Middle{"ni l un ni l autre", kFr}};

// The masculine singular forms a French word may be: "satisfaites" ->
// "satisfaite", "satisfait"; "bonnes" -> "bon"; "mauvaise" -> "mauvais".
bool adjective_matches(const std::string& token, std::string_view base) {
  if (token == base) return true;
  auto strip = [&](std::string_view suffix, std::string_view replacement) {
    if (token.size() <= suffix.size() || !token.ends_with(suffix)) return false;
    std::string t = token.substr(0, token.size() - suffix.size());
    t.append(replacement);
    return t == base;
  };
  return strip("s", "") || strip("e", "") || strip("es", "") || strip("nne", "n") ||
         strip("nnes", "n") || strip("lle", "l") || strip("lles", "l");
}

struct Lexicon {
  std::vector<Tokens> modifiers;  // kModifiers[i] split into words.
  std::vector<Tokens> words;      // kWords[i] split into words.
  std::vector<Tokens> middles;
};

const Lexicon& lexicon() {
  static const Lexicon kLexicon = [] {
    Lexicon l;
    for (const auto& m : kModifiers) l.modifiers.push_back(words_of(m.words));
    for (const auto& w : kWords) l.words.push_back(words_of(w.words));
    for (const auto& m : kMiddles) l.middles.push_back(words_of(m.words));
    return l;
  }();
  return kLexicon;
}

bool phrase_at(const Tokens& tokens, std::size_t at, std::size_t end, const Tokens& phrase,
               bool adjective = false) {
  if (end - at < phrase.size()) return false;
  for (std::size_t k = 0; k < phrase.size(); ++k) {
    bool same = adjective && phrase.size() == 1 ? adjective_matches(tokens[at + k], phrase[k])
                                                : tokens[at + k] == phrase[k];
    if (!same) return false;
  }
  return true;
}

// The rank `effect` gives a word of rank `rank`; nullopt when the phrase
// makes no sense ("très parfois", "peu insatisfait").
std::optional<double> apply(Effect effect, double rank, bool yes_no) {
  const double sign = rank > 0 ? 1 : -1;
  const double m = std::fabs(rank);
  switch (effect) {
    case Effect::Stronger:
      if (m == 0) return std::nullopt;
      return sign * (m + 1);
    case Effect::Strongest:
      if (m == 0) return std::nullopt;
      return sign * (m + 2);
    case Effect::Milder:
      if (m < 2) return std::nullopt;
      return sign * (m - 1);
    case Effect::Middling:
      if (m < 2) return std::nullopt;
      return sign * (m - 1.25);
    case Effect::Slight:
      if (m < 2) return std::nullopt;
      return sign * (m - 1.5);
    case Effect::Almost:
      if (m < 2) return std::nullopt;
      return sign * (m - 0.5);
    case Effect::Low:
      if (rank > 0 || (rank < 0 && yes_no)) return -1.0;
      return std::nullopt;
    case Effect::VeryLow:
      if (rank > 0) return -2.5;
      return std::nullopt;
    case Effect::Negate:
      if (rank > 0) return -rank;
      if (rank < 0 && yes_no) return rank;  // "Non, pas ..."
      return std::nullopt;
    case Effect::None:
      if (rank > 0 || (rank < 0 && yes_no)) return -4.0;
      return std::nullopt;
    case Effect::AtAll:
      return std::nullopt;
  }
  return std::nullopt;
}

// An answer read, with the word of the lexicon it holds.
struct Reading {
  ScaleLevel level;
  std::ptrdiff_t word = -1;  // Index in kWords; -1 for a middle.
  std::string token;         // The answer's (folded) spelling of that word's last token.
};

// [modifier] word [modifier], covering tokens[begin, end) exactly.
std::optional<Reading> read_plain(const Tokens& tokens, std::size_t begin, std::size_t end) {
  const Lexicon& lex = lexicon();
  if (begin >= end) return std::nullopt;
  std::vector<std::optional<std::size_t>> befores = {std::nullopt};
  for (std::size_t m = 0; m < kModifiers.size(); ++m)
    if (phrase_at(tokens, begin, end, lex.modifiers[m])) befores.push_back(m);
  for (const auto& before : befores) {
    const std::size_t at = begin + (before ? lex.modifiers[*before].size() : 0);
    for (std::size_t w = 0; w < kWords.size(); ++w) {
      const Word& word = kWords[w];
      if (!phrase_at(tokens, at, end, lex.words[w], word.adjective)) continue;
      const std::size_t rest = at + lex.words[w].size();
      std::optional<std::size_t> after;
      if (rest < end) {
        for (std::size_t m = 0; m < kModifiers.size(); ++m)
          if (kModifiers[m].after && lex.modifiers[m].size() == end - rest &&
              phrase_at(tokens, rest, end, lex.modifiers[m]))
            after = m;
        if (!after) continue;
      }
      const bool yes_no = word.family == ScaleFamily::YesNo;
      std::optional<double> rank = word.rank;
      unsigned languages = word.languages;
      if (before && after && kModifiers[*before].effect == Effect::Negate &&
          kModifiers[*after].effect == Effect::AtAll) {
        rank =
            apply(Effect::None, *rank, yes_no);  // "pas satisfait du tout", "not satisfied at all".
      } else {
        if (before) rank = apply(kModifiers[*before].effect, *rank, yes_no);
        if (rank && after) rank = apply(kModifiers[*after].effect, *rank, yes_no);
      }
      if (!rank) continue;
      for (const auto& m : {before, after})
        if (m) languages &= kModifiers[*m].languages;
      if (!languages) continue;  // "very satisfait"
      return Reading{ScaleLevel{word.family, *rank, before.has_value() || after.has_value(),
                                (languages & kFr) != 0, (languages & kEn) != 0},
                     static_cast<std::ptrdiff_t>(w), tokens[rest - 1]};
    }
  }
  return std::nullopt;
}

std::optional<Reading> read_answer(std::string_view answer) {
  const Tokens tokens = words_of(answer);
  if (tokens.empty() || tokens.size() > 12) return std::nullopt;
  for (std::size_t m = 0; m < kMiddles.size(); ++m) {
    const Tokens& words = lexicon().middles[m];
    if (tokens.size() == words.size() && phrase_at(tokens, 0, tokens.size(), words, true))
      return Reading{ScaleLevel{std::nullopt, 0, false, (kMiddles[m].languages & kFr) != 0,
                                (kMiddles[m].languages & kEn) != 0},
                     -1,
                     {}};
  }
  // "Ni satisfait ni insatisfait", "Neither agree nor disagree": the middle
  // between two levels of one family.
  struct Frame {
    std::string_view first, second;
    bool english;
  };
  for (const Frame& f : {Frame{"ni", "ni", false}, Frame{"neither", "nor", true}}) {
    if (tokens[0] != f.first) continue;
    for (std::size_t k = 2; k + 1 < tokens.size(); ++k) {
      if (tokens[k] != f.second) continue;
      auto a = read_plain(tokens, 1, k);
      auto b = read_plain(tokens, k + 1, tokens.size());
      if (!a || !b || a->level.family != b->level.family || a->level.family == ScaleFamily::YesNo ||
          (a->level.rank > 0) == (b->level.rank > 0))
        continue;
      if (f.english ? !(a->level.english && b->level.english)
                    : !(a->level.french && b->level.french))
        continue;
      return Reading{ScaleLevel{a->level.family, 0, false, !f.english, f.english}, -1, {}};
    }
  }
  return read_plain(tokens, 0, tokens.size());
}

// Completing a scale nobody answered in full. The levels given are kept;
// the levels nobody chose are taken from the smallest common shape of a
// scale of that family that holds every level given, worded with the
// data's own words (its stem, gender and number, accents and case). Shapes
// are patterns of intensity words around a family's pair of words, not
// whole scales: "{N}|peu {P}|{P}|{S} {P}" is Insatisfait … Très satisfait,
// Improbable … Très probable, Pas important … Très important.

struct Observed {
  std::string value;  // As given.
  std::string key;    // Folded.
  Reading reading;
};

// A family's pair of words in display form, and its strong intensity word.
struct Pair {
  ScaleFamily family;
  unsigned languages;
  std::string_view positive, negative, strong;
  bool adjective;
};

constexpr std::array kPairs = {
    Pair{F::Satisfaction, kFr, "satisfait", "insatisfait", "très", true},
    Pair{F::Satisfaction, kFr, "satisfaisant", "insatisfaisant", "très", true},
    Pair{F::Satisfaction, kFr, "content", "mécontent", "très", true},
    Pair{F::Satisfaction, kEn, "satisfied", "dissatisfied", "very", false},
    Pair{F::Satisfaction, kEn, "satisfied", "unsatisfied", "very", false},
    Pair{F::Satisfaction, kEn, "satisfactory", "unsatisfactory", "very", false},
    Pair{F::Agreement, kFr, "d'accord", "pas d'accord", "tout à fait", false},
    Pair{F::Agreement, kFr, "en accord", "en désaccord", "fortement", false},
    Pair{F::Agreement, kEn, "agree", "disagree", "strongly", false},
    Pair{F::Likelihood, kFr, "probable", "improbable", "très", true},
    Pair{F::Likelihood, kEn, "likely", "unlikely", "very", false},
    Pair{F::Importance, kFr, "important", "pas important", "très", true},
    Pair{F::Importance, kEn, "important", "unimportant", "very", false},
};

constexpr unsigned bit(ScaleFamily f) {
  return 1u << static_cast<unsigned>(f);
}
constexpr unsigned kStems =
    bit(F::Satisfaction) | bit(F::Agreement) | bit(F::Likelihood) | bit(F::Importance);
constexpr unsigned kGraded =
    bit(F::Satisfaction) | bit(F::Likelihood) | bit(F::Importance);  // "peu", "assez"

struct Shape {
  unsigned families;
  unsigned languages;
  std::string_view levels;  // Lowest first; {P} {N} {S} from the pair, or the family's own words.
};

// Most common first: among shapes of the same size, the first that fits wins.
constexpr std::array kShapes = {
    Shape{bit(F::Satisfaction), kFr, "{N}|peu {P}|{P}|{S} {P}"},
    Shape{kStems, kFr, "{S} {N}|{N}|{P}|{S} {P}"},
    Shape{kStems, kFr, "pas du tout {P}|plutôt pas {P}|plutôt {P}|tout à fait {P}"},
    Shape{kStems, kFr, "pas du tout {P}|pas {P}|{P}|{S} {P}"},
    Shape{kGraded, kFr, "pas du tout {P}|peu {P}|assez {P}|{S} {P}"},
    Shape{kGraded, kFr, "pas du tout {P}|peu {P}|{P}|{S} {P}"},
    Shape{kGraded, kFr, "pas du tout {P}|plutôt pas {P}|plutôt {P}|{S} {P}"},
    Shape{kStems, kFr, "{S} {N}|{N}|ni {P} ni {N}|{P}|{S} {P}"},
    Shape{kStems, kFr, "{S} {N}|{N}|neutre|{P}|{S} {P}"},
    Shape{kStems, kFr, "pas du tout {P}|plutôt pas {P}|ni {P} ni {N}|plutôt {P}|tout à fait {P}"},
    Shape{kStems, kFr, "pas du tout {P}|pas {P}|ni {P} ni pas {P}|{P}|tout à fait {P}"},
    Shape{kGraded, kFr, "pas du tout {P}|peu {P}|ni {P} ni {N}|{P}|{S} {P}"},
    Shape{kGraded, kFr, "pas du tout {P}|peu {P}|moyennement {P}|{P}|{S} {P}"},
    Shape{kStems, kFr, "{S} {N}|{N}|plutôt {N}|ni {P} ni {N}|plutôt {P}|{P}|{S} {P}"},
    Shape{kStems, kEn, "{S} {N}|{N}|{P}|{S} {P}"},
    Shape{kStems, kEn, "{S} {N}|{N}|neither {P} nor {N}|{P}|{S} {P}"},
    Shape{kStems, kEn, "{S} {N}|{N}|neutral|{P}|{S} {P}"},
    Shape{kGraded, kEn, "not at all {P}|slightly {P}|moderately {P}|very {P}|extremely {P}"},
    Shape{kStems, kEn, "{S} {N}|{N}|somewhat {N}|neither {P} nor {N}|somewhat {P}|{P}|{S} {P}"},
    Shape{bit(F::Frequency), kFr, "jamais|rarement|souvent|toujours"},
    Shape{bit(F::Frequency), kFr, "jamais|rarement|parfois|souvent|toujours"},
    Shape{bit(F::Frequency), kFr, "jamais|rarement|de temps en temps|souvent|très souvent"},
    Shape{bit(F::Frequency), kEn, "never|rarely|often|always"},
    Shape{bit(F::Frequency), kEn, "never|rarely|sometimes|often|always"},
    Shape{bit(F::Frequency), kEn, "never|rarely|sometimes|often|very often"},
    Shape{bit(F::Quality), kFr, "très mauvais|mauvais|bon|très bon"},
    Shape{bit(F::Quality), kFr, "mauvais|moyen|bon|excellent"},
    Shape{bit(F::Quality), kFr, "insuffisant|passable|bien|très bien"},
    Shape{bit(F::Quality), kFr, "très mauvais|mauvais|moyen|bon|très bon"},
    Shape{bit(F::Quality), kFr, "médiocre|passable|bien|très bien|excellent"},
    Shape{bit(F::Quality), kEn, "poor|fair|good|excellent"},
    Shape{bit(F::Quality), kEn, "very poor|poor|fair|good|very good"},
    Shape{bit(F::Quality), kEn, "poor|fair|good|very good|excellent"},
};

std::vector<std::string> split_levels(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t start = 0;;) {
    std::size_t bar = text.find('|', start);
    out.emplace_back(
        text.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
    if (bar == std::string_view::npos) return out;
    start = bar + 1;
  }
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
}

bool is_ascii_text(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// How the data writes its levels, to word the assumed ones alike.
struct Style {
  bool ascii = false;    // No accents anywhere, and a level given without its accents: write none.
  bool upper = false;    // EVERYTHING IN CAPITALS.
  bool capital = false;  // First letter in capitals.
};

Style style_of(const std::vector<Observed>& levels) {
  Style st;
  st.ascii = std::all_of(levels.begin(), levels.end(),
                         [](const Observed& o) { return is_ascii_text(o.value); });
  st.upper = std::all_of(levels.begin(), levels.end(), [](const Observed& o) {
    return std::none_of(o.value.begin(), o.value.end(),
                        [](char c) { return c >= 'a' && c <= 'z'; });
  });
  st.capital = std::all_of(levels.begin(), levels.end(), [](const Observed& o) {
    return !o.value.empty() && o.value[0] >= 'A' && o.value[0] <= 'Z';
  });
  return st;
}

std::string styled(std::string text, const Style& st) {
  if (st.ascii || st.upper) text = fold(text);
  if (st.upper) {
    for (char& c : text)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  } else if (st.capital && !text.empty() && text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  }
  return text;
}

// The levels of the completed scale, lowest first, each with whether it was
// assumed; nullopt when no shape holds every level given, or the smallest
// that does is just the levels given.
std::optional<std::vector<std::pair<std::string, bool>>> complete(
    ScaleFamily family, bool english, const std::vector<Observed>& levels) {
  const unsigned language = english ? kEn : kFr;
  // The family's pair of words the data uses, with its gender and number.
  const Pair* pair = nullptr;
  std::string suffix;
  for (const auto& p : kPairs) {
    if (p.family != family || !(p.languages & language)) continue;
    for (const auto& o : levels) {
      if (o.reading.word < 0) continue;
      const Word& w = kWords[static_cast<std::size_t>(o.reading.word)];
      for (auto display : {p.positive, p.negative}) {
        const Tokens words = words_of(display);
        std::string joined;
        for (const auto& t : words) joined += (joined.empty() ? "" : " ") + t;
        if (joined != w.words || pair) continue;
        pair = &p;
        if (p.adjective && o.reading.token.starts_with(words.back()))
          suffix = o.reading.token.substr(words.back().size());
      }
    }
    if (pair) break;
  }
  if (suffix != "" && suffix != "e" && suffix != "s" && suffix != "es") return std::nullopt;
  const Style st = style_of(levels);
  std::optional<std::vector<std::pair<std::string, bool>>> best;
  std::vector<std::pair<std::string, bool>> candidate;
  for (const auto& shape : kShapes) {
    if (!(shape.families & bit(family)) || !(shape.languages & language)) continue;
    const bool stems = std::string_view(shape.levels).find('{') != std::string_view::npos;
    if (stems && !pair) continue;
    candidate.clear();
    bool accents_dropped = false;
    std::size_t matched = 0;
    std::optional<double> previous;
    bool fits = true;
    for (std::string text : split_levels(shape.levels)) {
      if (stems) {
        replace_all(text, "{S}", pair->strong);
        replace_all(text, "{P}", std::string(pair->positive) + suffix);
        replace_all(text, "{N}", std::string(pair->negative) + suffix);
      }
      auto reading = read_answer(text);
      if (!reading || (reading->level.family && reading->level.family != family) ||
          (previous && reading->level.rank <= *previous)) {
        fits = false;
        break;
      }
      previous = reading->level.rank;
      const std::string key = fold(text);
      auto given = std::find_if(levels.begin(), levels.end(),
                                [&](const Observed& o) { return o.key == key; });
      if (given != levels.end()) {
        ++matched;
        candidate.emplace_back(given->value, false);
        // The data writes without accents a word the shape has with them.
        if (!is_ascii_text(text)) accents_dropped = true;
      } else {
        candidate.emplace_back(text, true);
      }
    }
    if (!fits || matched != levels.size()) continue;
    Style shape_style = st;
    shape_style.ascii = st.ascii && accents_dropped;
    for (auto& [level, assumed] : candidate)
      if (assumed) level = styled(level, shape_style);
    if (!best || candidate.size() < best->size()) best = candidate;
  }
  if (best && best->size() == levels.size()) return std::nullopt;  // A whole common shape.
  return best;
}

}  // namespace

std::string_view family_name(ScaleFamily family) noexcept {
  switch (family) {
    case ScaleFamily::Satisfaction:
      return "satisfaction";
    case ScaleFamily::Agreement:
      return "agreement";
    case ScaleFamily::Frequency:
      return "frequency";
    case ScaleFamily::Likelihood:
      return "likelihood";
    case ScaleFamily::Quality:
      return "quality";
    case ScaleFamily::Importance:
      return "importance";
    case ScaleFamily::YesNo:
      return "yes-no";
  }
  return "?";
}

std::optional<ScaleLevel> read_scale_level(std::string_view answer) {
  if (auto r = read_answer(answer)) return r->level;
  return std::nullopt;
}

std::optional<Scale> match_scale(const std::vector<std::string>& values) {
  std::vector<Observed> levels;
  std::set<std::string> keys;
  for (const auto& v : values) {
    std::string key = fold(v);
    if (!keys.insert(key).second) continue;
    auto reading = read_answer(v);
    if (!reading) return std::nullopt;
    levels.push_back(Observed{v, std::move(key), std::move(*reading)});
  }
  if (levels.size() < 2) return std::nullopt;
  std::optional<ScaleFamily> family;
  bool modified = false, french = true, english = true;
  for (const auto& o : levels) {
    const ScaleLevel& l = o.reading.level;
    french = french && l.french;
    english = english && l.english;
    modified = modified || l.modified;
    if (!l.family) continue;
    if (family && *family != *l.family) return std::nullopt;
    family = l.family;
  }
  if (!family) return std::nullopt;
  Scale scale;
  scale.language = french && english ? "French or English"
                   : french          ? "French"
                   : english         ? "English"
                                     : "French and English";
  auto rank_of = [](const Observed& o) { return o.reading.level.rank; };
  if (*family == ScaleFamily::YesNo) {
    if (modified) {
      // "Oui, tout à fait … Non, pas du tout": agreement; "ne sait pas" has no place on it.
      for (const auto& o : levels)
        if (!o.reading.level.family || rank_of(o) == 0) return std::nullopt;
      family = ScaleFamily::Agreement;
    } else {
      for (const auto& o : levels)
        if (!o.reading.level.family) return std::nullopt;
      // Yes, no, don't know.
      auto place = [&](const Observed& o) { return rank_of(o) > 0 ? 0 : rank_of(o) < 0 ? 1 : 2; };
      std::stable_sort(levels.begin(), levels.end(),
                       [&](const Observed& a, const Observed& b) { return place(a) < place(b); });
      for (std::size_t i = 1; i < levels.size(); ++i)
        if (place(levels[i]) == place(levels[i - 1])) return std::nullopt;
      scale.family = ScaleFamily::YesNo;
      scale.name = family_name(scale.family);
      scale.ordered = false;
      for (const auto& o : levels) scale.levels.push_back(o.value);
      return scale;
    }
  }
  std::stable_sort(levels.begin(), levels.end(),
                   [&](const Observed& a, const Observed& b) { return rank_of(a) < rank_of(b); });
  for (std::size_t i = 1; i < levels.size(); ++i)
    if (rank_of(levels[i]) == rank_of(levels[i - 1])) return std::nullopt;
  scale.family = *family;
  scale.name = family_name(scale.family);
  // Levels nobody chose are assumed only when an answer carries an intensity
  // word ("Peu satisfait"): two bare poles ("Satisfaits", "Insatisfaits")
  // are a scale of two.
  if (auto completed = modified ? complete(*family, english && !french, levels) : std::nullopt) {
    for (const auto& [text, assumed] : *completed) {
      scale.levels.push_back(text);
      if (assumed) scale.assumed.push_back(text);
    }
  } else {
    for (const auto& o : levels) scale.levels.push_back(o.value);
  }
  return scale;
}

std::string describe_scale(const Scale& scale) {
  if (!scale.ordered)
    return fmt::format("yes/no answers ({}): {}", scale.language, fmt::join(scale.levels, ", "));
  return fmt::format("{} scale ({}): {}", scale.name, scale.language,
                     fmt::join(scale.levels, " < "));
}

}  // namespace survey
