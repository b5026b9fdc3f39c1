// Trend CSV and Markdown. See trend.hpp.
#include "survey/render/trend.hpp"

#include <fmt/format.h>

#include <map>

#include "survey/count/summary.hpp"
#include "survey/render/markdown.hpp"
#include "survey/render/output.hpp"

namespace survey {
namespace {

struct Words {
  const char* title;
  const char* answer;
  const char* change;
  const char* base;
  const char* all;
  const char* no_answer;
  const char* no_responses;
  const char* absent;
  const char* not_listed;
  const char* mean;
  const char* periods;
  const char* note_change;
  const char* note_test;
  const char* note_bonferroni;
  const char* note_single;
  const char* note_empty;
  const char* note_absent;
};

constexpr Words kEn{
    "Trend",
    "Answer",
    "Change",
    "Base",
    "All",
    "(no answer)",
    "0 responses",
    "absent",
    "not listed",
    "Mean score",
    "Periods",
    "Change: in percentage points from the previous period (means and NPS: in their units).",
    "\\* the change is significant at the {} level (two-proportion z-test",
    ", Bonferroni-adjusted for the {} tests made",
    "One period: no change to show.",
    "{}: 0 responses.",
    "absent: not in that period's summary; not listed: the answer is not, nobody "
    "gave it (0 of the base)."};

constexpr Words kFr{
    "Évolution",
    "Réponse",
    "Évolution",
    "Base",
    "Ensemble",
    "(sans réponse)",
    "0 réponse",
    "absente",
    "non listée",
    "Score moyen",
    "Périodes",
    "Évolution : en points de pourcentage depuis la période précédente (scores moyens et NPS : "
    "dans leur unité).",
    "\\* évolution significative au seuil de {} (test z de deux proportions",
    ", corrigé par Bonferroni pour les {} tests effectués",
    "Une seule période : pas d'évolution à montrer.",
    "{} : 0 réponse.",
    "absente : pas dans le résumé de cette période ; non listée : la réponse n'y "
    "est pas, personne ne l'a donnée (0 sur la base)."};

std::string alpha_text(double alpha, Lang lang) {
  std::string pct = fmt::format("{:g}", alpha * 100);
  if (lang == Lang::Fr) return decimal_text(pct, true) + " %";
  return pct + " %";
}

bool is_answer_like(const std::string& k) {
  return k == kind::kAnswer || k == kind::kOption || k == kind::kOther;
}

std::string row_name(const TrendRow& r, const Words& w) {
  if (r.kind == kind::kMissing) return w.no_answer;
  if (r.kind == kind::kMean) return fmt::format("{} ({})", w.mean, markdown_escape_inline(r.answer));
  if (r.kind == kind::kNps) return "NPS";
  if (r.kind == kind::kTop2) return fmt::format("Top 2 ({})", markdown_escape_inline(r.answer));
  if (r.kind == kind::kBottom2) return fmt::format("Bottom 2 ({})", markdown_escape_inline(r.answer));
  if (r.kind == kind::kPromoters || r.kind == kind::kPassives || r.kind == kind::kDetractors) {
    static const std::map<std::string, std::pair<const char*, const char*>> names{
        {"promoters", {"promoters", "promoteurs"}},
        {"passives", {"passives", "passifs"}},
        {"detractors", {"detractors", "détracteurs"}}};
    const auto& n = names.at(r.kind);
    return fmt::format("{} ({})", &w == &kFr ? n.second : n.first, markdown_escape_inline(r.answer));
  }
  return markdown_escape_inline(r.answer);
}

}  // namespace

void write_trend_csv(Output& out, const Trend& trend) {
  CsvWriter csv(out);
  csv.row(kTrendColumns);
  for (const auto& r : trend.rows)
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      const TrendCell& c = r.cells[i];
      bool counted = c.status == TrendStatus::Listed || c.status == TrendStatus::NotListed;
      csv.field(r.question);
      csv.field(r.label);
      csv.field(r.by);
      csv.field(r.group);
      csv.field(r.answer);
      csv.field(r.kind);
      csv.field(trend.periods[i]);
      csv.field(trend_status_name(c.status));
      csv.field(counted ? count_text(c.count) : "");
      csv.field(counted ? std::to_string(c.base) : "");
      csv.field(c.percent);
      csv.field(c.change);
      csv.field(c.p ? fmt::format("{:.10g}", *c.p) : "");
      csv.field(c.p ? (c.significant ? "yes" : "no") : "");
      csv.end_row();
    }
}

std::string render_trend_markdown(const Trend& trend, const RenderOptions& options) {
  const Words& w = options.lang == Lang::Fr ? kFr : kEn;
  auto num = [&](const std::string& s) { return decimal_text(s, options.decimal_comma); };
  const std::size_t n = trend.periods.size();
  std::string out = fmt::format("# {}\n\n", w.title);
  std::string periods;
  for (const auto& p : trend.periods) periods += (periods.empty() ? "" : ", ") + markdown_escape_inline(p);
  out += fmt::format("{}{}: {}.\n\n", w.periods, options.lang == Lang::Fr ? " " : "", periods);
  if (n < 2) {
    out += fmt::format("{}\n", w.note_single);
  } else {
    out += fmt::format("{} ", w.note_change);
    out += fmt::format(fmt::runtime(w.note_test), alpha_text(trend.options.alpha, options.lang));
    if (trend.options.bonferroni) out += fmt::format(fmt::runtime(w.note_bonferroni), trend.tests);
    out += ").\n";
  }
  for (std::size_t i = 0; i < n; ++i)
    if (trend.period_empty[i])
      out += "\n" + fmt::format(fmt::runtime(w.note_empty), markdown_escape_inline(trend.periods[i])) + "\n";
  bool any_gap = false;
  for (const auto& r : trend.rows)
    for (const auto& c : r.cells)
      any_gap = any_gap || c.status == TrendStatus::Absent || c.status == TrendStatus::NotListed;
  if (any_gap) out += fmt::format("\n{}\n", w.note_absent);

  // Labels of the questions, for the headings of their groups.
  std::map<std::string, std::string> labels = options.labels;
  for (const auto& r : trend.rows) labels.emplace(r.question, r.label);

  std::size_t i = 0;
  while (i < trend.rows.size()) {
    const std::string& q = trend.rows[i].question;
    std::size_t end = i;
    while (end < trend.rows.size() && trend.rows[end].question == q) ++end;
    out += fmt::format("\n## {}\n", markdown_escape_inline(trend.rows[i].label));
    bool several = trend.rows[i].by != trend.rows[end - 1].by ||
                   trend.rows[i].group != trend.rows[end - 1].group;
    std::size_t t = i;
    while (t < end) {
      std::size_t tend = t;
      while (tend < end && trend.rows[tend].by == trend.rows[t].by &&
             trend.rows[tend].group == trend.rows[t].group)
        ++tend;
      const TrendRow& first = trend.rows[t];
      if (several) {
        if (first.by.empty()) {
          out += fmt::format("\n### {}\n", w.all);
        } else {
          auto l = labels.find(first.by);
          out += fmt::format("\n### {}{}: {}\n", markdown_escape_inline(l != labels.end() ? l->second : first.by),
                             options.lang == Lang::Fr ? " " : "", first.group.empty() ? std::string(w.no_answer) : markdown_escape_inline(first.group));
        }
      }
      out += fmt::format("\n| {} |", w.answer);
      std::string rule = "|:--|";
      for (std::size_t p = 0; p < n; ++p) {
        out += fmt::format(" {} |", markdown_escape_inline(trend.periods[p]));
        rule += "--:|";
        if (p > 0) {
          out += fmt::format(" {} |", w.change);
          rule += "--:|";
        }
      }
      out += "\n" + rule + "\n";
      // The base of the table's answers in each period.
      std::vector<std::string> bases(n);
      bool has_answers = false;
      for (std::size_t r = t; r < tend; ++r) {
        const TrendRow& row = trend.rows[r];
        out += fmt::format("| {} |", row_name(row, w));
        for (std::size_t p = 0; p < n; ++p) {
          const TrendCell& c = row.cells[p];
          std::string cell;
          if (c.status == TrendStatus::NoResponses || (c.status != TrendStatus::Absent && c.base == 0))
            cell = w.no_responses;
          else if (c.status == TrendStatus::Absent)
            cell = w.absent;
          else if (row.share)
            cell = fmt::format("{} % ({}/{}{})", num(c.percent), count_text(c.count), c.base,
                               c.status == TrendStatus::NotListed ? std::string(", ") + w.not_listed : "");
          else
            cell = fmt::format("{} (n = {})", num(row.kind == kind::kNps && c.percent[0] != '-' && c.percent != "0"
                                                      ? "+" + c.percent
                                                      : c.percent),
                               c.base);
          out += fmt::format(" {} |", cell);
          if (p > 0)
            out += c.change.empty() ? std::string(" |")
                                    : fmt::format(" {}{} |", num(c.change), c.significant ? "\\*" : "");
          if (is_answer_like(row.kind) && bases[p].empty()) {
            has_answers = true;
            if (c.status == TrendStatus::Listed || c.status == TrendStatus::NotListed)
              bases[p] = c.base == 0 ? w.no_responses : std::to_string(c.base);
            else
              bases[p] = c.status == TrendStatus::Absent ? w.absent : w.no_responses;
          }
        }
        out += "\n";
      }
      if (has_answers) {
        out += fmt::format("| {} |", w.base);
        for (std::size_t p = 0; p < n; ++p) {
          out += fmt::format(" {} |", bases[p]);
          if (p > 0) out += " |";
        }
        out += "\n";
      }
      t = tend;
    }
    i = end;
  }
  return out;
}

}  // namespace survey
