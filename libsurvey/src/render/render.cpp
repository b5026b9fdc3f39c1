// Markdown and JSON views of summary rows.
#include "survey/render/render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "survey/count/summary.hpp"
#include "survey/render/markdown.hpp"

namespace survey {
namespace {

struct Words {
  const char* answer;
  const char* responses;
  const char* response;
  const char* total;
  const char* no_answer;
  const char* other_answers;  // A rest row (--top): a label no answer can have.
  const char* mean;
  const char* scale;
  const char* by;
  const char* group;
  const char* outside;
  const char* multi_note;
  const char* multi_responses_note;
  const char* missing_note;
  const char* respondents;
  const char* promoters;
  const char* passives;
  const char* detractors;
  const char* base_excluded;
  const char* base_included;
  const char* weighted_note;
  const char* nobody;  // A question nobody answered (only none rows).
};

constexpr Words kEn = {
    "Answer",
    "responses",
    "response",
    "All",
    "(no answer)",
    "(other answers)",
    "Mean score",
    "scale",
    "By",
    "Group",
    "outside the declared answers",
    "Several answers possible: percentages of the {} respondents, adding up past 100 %.",
    "Several answers possible: percentages of the {} answers given.",
    "No answer: percentage of all {} respondents.",
    "respondents",
    "promoters",
    "passives",
    "detractors",
    "Base: those asked ({}: {} respondents) who answered; {} answers from respondents not asked "
    "are left out.",
    "Base: everyone who answered, including {2} answers from respondents not asked ({0}: {1} "
    "respondents).",
    "Weighted by {}: percentages and scores are weighted, n are respondents. Effective base {} "
    "(Kish), weighted base {}.",
    "Nobody answered this question."};
constexpr Words kFr = {
    "Réponse",
    "réponses",
    "réponse",
    "Ensemble",
    "(sans réponse)",
    "(autres réponses)",
    "Score moyen",
    "échelle",
    "Par",
    "Groupe",
    "hors des réponses déclarées",
    "Plusieurs réponses possibles : pourcentages des {} répondants, leur total dépasse 100 %.",
    "Plusieurs réponses possibles : pourcentages des {} réponses données.",
    "Sans réponse : pourcentage de l'ensemble des {} répondants.",
    "répondants",
    "promoteurs",
    "passifs",
    "détracteurs",
    "Base : les répondants concernés ({} : {} répondants) qui ont répondu ; {} réponses de "
    "non-concernés "
    "sont exclues.",
    "Base : tous ceux qui ont répondu, y compris {2} réponses de non-concernés ({0} : {1} "
    "répondants).",
    "Pondéré par {} : pourcentages et scores pondérés, n en répondants. Base effective {} (Kish), "
    "base pondérée {}.",
    "Personne n'a répondu à cette question."};

struct Block {
  std::string by, group;
  std::vector<const SummaryRow*> rows;
};

struct Section {
  std::string question, label;
  std::vector<Block> blocks;
};

std::vector<Section> sections(const std::vector<SummaryRow>& rows) {
  std::vector<Section> out;
  for (const auto& r : rows) {
    if (out.empty() || out.back().question != r.question) out.push_back(Section{r.question, r.label, {}});
    auto& blocks = out.back().blocks;
    if (blocks.empty() || blocks.back().by != r.by || blocks.back().group != r.group)
      blocks.push_back(Block{r.by, r.group, {}});
    blocks.back().rows.push_back(&r);
  }
  return out;
}

bool is_table_kind(const std::string& k) {
  return k == kind::kAnswer || k == kind::kOption || k == kind::kOther || k == kind::kRest;
}

const SummaryRow* effective_base(const Block& b) {
  for (const auto* r : b.rows)
    if (r->kind == kind::kEffectiveBase) return r;
  return nullptr;
}

bool weighted_rows(const std::vector<SummaryRow>& rows) {
  return std::any_of(rows.begin(), rows.end(),
                     [](const SummaryRow& r) { return r.kind == kind::kEffectiveBase; });
}

// `value` with as many decimals as `like` has.
std::string like_decimals(double value, const std::string& like) {
  auto dot = like.find('.');
  int decimals = dot == std::string::npos ? 0 : static_cast<int>(like.size() - dot - 1);
  return weighted_ratio_text(value, 1.0, decimals);
}

std::uint64_t block_base(const Block& b) {
  for (const auto* r : b.rows)
    if (is_table_kind(r->kind)) return r->base;
  for (const auto* r : b.rows)
    if (r->kind != kind::kMissing) return r->base;
  return 0;
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<int>(c));
        else out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string decimal_text(const std::string& number, bool comma) {
  if (!comma) return number;
  std::string s = number;
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string json_string(std::string_view text) { return "\"" + json_escape(text) + "\""; }

std::string interval_heading(double level, Lang lang) {
  std::string pct = fmt::format("{:g}", level * 100);
  if (lang == Lang::Fr) return fmt::format("IC {} %", decimal_text(pct, true));
  return fmt::format("{} % CI", pct);
}

std::string render_markdown(const std::vector<SummaryRow>& rows, const RenderOptions& options) {
  const Words& w = options.lang == Lang::Fr ? kFr : kEn;
  auto num = [&](const std::string& s) { return decimal_text(s, options.decimal_comma); };
  std::string hashes(static_cast<std::size_t>(std::clamp(options.heading_level, 1, 6)), '#');
  std::string out;
  for (const auto& sec : sections(rows)) {
    if (!out.empty()) out += "\n";
    const Block& overall = sec.blocks.front();
    std::uint64_t base = block_base(overall);
    out += fmt::format("{} {} ({} {})\n\n", hashes, markdown_escape_inline(sec.label), base, base == 1 ? w.response : w.responses);
    if (std::all_of(sec.blocks.begin(), sec.blocks.end(), [](const Block& b) {
          return std::all_of(b.rows.begin(), b.rows.end(),
                             [](const SummaryRow* r) { return r->kind == kind::kNone; });
        })) {
      out += fmt::format("{}\n", w.nobody);
      continue;
    }
    bool multi = false, multi_responses = false, has_missing = false, has_other = false;
    std::uint64_t all = 0;
    std::string base_note;
    const SummaryRow* asked = nullptr;
    for (const auto* r : overall.rows) {
      if (r->kind == kind::kAsked) asked = r;
      if (r->kind == kind::kUnqualified && asked) {
        std::string asked_count = count_text(asked->count), outside = count_text(r->count);
        base_note = fmt::vformat(r->answer == "excluded" ? w.base_excluded : w.base_included,
                                 fmt::make_format_args(asked->answer, asked_count, outside));
      }
      if (r->kind == kind::kOption) multi = true;
      if (r->kind == kind::kMissing) {
        has_missing = true;
        all = r->base;
      }
    }
    const bool intervals = options.ci_level > 0;
    out += fmt::format("| {} | n | % |", w.answer);
    if (intervals) out += fmt::format(" {} |", interval_heading(options.ci_level, options.lang));
    if (options.bars) out += " |";
    out += intervals ? "\n|:--|--:|--:|--:|" : "\n|:--|--:|--:|";
    out += options.bars ? ":--|\n" : "\n";
    std::vector<std::string> stats;
    for (const auto* r : overall.rows) {
      if (is_table_kind(r->kind) || r->kind == kind::kMissing) {
        std::string answer = markdown_escape_inline(r->answer);
        if (r->kind == kind::kOther) {
          answer += " †";
          has_other = true;
        }
        if (r->kind == kind::kRest) answer = w.other_answers;
        if (r->kind == kind::kMissing) answer = w.no_answer;
        if (r->kind == kind::kOption && multi && r->base != base) multi_responses = true;
        out += fmt::format("| {} | {} | {} |", answer, count_text(r->count), num(r->percent));
        if (intervals)
          out += r->ci_low.empty() ? std::string(" |")
                                   : fmt::format(" {}–{} |", num(r->ci_low), num(r->ci_high));
        if (options.bars) out += fmt::format(" {} |", r->kind == kind::kMissing ? "" : markdown_bar(r->percent));
        out += "\n";
      } else if (r->percent.empty()) {
        continue;  // A score of nobody (0 responses): nothing to show.
      } else if (r->kind == kind::kMean) {
        stats.push_back(fmt::format("{} : {} ({} {})", w.mean, num(r->percent), w.scale, r->answer));
      } else if (r->kind == kind::kTop2) {
        stats.push_back(fmt::format("Top 2 ({}) : {} %", r->answer, num(r->percent)));
      } else if (r->kind == kind::kBottom2) {
        stats.push_back(fmt::format("Bottom 2 ({}) : {} %", r->answer, num(r->percent)));
      } else if (r->kind == kind::kNps) {
        std::string score = r->percent;
        if (!score.empty() && score[0] != '-' && score != "0") score = "+" + score;
        stats.push_back(fmt::format("NPS : {}", score));
      } else if (r->kind == kind::kPromoters) {
        stats.push_back(fmt::format("{} (9-10) : {} %", w.promoters, num(r->percent)));
      } else if (r->kind == kind::kPassives) {
        stats.push_back(fmt::format("{} (7-8) : {} %", w.passives, num(r->percent)));
      } else if (r->kind == kind::kDetractors) {
        stats.push_back(fmt::format("{} (0-6) : {} %", w.detractors, num(r->percent)));
      }
    }
    if (options.lang == Lang::En)
      for (auto& s : stats) {
        auto p = s.find(" : ");
        if (p != std::string::npos) s.replace(p, 3, ": ");
      }
    std::vector<std::string> notes;
    if (!base_note.empty()) notes.push_back(base_note);
    if (multi) notes.push_back(fmt::vformat(multi_responses ? w.multi_responses_note : w.multi_note, fmt::make_format_args(base)));
    if (has_missing) notes.push_back(fmt::vformat(w.missing_note, fmt::make_format_args(all)));
    if (has_other) notes.push_back(fmt::format("† {}", w.outside));
    if (const SummaryRow* eff = effective_base(overall)) {
      std::string neff = num(eff->percent.empty() ? std::string("0") : eff->percent);
      std::string wbase = num(like_decimals(eff->weighted_base, eff->percent));
      notes.push_back(
          fmt::vformat(w.weighted_note, fmt::make_format_args(eff->answer, neff, wbase)));
    }
    if (!stats.empty()) out += "\n" + fmt::format("{}\n", fmt::join(stats, " · "));
    for (const auto& n : notes) out += "\n" + n + "\n";

    // Groups: one row per group, one column per answer (percentages).
    if (sec.blocks.size() > 1) {
      const std::string& by = sec.blocks[1].by;
      auto label = options.labels.find(by);
      out += fmt::format("\n{}# {} {}\n\n", hashes, w.by,
                         markdown_escape_inline(label != options.labels.end() ? label->second : by));
      std::vector<std::string> answers;
      std::vector<std::string> stat_kinds;
      for (const auto* r : overall.rows) {
        if (is_table_kind(r->kind))
          answers.push_back(r->kind == kind::kRest ? w.other_answers : r->answer);
        else if (r->kind == kind::kMean || r->kind == kind::kNps || r->kind == kind::kTop2) stat_kinds.push_back(r->kind);
      }
      const bool weighted = effective_base(overall) != nullptr;
      out += fmt::format("| {} | n |", w.group);
      if (weighted) out += " n eff |";
      for (const auto& a : answers) out += fmt::format(" {} |", markdown_escape_inline(a));
      for (const auto& k : stat_kinds)
        out += fmt::format(" {} |", k == kind::kMean ? w.mean : k == kind::kNps ? "NPS" : "Top 2 %");
      out += weighted ? "\n|:--|--:|--:|" : "\n|:--|--:|";
      for (std::size_t i = 0; i < answers.size() + stat_kinds.size(); ++i) out += "--:|";
      out += "\n";
      // `name` is Markdown already.
      auto group_row = [&](const std::string& name, const Block& b) {
        out += fmt::format("| {} | {} |", name, block_base(b));
        if (weighted) {
          const SummaryRow* eff = effective_base(b);
          out += fmt::format(" {} |", eff ? num(eff->percent) : std::string());
        }
        for (const auto& a : answers) {
          std::string p;
          for (const auto* r : b.rows)
            if (is_table_kind(r->kind) &&
                (r->kind == kind::kRest ? w.other_answers : r->answer) == a)
              p = r->percent;
          out += fmt::format(" {} |", num(p));
        }
        for (const auto& k : stat_kinds) {
          std::string p;
          for (const auto* r : b.rows)
            if (r->kind == k) p = r->percent;
          out += fmt::format(" {} |", num(p));
        }
        out += "\n";
      };
      for (std::size_t i = 1; i < sec.blocks.size(); ++i)
        group_row(markdown_escape_inline(sec.blocks[i].group.empty() ? w.no_answer : sec.blocks[i].group), sec.blocks[i]);
      group_row(fmt::format("**{}**", w.total), overall);
      if (weighted)
        out += options.lang == Lang::Fr ? "\nPourcentages pondérés de la ligne ; n : base du "
                                          "groupe (répondants) ; n eff : sa base effective.\n"
                                        : "\nWeighted row percentages; n: the group's base "
                                          "(respondents); n eff: its effective base.\n";
      else
        out += options.lang == Lang::Fr ? "\nPourcentages de la ligne ; n : base du groupe.\n"
                                        : "\nRow percentages; n: the group's base.\n";
    }
  }
  return out;
}

void add_row_labels(RenderOptions& options, const std::vector<SummaryRow>& rows) {
  for (const auto& r : rows) options.labels[r.question] = r.label;
}

std::string render_json(const std::vector<SummaryRow>& rows) {
  const bool weighted = weighted_rows(rows);
  std::string out = "{\"questions\": [";
  bool first_section = true;
  for (const auto& sec : sections(rows)) {
    out += first_section ? "\n" : ",\n";
    first_section = false;
    out += fmt::format("  {{\"question\": \"{}\", \"label\": \"{}\", \"tables\": [", json_escape(sec.question),
                       json_escape(sec.label));
    bool first_block = true;
    for (const auto& b : sec.blocks) {
      out += first_block ? "\n" : ",\n";
      first_block = false;
      out += fmt::format("    {{\"by\": \"{}\", \"group\": \"{}\", \"base\": {}, \"rows\": [", json_escape(b.by),
                         json_escape(b.group), block_base(b));
      bool first_row = true;
      for (const auto* r : b.rows) {
        if (r->kind == kind::kNone) continue;  // Nobody answered: a table without rows.
        out += first_row ? "\n" : ",\n";
        first_row = false;
        out += fmt::format(
            "      {{\"answer\": \"{}\", \"count\": {}, \"base\": {}, \"percent\": {}, \"kind\": "
            "\"{}\"",
            json_escape(r->answer), count_text(r->count), r->base,
            r->percent.empty() ? std::string("null") : r->percent, r->kind);
        if (weighted)
          out += fmt::format(", \"weighted_count\": {}, \"weighted_base\": {}",
                             weight_text(r->weighted_count), weight_text(r->weighted_base));
        if (!r->ci_low.empty()) out += fmt::format(", \"ci_low\": {}, \"ci_high\": {}", r->ci_low, r->ci_high);
        out += "}";
      }
      out += first_row ? "]}" : "\n    ]}";
    }
    out += "\n  ]}";
  }
  out += first_section ? "]}\n" : "\n]}\n";
  return out;
}

}  // namespace survey
