// Writing the report as Markdown. See report.hpp.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "survey/render/markdown.hpp"
#include "survey/render/report.hpp"

namespace survey {
namespace {

struct Plural {
  const char* one;
  const char* many;
};

struct Words {
  const char* default_title;
  // The state of the data: {0} date, {1} count.
  const char* as_of_many;  // "Le {0}, {1} personnes avaient répondu."
  const char* as_of_one;
  const char* as_of_none;
  const char* now_many;  // "{1} personnes ont répondu."
  const char* now_one;
  const char* now_none;
  const char* at;  // "{0} à {1}"
  const char* utc;
  const char* origin;  // Heading.
  const char* by_group;  // Heading when the groups are not places: {0} label.
  const char *respondent, *respondents;
  const char *response, *responses;
  const char* rest;  // "Autres".
  const char* no_answer;
  const char* all;
  const char* answer;
  const char* origin_note;                 // {0} question, {1} missing sentence.
  const char *missing_one, *missing_many;  // {0} count.
  const char* groups_rule;                 // {0} share, {1} extra condition, {2} rest count.
  const char* groups_all;                  // No group below the rule.
  const char* max_groups;                  // {0}.
  const char* min_cell_groups;             // {0}.
  const char* hidden_list;                 // "fewer than {0}".
  const char* hidden_extra;                // List item of a complementary cell.
  const char* no_answers;
  const char* mean;      // {0} mean, {1} low, {2} high.
  const char* top2;      // {0} levels, {1} pct.
  const char* nps;       // {0} score, {1} promoters, {2} passives, {3} detractors.
  const char* multi;     // {0} base, {1} responses.
  const char* asked;     // {0} condition, {1} asked, {2} excluded sentence.
  const char* excluded;  // {0} count.
  const char* other_mark;
  const char* by;  // Breakdown heading: {0} label.
  const char* legend;
  const char* legend_hidden;  // {0} K.
  const char* legend_extra;
  const char* withheld;  // {0} K.
  const char* extra_symbol;
  const char *score_mean, *score_nps;
  const char* verbatims;  // Heading.
  const char* no_comments;
  const char *comment, *comments;
  const char* drawn;  // {0} count text, {1} extracts.
  const char* drawn_one;
  const char* all_quoted;  // {0} count text.
  const char* all_distinct;  // {0} count text, {1} distinct texts.
  const char* all_same;      // {0} count text.
  const char *quote_open, *quote_close;
  const char* masked;  // {0}.
  const char* quality;
  const char* quality_codebook;  // {0} name.
  const char* quality_inferred;
  const char* quality_none;
  // Findings, for one then several: {0} label, {1} count, then:
  Plural f_out_of_base;  // {2} condition, {3} asked.
  Plural f_outside;      // {2} value.
  Plural f_near;         // {2} value, {3} level.
  Plural f_nps;          // {2} value.
  Plural f_numeric;
  Plural f_date;
  Plural f_option;
  Plural f_dup_id;
  Plural f_dup_rows;  // {0} count.
  const char* f_empty;     // {0} column number, {1} header.
  const char* method;
  const char* m_bases;
  const char* m_bases_codebook;
  const char* m_rounding;  // {0} decimals.
  const char* m_weights;
  const char* m_extracts;    // {0} seed.
  const char* m_privacy;     // {0} K.
  const char* m_data;        // {0} source, {1} count text, {2} state.
  const char* m_state_data;  // {0} date.
  const char* m_state_given;
  const char* m_state_none;
  const char* m_command;
  const char* m_skipped;  // {0} list.
};

constexpr Words kFr = {
    "Résultats du questionnaire",
    "Le {0}, {1} personnes avaient répondu.",
    "Le {0}, 1 personne avait répondu.",
    "Le {0}, personne n'avait encore répondu (0 réponses).",
    "{1} personnes ont répondu.",
    "1 personne a répondu.",
    "Personne n'a encore répondu (0 réponses).",
    "{0} à {1}",
    " (UTC)",
    "Origine des répondants",
    "Répondants selon « {0} »",
    "répondant",
    "répondants",
    "réponse",
    "réponses",
    "Autres",
    "(sans réponse)",
    "Ensemble",
    "Réponse",
    "Réponses à la question « {0} »{1}.",
    " ; 1 personne n'y a pas répondu",
    " ; {0} personnes n'y ont pas répondu",
    " Sont détaillés les groupes d'au moins {0} % des répondants{1} ; les {2} autres sont réunis "
    "sous « Autres ».",
    " Tous les groupes ont au moins {0} % des répondants{1}.",
    " (au plus {0})",
    " et {0} répondants",
    "moins de {0} répondants",
    "masqué",
    "Aucune réponse.",
    "Score moyen : {0} (de {1} à {2})",
    "top 2 ({0}) : {1}",
    "NPS : {0} (promoteurs 9-10 : {1} ; passifs 7-8 : {2} ; détracteurs 0-6 : {3})",
    "Plusieurs réponses possibles : pourcentages des {0} répondants, leur total dépasse 100 % ({1} "
    "réponses données).",
    "Question posée à ceux pour qui {0} ({1} répondants){2}.",
    " ; {0} réponses de personnes non concernées sont écartées",
    "† hors des réponses déclarées.",
    "Par {0}",
    "Effectif (pourcentage de la ligne) ; n : répondants du groupe.",
    "< {0} : moins de {0} réponses, masqué.",
    "s : masqué aussi, pour qu'aucune case cachée ne puisse se déduire des totaux.",
    "Tableau non publié : une réponse de moins de {0} personnes n'y pourrait être masquée sans se "
    "déduire des "
    "totaux.",
    "s",
    "Score moyen",
    "NPS",
    "Quelques extraits des réponses libres",
    "Aucun commentaire.",
    "commentaire",
    "commentaires",
    "{0} ; {1} extraits tirés au sort :",
    "{0} ; 1 extrait tiré au sort :",
    "{0}, tous cités :",
    "{0} ; les {1} textes différents, tous cités :",
    "{0}, tous identiques :",
    "« ",
    " »",
    "Coordonnées masquées dans ces extraits : {0}.",
    "Qualité des données",
    "Contrôles d'après le codebook {0} :",
    "Questions déduites des réponses, sans codebook : les questions conditionnelles, les réponses "
    "hors échelle et "
    "les doublons ne sont pas contrôlés ({0} le fait).",
    "Aucun problème relevé.",
    {"{0} : 1 réponse d'une personne à qui la question n'était pas posée ({2} : {3} répondants), écartée des "
     "pourcentages.",
     "{0} : {1} réponses de personnes à qui la question n'était pas posée ({2} : {3} répondants), écartées des "
     "pourcentages."},
    {"{0} : 1 réponse « {2} » hors des réponses déclarées, comptée à part (†).",
     "{0} : {1} réponses « {2} » hors des réponses déclarées, comptées à part (†)."},
    {"{0} : 1 réponse « {2} » lue comme « {3} ».", "{0} : {1} réponses « {2} » lues comme « {3} »."},
    {"{0} : 1 réponse « {2} » qui n'est pas un nombre entier de 0 à 10.",
     "{0} : {1} réponses « {2} » qui ne sont pas un nombre entier de 0 à 10."},
    {"{0} : 1 réponse « {2} » qui n'est pas un nombre.", "{0} : {1} réponses « {2} » qui ne sont pas des nombres."},
    {"{0} : 1 valeur « {2} » qui n'est pas une date.", "{0} : {1} valeurs « {2} » qui ne sont pas des dates."},
    {"{0} : 1 case « {2} » qui n'est ni cochée ni l'option.",
     "{0} : {1} cases « {2} » qui ne sont ni cochées ni l'option."},
    {"{0} : 1 identifiant répète un identifiant précédent.", "{0} : {1} identifiants répètent un identifiant précédent."},
    {"1 ligne répète toutes les réponses d'une ligne précédente, commentaires compris (envoi en double probable).",
     "{0} lignes répètent toutes les réponses d'une ligne précédente, commentaires compris (envois en double "
     "probables)."},
    "la colonne {0} « {1} » est vide pour tous.",
    "Méthode",
    "Bases : chaque pourcentage porte sur les personnes qui ont répondu à la question ; les "
    "non-réponses sont "
    "exclues.",
    "Bases : chaque pourcentage porte sur les personnes qui ont répondu à la question ; les "
    "non-réponses sont "
    "exclues ; pour une question conditionnelle, sur celles à qui le codebook dit qu'elle était "
    "posée.",
    "Arrondi : pourcentages {0}, calculés sur les effectifs exacts et arrondis au plus proche (la "
    "moitié en s'éloignant de zéro) ; leur somme peut s'écarter de 100 de quelques dixièmes.",
    "Pondération : aucune, chaque réponse compte pour une personne.",
    "Extraits : tirés au sort parmi les commentaires distincts, de façon reproductible (graine "
    "{0}) ; adresses "
    "e-mail, numéros de téléphone et liens masqués.",
    "Confidentialité : dans les tableaux par groupe, les effectifs de moins de {0} sont masqués, "
    "et d'autres "
    "cases avec eux pour qu'aucune ne se déduise des totaux.",
    "Données : {0}, {1} ; {2}.",
    "état au {0} (heure de la dernière réponse)",
    "état au {0} (date donnée par --as-of)",
    "sans date de réponse",
    "Commande :",
    "Non présentées : {0}.",
};

constexpr Words kEn = {
    "Survey results",
    "On {0}, {1} people had responded.",
    "On {0}, 1 person had responded.",
    "On {0}, nobody had responded yet (0 responses).",
    "{1} people responded.",
    "1 person responded.",
    "Nobody has responded yet (0 responses).",
    "{0} at {1}",
    " UTC",
    "Respondents' origin",
    "Respondents by “{0}”",
    "respondent",
    "respondents",
    "response",
    "responses",
    "Other",
    "(no answer)",
    "All",
    "Answer",
    "Answers to the question “{0}”{1}.",
    "; 1 person did not answer it",
    "; {0} people did not answer it",
    " Groups shown: those with at least {0}% of the respondents{1}; the {2} others are together "
    "under “Other”.",
    " Every group has at least {0}% of the respondents{1}.",
    " (at most {0})",
    " and {0} respondents",
    "fewer than {0} respondents",
    "hidden",
    "No answers.",
    "Mean score: {0} ({1} to {2})",
    "top 2 ({0}): {1}",
    "NPS: {0} (promoters 9-10: {1}; passives 7-8: {2}; detractors 0-6: {3})",
    "Several answers possible: percentages of the {0} respondents, adding up past 100% ({1} "
    "answers given).",
    "Asked of those for whom {0} ({1} respondents){2}.",
    "; {0} answers from respondents not asked are left out",
    "† outside the declared answers.",
    "By {0}",
    "Count (row percentage); n: the group's respondents.",
    "< {0}: fewer than {0} answers, hidden.",
    "x: hidden too, so that no hidden cell can be worked out from the totals.",
    "Table not shown: an answer of fewer than {0} people in it could not be hidden without being "
    "worked out from "
    "the totals.",
    "x",
    "Mean score",
    "NPS",
    "Extracts from the free-text answers",
    "No comments.",
    "comment",
    "comments",
    "{0}; {1} extracts drawn at random:",
    "{0}; 1 extract drawn at random:",
    "{0}, all quoted:",
    "{0}; the {1} different texts, all quoted:",
    "{0}, all the same:",
    "“",
    "”",
    "Personal details masked in these extracts: {0}.",
    "Data quality",
    "Checks against the codebook {0}:",
    "Questions inferred from the answers, without a codebook: conditional questions, answers "
    "outside the scale and "
    "duplicates are not checked ({0} does).",
    "No problem found.",
    {"{0}: 1 answer from a respondent who was not asked ({2}: {3} respondents), left out of the percentages.",
     "{0}: {1} answers from respondents who were not asked ({2}: {3} respondents), left out of the percentages."},
    {"{0}: 1 answer “{2}” outside the declared answers, counted apart (†).",
     "{0}: {1} answers “{2}” outside the declared answers, counted apart (†)."},
    {"{0}: 1 answer “{2}” read as “{3}”.", "{0}: {1} answers “{2}” read as “{3}”."},
    {"{0}: 1 answer “{2}” that is not a whole number from 0 to 10.",
     "{0}: {1} answers “{2}” that are not a whole number from 0 to 10."},
    {"{0}: 1 answer “{2}” that is not a number.", "{0}: {1} answers “{2}” that are not numbers."},
    {"{0}: 1 value “{2}” that is not a date.", "{0}: {1} values “{2}” that are not dates."},
    {"{0}: 1 cell “{2}” that is neither a tick nor the option.",
     "{0}: {1} cells “{2}” that are neither a tick nor the option."},
    {"{0}: 1 id repeats an earlier id.", "{0}: {1} ids repeat an earlier id."},
    {"1 row repeats every answer of an earlier row, comments included (probably sent twice).",
     "{0} rows repeat every answer of an earlier row, comments included (probably sent twice)."},
    "column {0} “{1}” is empty for everyone.",
    "Method",
    "Bases: each percentage is of the people who answered the question; those who did not are left out.",
    "Bases: each percentage is of the people who answered the question; those who did not are left out; "
    "for a "
    "conditional question, of those the codebook says were asked.",
    "Rounding: percentages {0}, from the exact counts, rounded half away from zero; they may add "
    "up "
    "to a few tenths off 100.",
    "Weights: none, each response counts as one person.",
    "Extracts: drawn at random among the distinct comments, reproducibly (seed {0}); e-mail "
    "addresses, phone "
    "numbers and links masked.",
    "Privacy: in the tables by group, counts below {0} are hidden, with other cells so that none "
    "can be worked out "
    "from the totals.",
    "Data: {0}, {1}; {2}.",
    "as of {0} (time of the last response)",
    "as of {0} (date given by --as-of)",
    "no response time",
    "Command:",
    "Not shown: {0}.",
};

template <class... Args>
std::string say(const char* pattern, const Args&... args) {
  return fmt::vformat(pattern, fmt::make_format_args(args...));
}

class Writer {
 public:
  Writer(const Report& report, const ReportOptions& options)
      : r(report),
        o(options),
        w(options.lang == Lang::Fr ? kFr : kEn),
        fr(options.lang == Lang::Fr) {}

  std::string run() {
    out += fmt::format("# {}\n\n",
                       markdown_escape_inline(r.title.empty() ? w.default_title : r.title));
    out += state() + "\n";
    if (r.origin) origin(*r.origin);
    for (const auto& q : r.questions) question(q);
    verbatims();
    quality();
    method();
    return out;
  }

 private:
  const Report& r;
  const ReportOptions& o;
  const Words& w;
  const bool fr;
  std::string out;

  std::string num(const std::string& s) const { return decimal_text(s, fr); }
  std::string pct(const std::string& s) const {
    return s.empty() ? "–" : num(s) + (fr ? " %" : "%");
  }
  std::string counted(std::uint64_t n, const char* one, const char* many) const {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  }
  std::string esc(const std::string& s) const { return markdown_escape(s); }
  // A sum of weights, 1 decimal, the report's decimal mark.
  std::string sum_text(double v) const { return decimal_text(fmt::format("{:.1f}", v), fr); }
  std::string inl(const std::string& s) const { return markdown_escape_inline(s); }
  std::string quoted_label(const std::string& s) const { return inl(s); }

  std::string date_text(const DateTime& d) const {
    std::string iso = format_datetime(d);  // 2020-07-07T10:59:59(Z)
    std::string day = iso.substr(8, 2), month = iso.substr(5, 2), year = iso.substr(0, 4);
    std::string date;
    if (fr) {
      date = fmt::format("{}/{}/{}", day, month, year);
    } else {
      static const char* kMonths[] = {"January",   "February", "March",    "April",
                                      "May",       "June",     "July",     "August",
                                      "September", "October",  "November", "December"};
      int m = std::stoi(month);
      date = fmt::format("{} {} {}", std::stoi(day), kMonths[(m - 1) % 12], year);
    }
    if (!d.has_time) return date;
    return say(w.at, date, iso.substr(11, 5)) + (d.utc ? w.utc : "");
  }

  std::string state() const {
    const std::uint64_t n = r.respondents;
    if (r.as_of) {
      std::string d = date_text(*r.as_of);
      return say(n == 0 ? w.as_of_none : n == 1 ? w.as_of_one : w.as_of_many, d, n);
    }
    return say(n == 0 ? w.now_none : n == 1 ? w.now_one : w.now_many, "", n);
  }

  std::string hidden_count(CellState s) const {
    return s == CellState::Primary ? fmt::format("< {}", o.min_cell) : w.extra_symbol;
  }

  void origin(const OriginReport& g) {
    const std::string title = g.place ? std::string(w.origin) : say(w.by_group, inl(g.label));
    out += fmt::format("\n## {} ({})\n\n", title, counted(g.base, w.respondent, w.respondents));
    std::vector<ReportAnswer> rows = g.groups;
    if (g.rest) {
      ReportAnswer rest = *g.rest;
      rest.label = w.rest;
      rows.push_back(rest);
    }
    auto state_of = [&](std::size_t i) {
      return i < g.states.size() ? g.states[i] : CellState::Shown;
    };
    if (rows.empty()) {
      out += std::string(w.no_answers) + "\n";
    } else if (o.style == ReportStyle::Table) {
      out += fmt::format("| {} | n | % |{}\n|:--|--:|--:|{}\n", inl(g.label),
                         o.charts == ChartKind::Bars ? " |" : "",
                         o.charts == ChartKind::Bars ? ":--|" : "");
      for (std::size_t i = 0; i < rows.size(); ++i) {
        CellState s = state_of(i);
        std::string name =
            g.rest && i + 1 == rows.size() ? std::string(w.rest) : inl(rows[i].label);
        if (s != CellState::Shown) {
          out += fmt::format("| {} | {} | {} |{}\n", name, hidden_count(s), hidden_count(s),
                             o.charts == ChartKind::Bars ? " |" : "");
          continue;
        }
        out += fmt::format("| {} | {} | {} |", name, rows[i].count, num(rows[i].percent));
        if (o.charts == ChartKind::Bars) out += fmt::format(" {} |", markdown_bar(rows[i].percent));
        out += "\n";
      }
    } else {
      for (std::size_t i = 0; i < rows.size(); ++i) {
        CellState s = state_of(i);
        std::string name =
            g.rest && i + 1 == rows.size() ? std::string(w.rest) : esc(rows[i].label);
        if (s == CellState::Primary) {
          out += fmt::format("- {} ({})\n", name, say(w.hidden_list, o.min_cell));
        } else if (s == CellState::Complementary) {
          out += fmt::format("- {} ({})\n", name, w.hidden_extra);
        } else {
          out += fmt::format("- {} ({}{} {})", name,
                             counted(rows[i].count, w.respondent, w.respondents), fr ? " ;" : ";",
                             pct(rows[i].percent));
          if (o.charts == ChartKind::Bars) out += " " + markdown_bar(rows[i].percent);
          out += "\n";
        }
      }
    }
    if (o.charts == ChartKind::Mermaid && g.base > 0) {
      std::vector<ReportAnswer> shown;
      for (std::size_t i = 0; i < rows.size(); ++i)
        if (state_of(i) == CellState::Shown) shown.push_back(rows[i]);
      pie(g.place ? std::string(w.origin) : g.label, shown);
    }
    std::string missing = g.missing == 0   ? ""
                          : g.missing == 1 ? w.missing_one
                                           : say(w.missing_many, g.missing);
    out += "\n" + say(w.origin_note, inl(g.label), missing);
    std::string share = num(fmt::format("{}", o.min_share));
    std::string extra;
    if (o.min_cell > 1) extra += say(w.min_cell_groups, o.min_cell);
    if (o.max_groups) extra += say(w.max_groups, o.max_groups);
    if (g.rest)
      out += say(w.groups_rule, share, extra, g.rest_groups);
    else if (!g.groups.empty())
      out += say(w.groups_all, share, extra);
    out += "\n";
  }

  void pie(const std::string& title, const std::vector<ReportAnswer>& answers) {
    out += fmt::format("\n```mermaid\npie title {}\n", mermaid_label(title, 60));
    for (const auto& a : answers)
      if (a.count) out += fmt::format("    \"{}\" : {}\n", mermaid_label(a.label), a.count);
    out += "```\n";
  }

  void bars(const QuestionReport& q) {
    out += fmt::format("\n```mermaid\nxychart-beta\n    title \"{}\"\n    x-axis [",
                       mermaid_label(q.label, 60));
    for (std::size_t i = 0; i < q.answers.size(); ++i)
      out += fmt::format("{}\"{}\"", i ? ", " : "", mermaid_label(q.answers[i].label, 24));
    out += "]\n    y-axis \"%\" 0 --> 100\n    bar [";
    for (std::size_t i = 0; i < q.answers.size(); ++i)
      out += fmt::format("{}{}", i ? ", " : "",
                         q.answers[i].percent.empty() ? "0" : q.answers[i].percent);
    out += "]\n```\n";
  }

  void question(const QuestionReport& q) {
    out += fmt::format("\n## {} ({})\n\n", inl(q.label), counted(q.base, w.response, w.responses));
    bool other = false;
    if (q.base == 0 || q.answers.empty()) {
      out += std::string(w.no_answers) + "\n";
    } else if (o.style == ReportStyle::Table) {
      bool bar = o.charts == ChartKind::Bars;
      out += fmt::format("| {} | n | % |{}\n|:--|--:|--:|{}\n", w.answer, bar ? " |" : "",
                         bar ? ":--|" : "");
      for (const auto& a : q.answers) {
        other = other || a.other;
        out += fmt::format("| {}{} | {} | {} |", inl(a.label), a.other ? " †" : "", a.count,
                           num(a.percent));
        if (bar) out += fmt::format(" {} |", markdown_bar(a.percent));
        out += "\n";
      }
    } else {
      for (const auto& a : q.answers) {
        other = other || a.other;
        out +=
            fmt::format("- {}{} ({}{} {})", esc(a.label), a.other ? " †" : "",
                        counted(a.count, w.response, w.responses), fr ? " ;" : ";", pct(a.percent));
        if (o.charts == ChartKind::Bars) out += " " + markdown_bar(a.percent);
        out += "\n";
      }
    }
    if (o.charts == ChartKind::Mermaid && q.base > 0 && !q.answers.empty()) {
      if (q.ordered || q.multi)
        bars(q);
      else
        pie(q.label, q.answers);
    }
    std::vector<std::string> scores;
    if (!q.nps.empty()) {
      std::string score = q.nps;
      if (score[0] != '-' && score != "0") score = "+" + score;
      scores.push_back(say(w.nps, score, pct(q.promoters), pct(q.passives), pct(q.detractors)));
    } else if (!q.mean.empty()) {
      auto dash = q.mean_range.find('-', 1);
      std::string lo = q.mean_range.substr(0, dash),
                  hi = dash == std::string::npos ? "" : q.mean_range.substr(dash + 1);
      scores.push_back(say(w.mean, num(q.mean), num(lo), num(hi)));
      if (!q.top2.empty()) {
        std::string levels = q.top2_levels;
        std::string shown;
        for (std::size_t p = 0;;) {
          std::size_t bar = levels.find(" | ", p);
          shown += (shown.empty() ? "" : ", ") +
                   inl(levels.substr(p, bar == std::string::npos ? std::string::npos : bar - p));
          if (bar == std::string::npos) break;
          p = bar + 3;
        }
        scores.push_back(say(w.top2, shown, pct(q.top2)));
      }
    }
    if (!scores.empty())
      out += "\n" + fmt::format("{}", fmt::join(scores, fr ? " ; " : "; ")) + ".\n";
    if (q.multi && q.base > 0) out += "\n" + say(w.multi, q.base, q.responses) + "\n";
    if (!o.weight.empty() && q.base > 0)
      out += "\n" +
             say(fr ? "Pourcentages pondérés ({0}) : base pondérée {1}, base effective {2} ; les "
                      "effectifs sont des répondants."
                    : "Weighted percentages ({0}): weighted base {1}, effective base {2}; counts "
                      "are respondents.",
                 markdown_code(o.weight), sum_text(q.weighted_base), sum_text(q.effective_base)) +
             "\n";
    if (!q.asked_when.empty())
      out += "\n" +
             say(w.asked, markdown_code(q.asked_when), q.asked,
                 q.excluded ? say(w.excluded, q.excluded) : "") +
             "\n";
    if (other) out += "\n" + std::string(w.other_mark) + "\n";
    if (q.breakdown) breakdown(q, *q.breakdown);
  }

  std::string cell(const GroupCell& c) const {
    if (c.state != CellState::Shown) return hidden_count(c.state);
    if (c.percent.empty()) return fmt::format("{}", c.count);
    return fmt::format("{} ({})", c.count, pct(c.percent));
  }

  void breakdown(const QuestionReport& q, const Breakdown& b) {
    out += fmt::format("\n### {}\n\n", say(w.by, inl(b.by_label)));
    if (b.withheld) {
      out += say(w.withheld, o.min_cell) + "\n";
      return;
    }
    const bool score = !b.score_name.empty();
    out += fmt::format("| {} | n |", inl(b.by_label));
    for (const auto& a : q.answers)
      out += fmt::format(" {}{} |", inl(a.label), a.other ? " †" : "");
    if (score) out += fmt::format(" {} |", b.score_name == "nps" ? w.score_nps : w.score_mean);
    out += "\n|:--|--:|";
    for (std::size_t i = 0; i < q.answers.size() + (score ? 1 : 0); ++i) out += "--:|";
    out += "\n";
    for (std::size_t r = 0; r < b.cells.size(); ++r) {
      std::string name = b.kinds[r] == Breakdown::Row::Rest       ? std::string(w.rest)
                         : b.kinds[r] == Breakdown::Row::NoAnswer ? std::string(w.no_answer)
                                                                  : inl(b.groups[r]);
      const GroupCell& base = b.bases[r];
      out += fmt::format("| {} | {} |", name,
                         base.state == CellState::Shown ? fmt::format("{}", base.count)
                                                        : hidden_count(base.state));
      for (const auto& c : b.cells[r]) out += fmt::format(" {} |", cell(c));
      if (score)
        out +=
            fmt::format(" {} |", b.scores[r].empty() ? "" : score_text(b.score_name, b.scores[r]));
      out += "\n";
    }
    out += fmt::format("| **{}** | {} |", w.all, q.base);
    for (const auto& a : q.answers)
      out +=
          fmt::format(" {} |", a.percent.empty() ? fmt::format("{}", a.count)
                                                 : fmt::format("{} ({})", a.count, pct(a.percent)));
    if (score)
      out += fmt::format(" {} |", score_text(b.score_name, b.score_name == "nps" ? q.nps : q.mean));
    out += "\n\n" + std::string(w.legend);
    if (b.suppressed) out += " " + say(w.legend_hidden, o.min_cell);
    if (b.complementary) out += " " + std::string(w.legend_extra);
    out += "\n";
  }

  std::string score_text(const std::string& name, const std::string& value) const {
    if (value.empty()) return "";
    if (name == "nps") return value[0] != '-' && value != "0" ? "+" + value : value;
    return num(value);
  }

  void verbatims() {
    if (r.verbatims.empty() || o.verbatims == 0) return;
    out += fmt::format("\n## {}\n", w.verbatims);
    for (const auto& v : r.verbatims) {
      out += fmt::format("\n### {}\n\n", inl(v.label));
      if (v.comments == 0 || v.extracts.empty()) {
        out += std::string(w.no_comments) + "\n";
        continue;
      }
      std::string n = counted(v.comments, w.comment, w.comments);
      if (v.extracts.size() == v.comments)
        out += say(w.all_quoted, n) + "\n";
      else if (v.extracts.size() < o.verbatims)
        out += say(v.extracts.size() == 1 ? w.all_same : w.all_distinct, n, v.extracts.size()) + "\n";
      else if (v.extracts.size() == 1)
        out += say(w.drawn_one, n) + "\n";
      else
        out += say(w.drawn, n, v.extracts.size()) + "\n";
      for (const auto& e : v.extracts)
        out += fmt::format("\n> {}{}{}\n", w.quote_open, esc(e), w.quote_close);
      if (v.redacted) out += "\n" + say(w.masked, v.redacted) + "\n";
    }
  }

  // The part of a finding's detail between the first quote and `before`.
  static std::string quoted(const std::string& detail, std::string_view before,
                            std::size_t from = 0) {
    std::size_t open = detail.find('"', from);
    std::size_t close = detail.rfind(before);
    if (open == std::string::npos || close == std::string::npos || close <= open) return "";
    return detail.substr(open + 1, close - open - 1);
  }

  // A question's label, to start a list item.
  std::string label_of(const std::string& id) const {
    auto it = r.labels.find(id);
    return esc(it != r.labels.end() ? it->second : id);
  }

  static const char* pick(const Plural& p, std::uint64_t n) { return n == 1 ? p.one : p.many; }

  std::string finding(const Finding& f) const {
    const std::string label = label_of(f.question);
    if (f.check == "out-of-base") {
      for (const auto& q : r.questions)
        if (q.id == f.question)
          return say(pick(w.f_out_of_base, f.count), label, f.count, markdown_code(q.asked_when), q.asked);
      return "";
    }
    if (f.check == "near-level") {
      std::string value = quoted(f.detail, "\" is not a declared level");
      std::size_t mean = f.detail.rfind("did you mean \"");
      std::string level =
          mean == std::string::npos ? "" : f.detail.substr(mean + 14, f.detail.size() - mean - 16);
      return say(pick(w.f_near, f.count), label, f.count, inl(value), inl(level));
    }
    if (f.check == "outside-levels") {
      if (f.detail.find("\" is not a whole number from 0 to 10") != std::string::npos)
        return say(pick(w.f_nps, f.count), label, f.count, inl(quoted(f.detail, "\" is not a whole number")));
      if (f.detail.find("\" is not a number") != std::string::npos)
        return say(pick(w.f_numeric, f.count), label, f.count, inl(quoted(f.detail, "\" is not a number")));
      if (f.detail.find("\" is not a date") != std::string::npos)
        return say(pick(w.f_date, f.count), label, f.count, inl(quoted(f.detail, "\" is not a date")));
      if (f.detail.find("\" is neither a tick") != std::string::npos)
        return say(pick(w.f_option, f.count), label, f.count, inl(quoted(f.detail, "\" is neither a tick")));
      return say(pick(w.f_outside, f.count), label, f.count, inl(quoted(f.detail, "\" is not a declared level")));
    }
    // The report's first sentence already says nobody has answered.
    if (f.check == "no-responses") return "";
    if (f.check == "duplicate-id") return say(pick(w.f_dup_id, f.count), label, f.count);
    if (f.check == "duplicate-submission") return say(pick(w.f_dup_rows, f.count), f.count);
    if (f.check == "empty-column") {
      std::string number = f.detail.substr(7, f.detail.find(' ', 7) - 7);
      std::string text = say(w.f_empty, number, inl(quoted(f.detail, "\" is empty for everyone")));
      text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
      return text;
    }
    return inl(f.detail);
  }

  void quality() {
    out += fmt::format("\n## {}\n\n", w.quality);
    const ReportQuality& qa = r.quality;
    if (qa.codebook)
      out += say(w.quality_codebook, markdown_code(qa.codebook_name)) + "\n";
    else
      out += say(w.quality_inferred, markdown_code("survey validate --codebook")) + "\n";
    std::vector<std::string> lines;
    for (const auto& f : qa.findings)
      if (f.severity != Severity::Info)
        if (std::string line = finding(f); !line.empty()) lines.push_back(line);
    out += "\n";
    if (lines.empty()) out += std::string(w.quality_none) + "\n";
    for (const auto& l : lines) out += "- " + l + "\n";
  }

  void method() {
    out += fmt::format("\n## {}\n\n", w.method);
    out += fmt::format("- {}\n", r.quality.codebook ? w.m_bases_codebook : w.m_bases);
    std::string places = o.decimals == 0 ? (fr ? "en nombres entiers" : "as whole numbers")
                         : o.decimals == 1
                             ? (fr ? "à 1 décimale" : "to 1 decimal")
                             : say(fr ? "à {0} décimales" : "to {0} decimals", o.decimals);
    std::string rounding = say(w.m_rounding, places);
    if (!o.weight.empty()) {
      // Weighted: the percentages come from the sums of weights.
      const std::string exact = fr ? "calculés sur les effectifs exacts" : "from the exact counts";
      const std::string sums = fr ? "calculés sur les sommes des poids" : "from the sums of weights";
      if (auto at = rounding.find(exact); at != std::string::npos) rounding.replace(at, exact.size(), sums);
    }
    out += fmt::format("- {}\n", rounding);
    if (o.weight.empty())
      out += fmt::format("- {}\n", w.m_weights);
    else
      out += fmt::format(
          "- {}\n",
          say(fr ? "Pondération : colonne {0} ; chaque pourcentage est celui des poids (somme des "
                   "poids {1} pour {2}, base effective de Kish {3}, ce que valent les répondants "
                   "pondérés en échantillon aléatoire simple) ; les effectifs et les bases (n) "
                   "restent des répondants, sans pondération."
                 : "Weights: column {0}; each percentage is of the weights (sum of weights {1} "
                   "for {2}, Kish's effective base {3}: what the weighted respondents are worth "
                   "as a simple random sample); counts and bases (n) stay respondents, "
                   "unweighted.",
              markdown_code(o.weight), sum_text(r.weighted_total),
              counted(r.respondents, w.response, w.responses), sum_text(r.effective_total)));
    if (!r.verbatims.empty() && o.verbatims)
      out += fmt::format("- {}\n", say(w.m_extracts, o.seed));
    if (o.min_cell > 1) out += fmt::format("- {}\n", say(w.m_privacy, o.min_cell));
    std::string when = !r.as_of        ? std::string(w.m_state_none)
                       : r.as_of_given ? say(w.m_state_given, date_text(*r.as_of))
                                       : say(w.m_state_data, date_text(*r.as_of));
    out += fmt::format("- {}\n", say(w.m_data, markdown_code(r.source),
                                     counted(r.respondents, w.response, w.responses), when));
    if (!r.skipped.empty())
      out += fmt::format("- {}\n",
                         say(w.m_skipped, inl(fmt::format("{}", fmt::join(r.skipped, ", ")))));
    if (!o.command.empty()) out += fmt::format("- {} {}\n", w.m_command, markdown_code(o.command));
  }
};

}  // namespace

std::string render_report_markdown(const Report& report, const ReportOptions& options) {
  return Writer(report, options).run();
}

}  // namespace survey
