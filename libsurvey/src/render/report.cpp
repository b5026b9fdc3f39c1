// Building the report's figures from what was counted. See report.hpp.
#include "survey/render/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "survey/read/text.hpp"
#include "survey/render/redact.hpp"

namespace survey {
namespace {

// The Counts group that stands for every group outside the main ones.
const std::string kRestGroup =
    "\x1f"
    "rest";

// The words of `folded` (split on anything but letters and digits; accents already folded).
std::vector<std::string> words_of(const std::string& folded) {
  std::vector<std::string> out;
  std::string w;
  for (char c : folded) {
    bool letter =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (letter) {
      w += c;
    } else if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

// "Autres", "Other (please specify)", "Divers :": an answer that gathers what the others do not.
bool catch_all(const std::string& answer) {
  std::string f = fold(answer);
  if (auto p = f.find(" ("); p != std::string::npos && f.back() == ')') f.resize(p);
  while (!f.empty() && (f.back() == ':' || f.back() == ' ' || f.back() == '.')) f.pop_back();
  for (std::string_view w : {"autre", "autres", "other", "others", "divers", "autre reponse",
                             "autres reponses", "other answer", "other answers", "something else"})
    if (f == w) return true;
  return false;
}

bool is_answer_kind(const std::string& k) {
  return k == kind::kAnswer || k == kind::kOption || k == kind::kOther;
}

// The level `value` matches (exactly, then loosely), or `value` itself.
std::string level_label(const Question& q, const std::string& value) {
  for (const auto& l : q.levels)
    if (l.label == value) return l.label;
  std::string key = fold(value);
  for (const auto& l : q.levels)
    if (fold(l.label) == key) return l.label;
  return value;
}

std::uint64_t as_count(double c) {
  return c > 0 ? static_cast<std::uint64_t>(c + 0.5) : 0;
}

// At least `share` percent of `base`.
bool enough_share(std::uint64_t count, std::uint64_t base, double share) {
  return static_cast<long double>(count) * 100.0L >=
         static_cast<long double>(share) * static_cast<long double>(base);
}

struct Builder {
  const ReportInput& in;
  const ReportOptions& o;
  Diagnostics& warnings;
  const Counts& counts;
  FreqOptions freq;
  std::vector<std::string> main_groups;  // Level labels of the main groups, in display order.
  Counts grouped;                        // Counts with the groups outside the main ones merged.
  GroupOrder order;

  Builder(const ReportInput& input, const ReportOptions& options, Diagnostics& w)
      : in(input), o(options), warnings(w), counts(*input.counts) {
    freq.decimals = o.decimals;
    if (!o.weight.empty()) {
      freq.weighted = true;
      freq.weight_name = o.weight;
    }
  }

  FreqQuestion freq_of(std::size_t i) const {
    return freq_question(in.questions[i], in.codebook,
                         i < in.condition_bits.size() ? in.condition_bits[i] : -1);
  }

  std::optional<OriginReport> origin() {
    if (!in.by) return std::nullopt;
    OriginReport out;
    out.label = in.by->label;
    out.place = find_region_column({in.by->label}).has_value() ||
                (!in.by->columns.empty() && in.by->columns[0] < in.header.size() &&
                 find_region_column({in.header[in.by->columns[0]]}).has_value());
    FreqQuestion fq = freq_question(*in.by, in.codebook, -1);
    fq.question.type = QuestionType::Single;
    fq.question.base.clear();
    Diagnostics quiet;
    std::vector<SummaryRow> rows = tabulate({fq}, counts, nullptr, freq, quiet);
    std::vector<ReportAnswer> all;
    std::vector<double> weights;  // Of `all`, weighted.
    double wbase = 0;
    for (const auto& r : rows)
      if (is_answer_kind(r.kind)) {
        out.base = r.base;
        wbase = r.weighted_base;
        if (r.count > 0) weights.push_back(r.weighted_count);
        if (r.count > 0)
          all.push_back(
              ReportAnswer{r.answer, as_count(r.count), r.percent, r.kind == kind::kOther});
      }
    std::vector<std::size_t> by_count(all.size());
    for (std::size_t k = 0; k < all.size(); ++k) by_count[k] = k;
    // Weighted: groups by their weight, as their percentages are.
    std::stable_sort(by_count.begin(), by_count.end(), [&](std::size_t a, std::size_t b) {
      return freq.weighted ? weights[a] > weights[b] : all[a].count > all[b].count;
    });
    out.missing = counts.rows - std::min(counts.rows, out.base);
    std::uint64_t in_main = 0;
    double win_main = 0;
    for (std::size_t k : by_count) {
      const ReportAnswer& a = all[k];
      const bool share =
          freq.weighted ? weights[k] * 100.0 >= o.min_share * wbase
                        : enough_share(a.count, out.base, o.min_share);
      bool main = share &&
                  (o.min_cell == 0 || a.count >= o.min_cell) &&
                  (o.max_groups == 0 || out.groups.size() < o.max_groups);
      if (main) {
        out.groups.push_back(a);
        main_groups.push_back(a.label);
        in_main += a.count;
        if (freq.weighted) win_main += weights[k];
      } else {
        ++out.rest_groups;
      }
    }
    if (out.rest_groups) {
      std::uint64_t rest = out.base - in_main;
      out.rest = ReportAnswer{
          "", rest,
          freq.weighted ? weighted_percent_text(std::max(0.0, wbase - win_main), wbase, o.decimals)
                        : percent_text(static_cast<std::int64_t>(rest), out.base, o.decimals),
          false};
    }
    // Group sizes, with the base known.
    if (o.min_cell > 1) {
      CountTable t;
      t.rows = 1;
      t.columns = out.groups.size() + (out.rest ? 1 : 0);
      for (const auto& g : out.groups) t.counts.push_back(g.count);
      if (out.rest) t.counts.push_back(out.rest->count);
      t.row_totals_known = true;
      t.column_totals_known = false;
      out.states = suppress_small_cells(t, o.min_cell);
    }
    return out;
  }

  // Counts whose groups are the main ones, the rest together, and no answer.
  void group_counts() {
    std::vector<std::string> labels;
    Counts relabeled = counts;
    for (auto& g : relabeled.groups) {
      if (g.empty() || is_missing_answer(*in.by, g)) {
        g.clear();
        continue;
      }
      std::string label = level_label(*in.by, g);
      g = std::find(main_groups.begin(), main_groups.end(), label) != main_groups.end()
              ? label
              : kRestGroup;
    }
    merge_counts(grouped, relabeled);
    order.by = in.by->id;
    auto add = [&](const std::string& label) {
      for (std::size_t g = 0; g < grouped.groups.size(); ++g)
        if (grouped.groups[g] == label) {
          order.labels.push_back(label);
          order.index.push_back(static_cast<std::ptrdiff_t>(g));
        }
    };
    for (const auto& m : main_groups) add(m);
    add(kRestGroup);
    add("");
  }

  Breakdown breakdown(const FreqQuestion& fq, const QuestionReport& q) {
    Breakdown b;
    b.by_label = in.by->label;
    Diagnostics quiet;
    std::vector<SummaryRow> rows = tabulate({fq}, grouped, &order, freq, quiet);
    std::map<std::string, std::vector<const SummaryRow*>> blocks;
    for (const auto& r : rows)
      if (!r.by.empty()) blocks[r.group].push_back(&r);
    b.score_name = !q.mean.empty() && q.nps.empty() ? "mean" : !q.nps.empty() ? "nps" : "";
    const bool multi = q.multi;
    for (const auto& label : order.labels) {
      const auto& block = blocks[label];
      std::vector<GroupCell> cells(q.answers.size());
      GroupCell base;
      std::string score;
      for (const auto* r : block) {
        if (is_answer_kind(r->kind)) {
          base.count = r->base;
          for (std::size_t a = 0; a < q.answers.size(); ++a)
            if (q.answers[a].label == r->answer)
              cells[a] = GroupCell{as_count(r->count), r->percent, CellState::Shown};
        } else if ((b.score_name == "mean" && r->kind == kind::kMean) ||
                   (b.score_name == "nps" && r->kind == kind::kNps)) {
          score = r->percent;
        }
      }
      if (base.count == 0)
        for (const auto* r : block)
          if (is_answer_kind(r->kind)) base.count = r->base;
      Breakdown::Row row_kind = label == kRestGroup ? Breakdown::Row::Rest
                                : label.empty()     ? Breakdown::Row::NoAnswer
                                                    : Breakdown::Row::Group;
      b.groups.push_back(row_kind == Breakdown::Row::Group ? label : "");
      b.kinds.push_back(row_kind);
      b.bases.push_back(base);
      b.cells.push_back(std::move(cells));
      b.scores.push_back(score);
    }
    if (o.min_cell > 1 && !b.cells.empty()) {
      // Answers then the base, per group: a row's answers add up to its base
      // (not for a multi-select), each column to the overall figure.
      CountTable t;
      t.rows = b.cells.size();
      t.columns = q.answers.size() + 1;
      for (std::size_t r = 0; r < t.rows; ++r) {
        for (const auto& c : b.cells[r]) t.counts.push_back(c.count);
        t.counts.push_back(b.bases[r].count);
      }
      t.row_totals_known = !multi;
      t.column_totals_known = true;
      std::vector<CellState> states = suppress_small_cells(t, o.min_cell);
      if (!determined_cells(t, states).empty()) {
        b.withheld = true;
        b.cells.clear();
        b.bases.clear();
        b.scores.clear();
        return b;
      }
      for (std::size_t r = 0; r < t.rows; ++r) {
        bool hidden = false;
        for (std::size_t c = 0; c < t.columns; ++c) {
          CellState s = states[r * t.columns + c];
          if (s == CellState::Shown) continue;
          hidden = true;
          b.suppressed = true;
          if (s == CellState::Complementary) b.complementary = true;
          if (c < q.answers.size())
            b.cells[r][c].state = s;
          else
            b.bases[r].state = s;
        }
        // A row's score is one more equation on its hidden cells.
        if (hidden) b.scores[r].clear();
      }
    }
    return b;
  }

  QuestionReport question(std::size_t i) {
    const FreqQuestion fq = freq_of(i);
    const Question& src = in.questions[i];
    QuestionReport q;
    q.id = src.id;
    q.label = src.label;
    q.type = src.type;
    q.multi = src.type == QuestionType::Multi;
    q.ordered = fq.ordered;
    std::vector<SummaryRow> rows = tabulate({fq}, counts, nullptr, freq, warnings);
    bool have_base = false;
    for (const auto& r : rows) {
      if (is_answer_kind(r.kind)) {
        if (!have_base) q.base = r.base;
        have_base = true;
        q.answers.push_back(
            ReportAnswer{r.answer, as_count(r.count), r.percent, r.kind == kind::kOther});
        q.responses += as_count(r.count);
      } else if (r.kind == kind::kMean) {
        q.mean = r.percent;
        q.mean_range = r.answer;
      } else if (r.kind == kind::kTop2) {
        q.top2 = r.percent;
        q.top2_levels = r.answer;
      } else if (r.kind == kind::kNps) {
        q.nps = r.percent;
      } else if (r.kind == kind::kPromoters) {
        q.promoters = r.percent;
      } else if (r.kind == kind::kPassives) {
        q.passives = r.percent;
      } else if (r.kind == kind::kDetractors) {
        q.detractors = r.percent;
      } else if (r.kind == kind::kAsked) {
        q.asked_when = r.answer;
        q.asked = as_count(r.count);
      } else if (r.kind == kind::kUnqualified) {
        q.excluded = as_count(r.count);
      } else if (r.kind == kind::kEffectiveBase) {
        q.weighted_base = r.weighted_base;
        q.effective_base = r.weighted_count > 0 ? r.weighted_base * r.weighted_base / r.weighted_count : 0.0;
      }
    }
    // Questions read without a declared order list by count; the catch-all answer goes last.
    if (!fq.ordered)
      std::stable_partition(q.answers.begin(), q.answers.end(),
                            [](const ReportAnswer& a) { return !catch_all(a.label); });
    if (o.breakdown && in.by && q.base > 0) q.breakdown = breakdown(fq, q);
    return q;
  }

  VerbatimReport verbatim(const Question& src) {
    VerbatimReport v;
    v.id = src.id;
    v.label = src.label;
    if (src.columns.empty()) return v;
    const std::size_t column = src.columns[0];
    if (const ColumnCounts* col = counts.find(column)) {
      for (std::size_t k = 0; k < col->values.size(); ++k)
        if (!is_missing_answer(src, col->values[k])) v.comments += col->total(k);
      for (auto n : col->overflow) v.comments += n;
    }
    const VerbatimSample* sample = in.scanner ? in.scanner->sample(column) : nullptr;
    if (!sample || o.verbatims == 0) return v;
    std::vector<Verbatim> kept;
    for (const auto& item : sample->items()) {
      if (kept.size() == o.verbatims) break;
      if (!is_missing_answer(src, item.text)) kept.push_back(item);
    }
    std::sort(kept.begin(), kept.end(),
              [](const Verbatim& a, const Verbatim& b) { return a.line < b.line; });
    RedactLabels labels;
    if (o.lang == Lang::Fr)
      labels = RedactLabels{"[e-mail masqué]", "[téléphone masqué]", "[lien masqué]"};
    for (const auto& item : kept) {
      Redacted r = redact(item.text, labels);
      v.redacted += r.total();
      v.extracts.push_back(shorten(r.text, 1200));
    }
    return v;
  }
};

}  // namespace

std::optional<std::size_t> find_region_column(const std::vector<std::string>& header) {
  static const std::vector<std::string> kWords = {
      "region", "regions", "departement", "departements", "department", "province", "county",
      "pays",   "country", "territoire",  "territory",    "academie",   "zone"};
  for (std::size_t j = 0; j < header.size(); ++j)
    for (const auto& w : words_of(fold(header[j])))
      if (std::find(kWords.begin(), kWords.end(), w) != kWords.end()) return j;
  return std::nullopt;
}

namespace {
const std::vector<std::string> kSubmissionNames = {"horodateur",         "timestamp",
                                                   "submitdate",         "date submitted",
                                                   "date de soumission", "_submission_time",
                                                   "submission time",    "completion time",
                                                   "heure de fin",       "end",
                                                   "end date",           "date de fin",
                                                   "marca temporal",     "zeitstempel",
                                                   "submitted",          "soumis le",
                                                   "submission date",    "date"};
}  // namespace

const Question* find_submission_question(const std::vector<Question>& questions) {
  const Question* first = nullptr;
  for (const auto& name : kSubmissionNames)
    for (const auto& q : questions)
      if (q.type == QuestionType::Datetime && !q.columns.empty() && fold(q.label) == name)
        return &q;
  for (const auto& q : questions)
    if (q.type == QuestionType::Datetime && !q.columns.empty()) {
      first = &q;
      break;
    }
  return first;
}

Report build_report(const ReportInput& given, const ReportOptions& o, Diagnostics& warnings) {
  const Counts& counts = *given.counts;
  ReportInput in = given;
  if (counts.rows == 0 && !in.codebook) {
    // Nobody answered yet: the types inferred from the header alone (text,
    // or ignored) say nothing of the questions. Show them, with no answers.
    for (auto& q : in.questions)
      if (q.type == QuestionType::Ignore || q.type == QuestionType::Text) {
        bool stamp = std::find(kSubmissionNames.begin(), kSubmissionNames.end(), fold(q.label)) !=
                     kSubmissionNames.end();
        q.type = stamp ? QuestionType::Datetime : QuestionType::Single;
      }
    if (given.by)
      for (const auto& q : in.questions)
        if (q.columns == given.by->columns) in.by = &q;
  }
  Builder b(in, o, warnings);
  Report r;
  r.source = in.source;
  r.title = !o.title.empty() ? o.title : in.form_title;
  r.respondents = counts.rows;
  if (!o.weight.empty()) {
    r.weighted_total = counts.all_weights.sum.value();
    const double sq = counts.all_weights.squares.value();
    r.effective_total = sq > 0 ? r.weighted_total * r.weighted_total / sq : 0.0;
  }
  if (in.as_of) {
    r.as_of = in.as_of;
    r.as_of_given = true;
  } else if (const Question* t = find_submission_question(in.questions); t && in.scanner) {
    if (const LatestTime* latest = in.scanner->latest(t->columns[0])) r.as_of = latest->latest();
  }
  r.origin = b.origin();
  if (o.breakdown && in.by) b.group_counts();
  for (std::size_t i = 0; i < in.questions.size(); ++i) {
    const Question& q = in.questions[i];
    r.labels[q.id] = q.label;
    if (in.by && q.id == in.by->id) continue;
    if (in.weight_column && q.columns.size() == 1 && q.columns[0] == *in.weight_column) continue;
    if (is_categorical(q.type))
      r.questions.push_back(b.question(i));
    else if (q.type == QuestionType::Text)
      r.verbatims.push_back(b.verbatim(q));
    else
      r.skipped.push_back(fmt::format("{} ({})", q.id, type_name(q.type)));
  }
  r.quality.codebook = in.codebook;
  r.quality.codebook_name = in.codebook_name;
  r.quality.duplicates_checked = in.submissions.has_value() || !in.id_repeats.empty();
  r.quality.findings = findings_from_counts(in.questions, in.condition_bits, counts, in.header,
                                            in.id_repeats, in.submissions);
  if (counts.rows == 0)  // Every column is empty, as expected.
    std::erase_if(r.quality.findings, [](const Finding& f) { return f.check == "empty-column"; });
  return r;
}

}  // namespace survey
