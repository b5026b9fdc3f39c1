// Markdown, JSON and CSV views of scale statistics. See stats.hpp.
#include "survey/render/stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "survey/count/summary.hpp"
#include "survey/render/markdown.hpp"
#include "survey/render/output.hpp"
#include "survey/render/xtab.hpp"
#include "survey/stats/xtab.hpp"

namespace survey {
namespace {

struct Words {
  const char* question;
  const char* mean;
  const char* sd;
  const char* median;
  const char* describe_note;
  const char* alpha_title;
  const char* item;
  const char* item_rest;
  const char* if_deleted;
  const char* alpha_note;
  const char* cor_title_pearson;
  const char* cor_title_spearman;
  const char* cor_note;
  const char* drivers_title;
  const char* beta;
  const char* drivers_note;
  const char* too_few;
  const char* collinear;
};

constexpr const char* kWeightedNoteEn =
    "Weighted by {}: n counts the respondents, unweighted; the weighted n is the sum of their "
    "weights, the effective n (Kish) what they are worth as a simple random sample. Mean, SD, "
    "quartiles (the smallest score reached by that share of the weight) and the interval are "
    "weighted, as R's survey package computes them (svymean, svyvar, svyquantile); the interval "
    "is the mean ± z × its design-based standard error, at {}.";
constexpr const char* kWeightedNoteFr =
    "Pondération {} : n compte les répondants, sans pondération ; le n pondéré est la somme de "
    "leurs poids, le n effectif (Kish) ce qu'ils valent en échantillon aléatoire simple. Moyenne, "
    "écart-type, quartiles (la plus petite note atteinte par cette part du poids) et intervalle "
    "sont pondérés, comme les calcule le paquet survey de R (svymean, svyvar, svyquantile) ; "
    "l'intervalle est la moyenne ± z × son erreur type selon le plan de sondage, à {}.";

constexpr Words kEn = {
    "Question",
    "Mean",
    "SD",
    "Median",
    "n: respondents who gave a score; SD: standard deviation (n − 1); quartiles by R's "
    "quantile(type = 7); the "
    "mean's {} confidence interval from Student's t.",
    "Cronbach's alpha: {} ({} items, {} respondents who answered them all)",
    "Item",
    "Item-rest r",
    "Alpha if deleted",
    "Item-rest r: correlation of the item with the sum of the other items. Alpha if deleted: the "
    "scale's alpha "
    "without the item (higher than the total alpha: the item does not fit).",
    "Pearson correlations ({} respondents who answered them all)",
    "Spearman correlations ({} respondents who answered them all)",
    "From -1 (opposite) through 0 (unrelated) to 1 (move together).",
    "What drives {}: {} respondents, R² = {} (adjusted {})",
    "Beta",
    "r: correlation with the outcome; Beta: standardised regression coefficient (the outcome's "
    "change, in "
    "standard deviations, for one standard deviation more of the item, the other items held "
    "equal); p: "
    "whether Beta could be 0. Sorted by Beta.",
    "Not computed: {} respondents answered every question, too few.",
    "Not computed: some items are constant, or determined by the others (collinear).",
};
constexpr Words kFr = {
    "Question",
    "Moyenne",
    "Écart-type",
    "Médiane",
    "n : répondants ayant donné une note ; écart-type (n − 1) ; quartiles selon quantile(type = 7) "
    "de R ; "
    "intervalle de confiance à {} de la moyenne selon la loi de Student.",
    "Alpha de Cronbach : {} ({} items, {} répondants ayant répondu à tous)",
    "Item",
    "r item-reste",
    "Alpha sans l'item",
    "r item-reste : corrélation de l'item avec la somme des autres items. Alpha sans l'item : "
    "l'alpha de "
    "l'échelle sans cet item (plus élevé que l'alpha total : l'item s'accorde mal aux autres).",
    "Corrélations de Pearson ({} répondants ayant répondu à toutes les questions)",
    "Corrélations de Spearman ({} répondants ayant répondu à toutes les questions)",
    "De -1 (sens opposés) à 1 (varient ensemble), 0 : sans lien.",
    "Ce qui explique {} : {} répondants, R² = {} (ajusté {})",
    "Bêta",
    "r : corrélation avec la variable expliquée ; Bêta : coefficient de régression standardisé "
    "(variation de la "
    "variable expliquée, en écarts-types, pour un écart-type de plus de l'item, les autres items "
    "égaux par "
    "ailleurs) ; p : Bêta pourrait-il être nul. Tri par Bêta.",
    "Non calculé : {} répondants ont répondu à toutes les questions, trop peu.",
    "Non calculé : des items sont constants, ou déterminés par les autres (colinéaires).",
};

std::string name(const ItemLabel& item) {
  if (item.label.empty() || item.label == item.id) return item.id;
  return fmt::format("{}: {}", item.id, item.label);
}

std::string json_number(double v) {
  std::string s = statistic_text(v);
  return s.empty() ? std::string("null") : s;
}

// The long rows: analysis, question, label, with, statistic, value, n.
struct LongRow {
  std::string analysis, question, label, with, statistic;
  double value;
  std::uint64_t n;
};

std::vector<LongRow> long_rows(const StatsReport& r) {
  std::vector<LongRow> out;
  const std::size_t k = r.items.size();
  switch (r.analysis) {
    case Analysis::Describe:
      for (std::size_t i = 0; i < k; ++i) {
        const Descriptives& d = r.descriptives[i];
        auto add = [&](const char* s, double v) {
          out.push_back(LongRow{"describe", r.items[i].id, r.items[i].label, "", s, v, d.n});
        };
        const double nan = std::numeric_limits<double>::quiet_NaN();
        add("n", static_cast<double>(d.n));
        const bool some = d.n && (!d.weighted || d.weighted_n > 0);
        if (d.weighted) {
          add("weighted_n", d.weighted_n);
          add("effective_n", d.n ? d.effective_n : nan);
        }
        add("mean", some ? d.mean : nan);
        if (d.weighted) add("mean_se", d.has_ci ? d.mean_se : nan);
        add("sd", some && (d.weighted ? d.has_ci : d.n > 1) ? d.sd : nan);
        add("min", some ? d.min : nan);
        add("q1", some ? d.q1 : nan);
        add("median", some ? d.median : nan);
        add("q3", some ? d.q3 : nan);
        add("max", some ? d.max : nan);
        add("mean_ci_low", d.has_ci ? d.mean_ci.low : nan);
        add("mean_ci_high", d.has_ci ? d.mean_ci.high : nan);
      }
      break;
    case Analysis::Correlation: {
      const char* a = r.spearman ? "spearman" : "pearson";
      for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = i + 1; j < k; ++j)
          out.push_back(LongRow{a, r.items[i].id, r.items[i].label, r.items[j].id, "r",
                                r.matrix[i * k + j], r.n});
      break;
    }
    case Analysis::Cronbach:
      out.push_back(LongRow{"cronbach", "", "", "", "alpha",
                            r.reliability.valid ? r.reliability.alpha : NAN, r.n});
      out.push_back(LongRow{"cronbach", "", "", "", "items", static_cast<double>(k), r.n});
      for (std::size_t i = 0; i < k; ++i) {
        const auto& it = r.reliability.items[i];
        auto add = [&](const char* s, double v) {
          out.push_back(LongRow{"cronbach", r.items[i].id, r.items[i].label, "", s, v, r.n});
        };
        add("mean", r.n ? r.means[i] : NAN);
        add("sd", r.n > 1 ? r.sds[i] : NAN);
        add("item_rest_r", it.item_rest);
        add("alpha_if_deleted", it.alpha_if_deleted);
      }
      break;
    case Analysis::Drivers:
      for (std::size_t i = 0; i < k; ++i) {
        const Driver& d = r.drivers.drivers[i];
        auto add = [&](const char* s, double v) {
          out.push_back(
              LongRow{"drivers", r.items[i].id, r.items[i].label, r.outcome.id, s, v, r.n});
        };
        add("mean", r.n ? r.means[i] : NAN);
        add("r", d.r);
        add("beta", r.drivers.valid ? d.beta : NAN);
        add("se", r.drivers.valid ? d.se : NAN);
        add("t", r.drivers.valid ? d.t : NAN);
        add("p", r.drivers.valid ? d.p : NAN);
      }
      out.push_back(LongRow{"drivers", r.outcome.id, r.outcome.label, "", "mean",
                            r.n ? r.means.back() : NAN, r.n});
      out.push_back(LongRow{"drivers", r.outcome.id, r.outcome.label, "", "r_squared",
                            r.drivers.valid ? r.drivers.r_squared : NAN, r.n});
      out.push_back(LongRow{"drivers", r.outcome.id, r.outcome.label, "", "adj_r_squared",
                            r.drivers.valid ? r.drivers.adj_r_squared : NAN, r.n});
      break;
  }
  return out;
}

const char* analysis_name(Analysis a, bool spearman) {
  switch (a) {
    case Analysis::Describe:
      return "describe";
    case Analysis::Cronbach:
      return "cronbach";
    case Analysis::Correlation:
      return spearman ? "spearman" : "pearson";
    case Analysis::Drivers:
      return "drivers";
  }
  return "";
}

}  // namespace

void write_stats_csv(Output& out, const StatsReport& report, bool excel_safe) {
  CsvWriter w(out);
  w.row(kStatsColumns);
  auto text = [&](const std::string& s) { return excel_safe ? excel_safe_cell(s) : s; };
  for (const auto& r : long_rows(report)) {
    w.field(r.analysis);
    w.field(text(r.question));
    w.field(text(r.label));
    w.field(text(r.with));
    w.field(r.statistic);
    w.field(statistic_text(r.value));
    w.field(std::to_string(r.n));
    w.end_row();
  }
}

std::string render_stats_json(const StatsReport& r) {
  const std::size_t k = r.items.size();
  std::string out = fmt::format("{{\"analysis\": \"{}\"", analysis_name(r.analysis, r.spearman));
  auto item_json = [&](std::size_t i) {
    return fmt::format("\"question\": {}, \"label\": {}", json_string(r.items[i].id),
                       json_string(r.items[i].label));
  };
  switch (r.analysis) {
    case Analysis::Describe:
      out += fmt::format(", \"level\": {}", statistic_text(r.level));
      if (!r.weight.empty()) out += fmt::format(", \"weight\": {}", json_string(r.weight));
      out += ", \"questions\": [";
      for (std::size_t i = 0; i < k; ++i) {
        const Descriptives& d = r.descriptives[i];
        const double nan = NAN;
        const bool some = d.n && (!d.weighted || d.weighted_n > 0);
        std::string weighted;
        if (d.weighted)
          weighted = fmt::format(", \"weighted_n\": {}, \"effective_n\": {}, \"mean_se\": {}",
                                 json_number(d.weighted_n), json_number(d.n ? d.effective_n : nan),
                                 json_number(d.has_ci ? d.mean_se : nan));
        out += fmt::format(
            "{}\n  {{{}, \"n\": {}{}, \"mean\": {}, \"sd\": {}, \"min\": {}, \"q1\": {}, "
            "\"median\": {}, \"q3\": {}, "
            "\"max\": {}, \"mean_ci_low\": {}, \"mean_ci_high\": {}}}",
            i ? "," : "", item_json(i), d.n, weighted, json_number(some ? d.mean : nan),
            json_number(some && (d.weighted ? d.has_ci : d.n > 1) ? d.sd : nan),
            json_number(some ? d.min : nan), json_number(some ? d.q1 : nan),
            json_number(some ? d.median : nan), json_number(some ? d.q3 : nan),
            json_number(some ? d.max : nan), json_number(d.has_ci ? d.mean_ci.low : nan),
            json_number(d.has_ci ? d.mean_ci.high : nan));
      }
      out += "]";
      break;
    case Analysis::Correlation:
      out += fmt::format(", \"n\": {}, \"rows\": {}, \"questions\": [", r.n, r.rows);
      for (std::size_t i = 0; i < k; ++i)
        out += fmt::format("{}{{{}}}", i ? ", " : "", item_json(i));
      out += "],\n \"matrix\": [";
      for (std::size_t i = 0; i < k; ++i) {
        out += i ? ",\n  [" : "\n  [";
        for (std::size_t j = 0; j < k; ++j)
          out += fmt::format("{}{}", j ? ", " : "", json_number(r.matrix[i * k + j]));
        out += "]";
      }
      out += "]";
      break;
    case Analysis::Cronbach:
      out += fmt::format(", \"n\": {}, \"rows\": {}, \"alpha\": {}, \"items\": [", r.n, r.rows,
                         json_number(r.reliability.valid ? r.reliability.alpha : NAN));
      for (std::size_t i = 0; i < k; ++i) {
        const auto& it = r.reliability.items[i];
        out += fmt::format(
            "{}\n  {{{}, \"mean\": {}, \"sd\": {}, \"item_rest_r\": {}, \"alpha_if_deleted\": {}}}",
            i ? "," : "", item_json(i), json_number(r.n ? r.means[i] : NAN),
            json_number(r.n > 1 ? r.sds[i] : NAN), json_number(it.item_rest),
            json_number(it.alpha_if_deleted));
      }
      out += "]";
      break;
    case Analysis::Drivers: {
      const bool ok = r.drivers.valid;
      out += fmt::format(
          ", \"n\": {}, \"rows\": {}, \"outcome\": {{\"question\": {}, \"label\": {}, \"mean\": "
          "{}}}, \"r_squared\": {}, "
          "\"adj_r_squared\": {}, \"drivers\": [",
          r.n, r.rows, json_string(r.outcome.id), json_string(r.outcome.label),
          json_number(r.n ? r.means.back() : NAN), json_number(ok ? r.drivers.r_squared : NAN),
          json_number(ok ? r.drivers.adj_r_squared : NAN));
      for (std::size_t i = 0; i < k; ++i) {
        const Driver& d = r.drivers.drivers[i];
        out += fmt::format(
            "{}\n  {{{}, \"mean\": {}, \"r\": {}, \"beta\": {}, \"se\": {}, \"t\": {}, \"p\": {}}}",
            i ? "," : "", item_json(i), json_number(r.n ? r.means[i] : NAN), json_number(d.r),
            json_number(ok ? d.beta : NAN), json_number(ok ? d.se : NAN),
            json_number(ok ? d.t : NAN), json_number(ok ? d.p : NAN));
      }
      out += "]";
      break;
    }
  }
  out += "}\n";
  return out;
}

std::string render_stats_markdown(const StatsReport& r, int decimals,
                                  const RenderOptions& options) {
  const Words& w = options.lang == Lang::Fr ? kFr : kEn;
  const std::size_t k = r.items.size();
  std::string hashes(static_cast<std::size_t>(std::clamp(options.heading_level, 1, 6)), '#');
  auto fx = [&](double v) { return fixed_text(v, decimals, options); };
  auto vf = [](const char* f, auto&&... args) {
    return fmt::vformat(f, fmt::make_format_args(args...));
  };
  std::string out;
  switch (r.analysis) {
    case Analysis::Describe: {
      std::string ci = interval_heading(r.level, options.lang);
      const bool weighted = !r.weight.empty();
      const char* wn = options.lang == Lang::Fr ? " n pondéré | n effectif |" : " Weighted n | Effective n |";
      out += fmt::format("| {} | n |{} {} | {} | Min | Q1 | {} | Q3 | Max | {} |\n", w.question,
                         weighted ? wn : "", w.mean, w.sd, w.median, ci);
      out += weighted ? "|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
                      : "|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
      for (std::size_t i = 0; i < k; ++i) {
        const Descriptives& d = r.descriptives[i];
        std::string wcols;
        if (weighted)
          wcols = fmt::format(" {} | {} |", fixed_text(d.weighted_n, 1, options),
                              d.n ? fixed_text(d.effective_n, 1, options) : "");
        if (d.n == 0 || (d.weighted && !(d.weighted_n > 0))) {
          out += fmt::format("| {} | {} |{} | | | | | | | |\n",
                             markdown_escape_inline(name(r.items[i])), d.n, wcols);
          continue;
        }
        out += fmt::format(
            "| {} | {} |{} {} | {} | {} | {} | {} | {} | {} | {} |\n",
            markdown_escape_inline(name(r.items[i])), d.n, wcols, fx(d.mean),
            (d.weighted ? d.has_ci : d.n > 1) ? fx(d.sd) : "",
            fixed_text(d.min, decimals, options), fx(d.q1), fx(d.median), fx(d.q3), fx(d.max),
            d.has_ci ? fmt::format("{}–{}", fx(d.mean_ci.low), fx(d.mean_ci.high)) : "");
      }
      std::string level =
          decimal_text(fmt::format("{:g}", r.level * 100), options.decimal_comma) + " %";
      if (weighted) {
        std::string column = markdown_code(r.weight);
        out += "\n" + vf(options.lang == Lang::Fr ? kWeightedNoteFr : kWeightedNoteEn, column, level) + "\n";
      } else {
        out += "\n" + vf(w.describe_note, level) + "\n";
      }
      break;
    }
    case Analysis::Cronbach: {
      std::string alpha = r.reliability.valid ? fx(r.reliability.alpha) : "–";
      out += fmt::format("{} {}\n\n", hashes, vf(w.alpha_title, alpha, k, r.n));
      if (!r.reliability.valid) {
        out += (r.n >= 2 ? std::string(w.collinear) : vf(w.too_few, r.n)) + "\n";
        break;
      }
      out += fmt::format("| {} | {} | {} | {} | {} |\n|:--|--:|--:|--:|--:|\n", w.item, w.mean,
                         w.sd, w.item_rest, w.if_deleted);
      for (std::size_t i = 0; i < k; ++i) {
        const auto& it = r.reliability.items[i];
        out += fmt::format("| {} | {} | {} | {} | {} |\n", markdown_escape_inline(name(r.items[i])),
                           fx(r.means[i]), fx(r.sds[i]), fx(it.item_rest), fx(it.alpha_if_deleted));
      }
      out += std::string("\n") + w.alpha_note + "\n";
      break;
    }
    case Analysis::Correlation: {
      out += fmt::format("{} {}\n\n", hashes,
                         vf(r.spearman ? w.cor_title_spearman : w.cor_title_pearson, r.n));
      if (r.n < 3) {
        out += vf(w.too_few, r.n) + "\n";
        break;
      }
      out += "| |";
      for (const auto& item : r.items) out += fmt::format(" {} |", markdown_escape_inline(item.id));
      out += "\n|:--|";
      for (std::size_t j = 0; j < k; ++j) out += "--:|";
      out += "\n";
      for (std::size_t i = 0; i < k; ++i) {
        out += fmt::format("| {} |", markdown_escape_inline(name(r.items[i])));
        for (std::size_t j = 0; j < k; ++j) out += fmt::format(" {} |", fx(r.matrix[i * k + j]));
        out += "\n";
      }
      out += std::string("\n") + w.cor_note + "\n";
      break;
    }
    case Analysis::Drivers: {
      const DriverAnalysis& a = r.drivers;
      std::string r2 = a.valid ? fx(a.r_squared) : "–", adj = a.valid ? fx(a.adj_r_squared) : "–";
      std::string outcome = name(r.outcome);
      out += fmt::format("{} {}\n\n", hashes, vf(w.drivers_title, outcome, r.n, r2, adj));
      if (!a.valid) {
        out += (r.n > k + 1 ? std::string(w.collinear) : vf(w.too_few, r.n)) + "\n";
        break;
      }
      std::vector<std::size_t> order(k);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return a.drivers[x].beta > a.drivers[y].beta;
      });
      out +=
          fmt::format("| {} | {} | r | {} | p |\n|:--|--:|--:|--:|--:|\n", w.item, w.mean, w.beta);
      for (std::size_t i : order) {
        const Driver& d = a.drivers[i];
        out += fmt::format("| {} | {} | {} | {} | {} |\n", markdown_escape_inline(name(r.items[i])),
                           fx(r.means[i]), fx(d.r), fx(d.beta), p_value_text(d.p, options));
      }
      out += std::string("\n") + w.drivers_note + "\n";
      break;
    }
  }
  return out;
}

}  // namespace survey
