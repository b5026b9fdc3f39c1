// Markdown and JSON views of a cross-tabulation. See xtab.hpp.
#include "survey/render/xtab.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "survey/render/markdown.hpp"

namespace survey {
namespace {

struct Words {
  const char* answer;
  const char* total;
  const char* responses;
  const char* response;
  const char* of_col;
  const char* of_row;
  const char* of_total;
  const char* counts;
  const char* interval;
  const char* letters;
  const char* chi2;
  const char* df;
  const char* cramer;
  const char* fisher;
  const char* small;
  const char* no_chi2_multi;
  const char* no_chi2_small;
  const char* left_out;
  const char* multi;
  const char* effective;
  const char* weighted;
  const char* rao_scott;
  const char* letters_weighted;
  const char* no_fisher;
};

constexpr Words kEn = {
    "Answer",
    "Total",
    "responses",
    "response",
    "Column percentages of those who answered both questions; (n): respondents.",
    "Row percentages of those who answered both questions; (n): respondents.",
    "Percentages of all {} who answered both questions; (n): respondents.",
    "Respondents who answered both questions.",
    "In brackets: the {} confidence interval ({}).",
    "A letter after a percentage: it is significantly higher than that of the column with this "
    "letter "
    "(two-proportion z-tests at the {} level, Bonferroni-adjusted for {} pairs of columns).",
    "Chi-square",
    "df",
    "Cramér's V",
    "Fisher's exact test",
    "{} of the {} expected counts ({} %) are under 5: the chi-square p-value is unreliable; merge "
    "answers or "
    "groups{}.",
    "No chi-square: several answers possible, so the columns' answers do not add up to their "
    "respondents.",
    "No chi-square: the table needs at least two answers and two groups with respondents.",
    "{} respondent{} who answered {} but not {} {} left out.",
    "Several answers possible: percentages of the respondents, adding up past 100 %.",
    "Effective base",
    "Weighted by {}: the percentages are of the sums of weights; (n) counts the respondents, "
    "unweighted; the effective base (Kish) is what the weighted respondents are worth as a simple "
    "random sample.",
    "Rao–Scott F{} {}, df {} and {}, {} (first order: chi-square {}, df {}, {}) · weighted "
    "Cramér's V{} {}",
    "A letter after a percentage: it is significantly higher than that of the column with this "
    "letter (two-proportion z-tests on the columns' effective bases, at the {} level, "
    "Bonferroni-adjusted for {} pairs of columns).",
    "No Fisher's exact test: it needs counts, not weights.",
};
constexpr Words kFr = {
    "Réponse",
    "Ensemble",
    "réponses",
    "réponse",
    "Pourcentages de la colonne, parmi ceux qui ont répondu aux deux questions ; (n) : répondants.",
    "Pourcentages de la ligne, parmi ceux qui ont répondu aux deux questions ; (n) : répondants.",
    "Pourcentages de l'ensemble des {} qui ont répondu aux deux questions ; (n) : répondants.",
    "Répondants qui ont répondu aux deux questions.",
    "Entre crochets : l'intervalle de confiance à {} ({}).",
    "Une lettre après un pourcentage : il est significativement plus élevé que celui de la colonne "
    "de cette "
    "lettre (tests z de deux proportions au seuil de {}, correction de Bonferroni pour {} paires "
    "de colonnes).",
    "Khi-deux",
    "ddl",
    "V de Cramér",
    "test exact de Fisher",
    "{} des {} effectifs attendus ({} %) sont inférieurs à 5 : la p-valeur du khi-deux n'est pas "
    "fiable ; "
    "regroupez des réponses ou des groupes{}.",
    "Pas de khi-deux : plusieurs réponses possibles, les réponses d'une colonne ne s'additionnent "
    "pas à ses "
    "répondants.",
    "Pas de khi-deux : il faut au moins deux réponses et deux groupes avec des répondants.",
    "{} répondant{} qui {} répondu à {} mais pas à {} {} laissé{} de côté.",
    "Plusieurs réponses possibles : pourcentages des répondants, leur total dépasse 100 %.",
    "Base effective",
    "Pondération {} : les pourcentages portent sur les sommes des poids ; (n) compte les "
    "répondants, sans pondération ; la base effective (Kish) est ce que valent les répondants "
    "pondérés en échantillon aléatoire simple.",
    "F de Rao–Scott{} {}, ddl {} et {}, {} (premier ordre : khi-deux {}, ddl {}, {}) · V de "
    "Cramér pondéré{} {}",
    "Une lettre après un pourcentage : il est significativement plus élevé que celui de la colonne "
    "de cette lettre (tests z de deux proportions sur les bases effectives des colonnes, au seuil "
    "de {}, correction de Bonferroni pour {} paires de colonnes).",
    "Pas de test exact de Fisher : il demande des effectifs, non des poids.",
};

std::string percent_level(double level, const RenderOptions& r) {
  return decimal_text(fmt::format("{:g}", level * 100), r.decimal_comma) + " %";
}

std::string json_number(const std::string& text) {
  return text.empty() ? std::string("null") : text;
}

}  // namespace

std::string fixed_text(double value, int decimals, const RenderOptions& options) {
  if (!std::isfinite(value)) return "";
  std::string s = fmt::format("{:.{}f}", value, decimals);
  if (s.size() > 1 && s[0] == '-' && s.find_first_not_of("-0.,") == std::string::npos)
    s.erase(0, 1);
  return decimal_text(s, options.decimal_comma);
}

std::string p_value_text(double p, const RenderOptions& options) {
  if (!std::isfinite(p)) return "";
  if (p < 0.001) return decimal_text("< 0.001", options.decimal_comma);
  return fixed_text(p, 3, options);
}

std::string p_clause(double p, const RenderOptions& options) {
  std::string text = p_value_text(p, options);
  return text.empty() || text[0] == '<' ? "p " + text : "p = " + text;
}

std::string render_xtab_markdown(const Xtab& t, const XtabTests& tests, const XtabOptions& o,
                                 const RenderOptions& render) {
  const Words& w = render.lang == Lang::Fr ? kFr : kEn;
  auto num = [&](const std::string& s) { return decimal_text(s, render.decimal_comma); };
  const std::vector<SummaryRow> rows = xtab_rows(t, tests, o);
  const std::size_t R = t.row_labels.size(), C = t.col_labels.size();
  const auto letters = cell_letters(t, tests);
  std::string hashes(static_cast<std::size_t>(std::clamp(render.heading_level, 1, 6)), '#');
  const auto n = static_cast<std::uint64_t>(std::llround(t.n()));
  std::string out =
      fmt::format("{} {} × {} ({} {})\n\n", hashes, t.label, t.by_label.empty() ? t.by : t.by_label,
                  n, n == 1 ? w.response : w.responses);
  out += fmt::format("| {} |", w.answer);
  for (std::size_t j = 0; j < C; ++j)
    out += o.letters ? fmt::format(" {} ({}) |", markdown_escape_inline(t.col_labels[j]), column_letter(j))
                     : fmt::format(" {} |", markdown_escape_inline(t.col_labels[j]));
  out += fmt::format(" {} |\n|:--|", w.total);
  for (std::size_t j = 0; j <= C; ++j) out += "--:|";
  out += "\n";
  // rows: block b (0 = the total column, then each column) holds R cells then the column's total.
  auto at = [&](std::size_t block, std::size_t i) -> const SummaryRow& {
    return rows[block * (R + 1) + i];
  };
  auto text = [&](const SummaryRow& r, const std::string& mark) {
    std::string count = count_text(r.count);
    if (o.percent == PercentOf::None) return mark.empty() ? count : count + " " + mark;
    std::string s = r.percent.empty() ? std::string("–") : num(r.percent);
    if (!r.ci_low.empty()) s += fmt::format(" [{}–{}]", num(r.ci_low), num(r.ci_high));
    s += fmt::format(" ({})", count);
    if (!mark.empty()) s += " " + mark;
    return s;
  };
  for (std::size_t i = 0; i < R; ++i) {
    out += fmt::format("| {}{} |", markdown_escape_inline(t.row_labels[i]),
                       t.row_kinds[i] == kind::kOther ? " †" : "");
    for (std::size_t j = 0; j < C; ++j)
      out += fmt::format(" {} |", text(at(j + 1, i), letters[i][j]));
    out += fmt::format(" {} |\n", text(at(0, i), ""));
  }
  out += fmt::format("| **{}** |", w.total);
  for (std::size_t j = 0; j < C; ++j) out += fmt::format(" {} |", text(at(j + 1, R), ""));
  out += fmt::format(" {} |\n", text(at(0, R), ""));
  if (t.is_weighted) {
    auto eff = [&](double w, double sq) {
      return sq > 0 ? fixed_text(w * w / sq, 1, render) : std::string("–");
    };
    out += fmt::format("| *{}* |", w.effective);
    for (std::size_t j = 0; j < C; ++j)
      out += fmt::format(" {} |", eff(t.weighted_col_bases[j], t.col_base_squares[j]));
    out += fmt::format(" {} |\n", eff(t.weighted_n(), t.n_squares()));
  }
  out += "\n";

  std::vector<std::string> notes;
  switch (o.percent) {
    case PercentOf::Column:
      notes.push_back(w.of_col);
      break;
    case PercentOf::Row:
      notes.push_back(w.of_row);
      break;
    case PercentOf::Total:
      notes.push_back(fmt::vformat(w.of_total, fmt::make_format_args(n)));
      break;
    case PercentOf::None:
      notes.push_back(w.counts);
      break;
  }
  if (t.multi) notes.push_back(w.multi);
  if (t.is_weighted) {
    std::string name = markdown_code(t.weight_name);
    notes.push_back(fmt::vformat(w.weighted, fmt::make_format_args(name)));
  }
  if (o.intervals && o.percent != PercentOf::None) {
    std::string level = percent_level(o.intervals->level, render);
    std::string_view method = interval_method_name(o.intervals->method);
    notes.push_back(fmt::vformat(w.interval, fmt::make_format_args(level, method)));
  }
  if (o.letters) {
    std::size_t used = 0;
    for (double b : t.col_bases)
      if (b > 0) ++used;
    std::string alpha = decimal_text(fmt::format("{:g}", o.alpha), render.decimal_comma);
    std::size_t pairs = used * (used ? used - 1 : 0) / 2;
    notes.push_back(fmt::vformat(t.is_weighted ? w.letters_weighted : w.letters,
                                 fmt::make_format_args(alpha, pairs)));
  }
  if (std::any_of(t.row_kinds.begin(), t.row_kinds.end(),
                  [](const std::string& k) { return k == kind::kOther; }))
    notes.push_back(render.lang == Lang::Fr ? "† hors des réponses déclarées"
                                            : "† outside the declared answers");
  if (tests.rao_scott) {
    const RaoScott& rs = *tests.rao_scott;
    const char* colon = render.lang == Lang::Fr ? " :" : ":";
    std::string f = fixed_text(rs.f, 2, render), ndf = fixed_text(rs.ndf, 2, render),
                ddf = fixed_text(rs.ddf, 1, render), pf = p_clause(rs.p_f, render),
                chi = fixed_text(rs.first_order, 2, render), df = statistic_text(rs.df),
                pc = p_clause(rs.p_first_order, render),
                v = fixed_text(tests.weighted_cramers_v, 3, render);
    notes.push_back(fmt::vformat(
        w.rao_scott, fmt::make_format_args(colon, f, ndf, ddf, pf, chi, df, pc, colon, v)));
    if (tests.fisher_left_out) notes.push_back(w.no_fisher);
  } else if (tests.chi_square && tests.chi_square->valid) {
    const ChiSquareTest& c = *tests.chi_square;
    const char* colon = render.lang == Lang::Fr ? " :" : ":";
    std::string line = fmt::format(
        "{}{} {}, {} {}, {} · {}{} {}", w.chi2, colon, fixed_text(c.statistic, 2, render), w.df,
        c.df, p_clause(c.p, render), w.cramer, colon, fixed_text(c.cramers_v, 3, render));
    if (tests.fisher_p)
      line += fmt::format(" · {}{} {}", w.fisher, colon, p_clause(*tests.fisher_p, render));
    notes.push_back(line);
    if (c.small_expected_warning()) {
      std::string share =
          num(percent_text(static_cast<std::int64_t>(c.small_expected), c.cells, o.decimals));
      std::string fisher;
      if (tests.fisher_p)
        fisher = render.lang == Lang::Fr ? ", ou lisez le test exact de Fisher"
                                         : ", or read Fisher's exact test";
      notes.push_back("⚠ " + fmt::vformat(w.small, fmt::make_format_args(c.small_expected, c.cells,
                                                                         share, fisher)));
    }
  } else if (t.multi) {
    notes.push_back(w.no_chi2_multi);
  } else {
    notes.push_back(w.no_chi2_small);
  }
  if (t.missing_col) {
    std::string question = t.question, by = t.by;
    const bool one = t.missing_col == 1;
    std::string s = one ? "" : "s";
    if (render.lang == Lang::Fr) {
      std::string have = one ? "a" : "ont", are = one ? "est" : "sont";
      notes.push_back(fmt::vformat(
          w.left_out, fmt::make_format_args(t.missing_col, s, have, question, by, are, s)));
    } else {
      std::string are = one ? "is" : "are";
      notes.push_back(
          fmt::vformat(w.left_out, fmt::make_format_args(t.missing_col, s, question, by, are)));
    }
  }
  for (std::size_t k = 0; k < notes.size(); ++k) out += (k ? "\n" : "") + notes[k] + "\n";
  return out;
}

std::string render_xtab_json(const Xtab& t, const XtabTests& tests, const XtabOptions& o) {
  const std::vector<SummaryRow> rows = xtab_rows(t, tests, o);
  const std::size_t R = t.row_labels.size(), C = t.col_labels.size();
  const auto letters = cell_letters(t, tests);
  auto at = [&](std::size_t block, std::size_t i) -> const SummaryRow& {
    return rows[block * (R + 1) + i];
  };
  auto figures = [&](const SummaryRow& r) {
    std::string s = fmt::format("\"count\": {}, \"base\": {}, \"percent\": {}", count_text(r.count),
                                r.base, json_number(r.percent));
    if (t.is_weighted)
      s += fmt::format(", \"weighted_count\": {}, \"weighted_base\": {}",
                       json_number(statistic_text(r.weighted_count)),
                       json_number(statistic_text(r.weighted_base)));
    if (o.intervals)
      s += fmt::format(", \"ci_low\": {}, \"ci_high\": {}", json_number(r.ci_low),
                       json_number(r.ci_high));
    return s;
  };
  static constexpr const char* kPercent[] = {"col", "row", "total", "none"};
  std::string out = fmt::format(
      "{{\"question\": {}, \"label\": {}, \"by\": {}, \"by_label\": {}, \"percent\": \"{}\", "
      "\"n\": {}, "
      "\"missing_by\": {},\n \"columns\": [",
      json_string(t.question), json_string(t.label), json_string(t.by), json_string(t.by_label),
      kPercent[static_cast<int>(o.percent)], count_text(t.n()), t.missing_col);
  auto effective = [&](double w, double sq) {
    return t.is_weighted ? fmt::format(", \"effective_base\": {}",
                                       json_number(statistic_text(sq > 0 ? w * w / sq : NAN)))
                         : std::string();
  };
  for (std::size_t j = 0; j < C; ++j)
    out += fmt::format("{}\n  {{\"group\": {}, \"letter\": \"{}\", {}{}}}", j ? "," : "",
                       json_string(t.col_labels[j]), column_letter(j), figures(at(j + 1, R)),
                       t.is_weighted ? effective(t.weighted_col_bases[j], t.col_base_squares[j])
                                     : std::string());
  out += fmt::format("],\n \"total\": {{{}{}}},\n \"rows\": [", figures(at(0, R)),
                     t.is_weighted ? effective(t.weighted_n(), t.n_squares()) : std::string());
  for (std::size_t i = 0; i < R; ++i) {
    out +=
        fmt::format("{}\n  {{\"answer\": {}, \"kind\": \"{}\", \"total\": {{{}}}, \"cells\": [",
                    i ? "," : "", json_string(t.row_labels[i]), t.row_kinds[i], figures(at(0, i)));
    for (std::size_t j = 0; j < C; ++j) {
      out += fmt::format("{}{{{}", j ? ", " : "", figures(at(j + 1, i)));
      if (o.letters) out += fmt::format(", \"letters\": \"{}\"", letters[i][j]);
      out += "}";
    }
    out += "]}";
  }
  out += "],\n \"tests\": {";
  std::vector<std::string> parts;
  if (t.is_weighted) parts.push_back(fmt::format("\"weight\": {}", json_string(t.weight_name)));
  if (tests.rao_scott) {
    const RaoScott& rs = *tests.rao_scott;
    auto j = [](double v) { return json_number(statistic_text(v)); };
    parts.push_back(fmt::format(
        "\"rao_scott\": {{\"pearson\": {}, \"deff\": {}, \"f\": {}, \"ndf\": {}, \"ddf\": {}, "
        "\"p\": {}, \"chi2\": {}, \"df\": {}, \"chi2_p\": {}, \"design_rows\": {}}}, "
        "\"cramers_v\": {}",
        j(rs.pearson), j(rs.df > 0 ? rs.trace / rs.df : NAN), j(rs.f), j(rs.ndf), j(rs.ddf),
        j(rs.p_f), j(rs.first_order), j(rs.df), j(rs.p_first_order), t.design_rows,
        j(tests.weighted_cramers_v)));
  }
  if (tests.chi_square && tests.chi_square->valid) {
    const ChiSquareTest& c = *tests.chi_square;
    parts.push_back(fmt::format("\"chi2\": {}, \"df\": {}, \"p\": {}, \"cramers_v\": {}, \"n\": {}",
                                json_number(statistic_text(c.statistic)), statistic_text(c.df),
                                json_number(statistic_text(c.p)),
                                json_number(statistic_text(c.cramers_v)), count_text(c.n)));
    parts.push_back(fmt::format(
        "\"cells\": {}, \"expected_under_5\": {}, \"min_expected\": {}, \"warning\": {}", c.cells,
        c.small_expected, json_number(statistic_text(c.min_expected)),
        c.small_expected_warning() ? "true" : "false"));
  }
  if (tests.fisher_p)
    parts.push_back(fmt::format("\"fisher_p\": {}", json_number(statistic_text(*tests.fisher_p))));
  if (o.letters) {
    std::string d;
    for (std::size_t k = 0; k < tests.differences.size(); ++k) {
      const auto& x = tests.differences[k];
      d += fmt::format("{}{{\"answer\": {}, \"higher\": \"{}\", \"lower\": \"{}\", \"p\": {}}}",
                       k ? ", " : "", json_string(t.row_labels[x.row]), column_letter(x.higher),
                       column_letter(x.lower), json_number(statistic_text(x.p)));
    }
    parts.push_back(
        fmt::format("\"alpha\": {}, \"differences\": [{}]", statistic_text(o.alpha), d));
  }
  for (std::size_t k = 0; k < parts.size(); ++k) out += (k ? ", " : "") + parts[k];
  out += "}}\n";
  return out;
}

}  // namespace survey
