// Frequency tables. See tabulate.hpp.
#include "survey/count/tabulate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include "survey/model/infer.hpp"
#include "survey/model/scales.hpp"
#include "survey/read/text.hpp"
#include "survey/read/values.hpp"

namespace survey {
namespace {

using Slot = Selection;

bool is_missing(const Question& q, std::string_view value) { return is_missing_answer(q, value); }

// Maps answers to level indexes: exact label first, then loosely.
class LevelIndex {
 public:
  explicit LevelIndex(const std::vector<Level>& levels) {
    for (std::size_t i = 0; i < levels.size(); ++i) {
      m_exact.emplace(levels[i].label, i);
      m_loose.emplace(fold(levels[i].label), i);
    }
  }
  std::optional<std::size_t> find(std::string_view value) const {
    if (auto it = m_exact.find(std::string(value)); it != m_exact.end()) return it->second;
    if (auto it = m_loose.find(fold(value)); it != m_loose.end()) return it->second;
    return std::nullopt;
  }

 private:
  std::unordered_map<std::string, std::size_t> m_exact;
  std::unordered_map<std::string, std::size_t> m_loose;
};

struct Entry {
  std::string answer;
  std::uint64_t count = 0;
  std::size_t order = 0;  // Declared position (levels), or after them.
  bool declared = true;
  double weight = 0;  // Sum of the weights of `count`'s respondents (weighted tables).
  double squares = 0;  // ... and of their squares.
};

// One group's table of a question before it becomes rows.
struct Table {
  std::vector<Entry> entries;
  std::uint64_t base = 0;       // Respondents who answered.
  std::uint64_t responses = 0;  // Multi-select: answers given in all.
  std::uint64_t missing = 0;
  // Scores.
  double score_sum = 0;
  std::uint64_t scored = 0;
  bool has_scores = false;
  // Weighted tables: the same as weight sums.
  WeightSums wbase;
  double wresponses = 0;
  double wmissing = 0;
  double wscore_sum = 0;
  double wscored = 0;
};

void sort_entries(std::vector<Entry>& entries, SortOrder sort, bool ordered, bool weighted) {
  auto by_count = [weighted](const Entry& a, const Entry& b) {
    if (weighted && a.weight != b.weight) return a.weight > b.weight;
    if (a.count != b.count) return a.count > b.count;
    return a.order < b.order;
  };
  auto by_level = [weighted](const Entry& a, const Entry& b) {
    if (a.declared != b.declared) return a.declared;
    if (a.declared) return a.order < b.order;
    if (weighted && a.weight != b.weight) return a.weight > b.weight;
    if (a.count != b.count) return a.count > b.count;
    return a.answer < b.answer;
  };
  switch (sort) {
    case SortOrder::Auto:
      if (ordered) std::stable_sort(entries.begin(), entries.end(), by_level);
      else std::stable_sort(entries.begin(), entries.end(), by_count);
      break;
    case SortOrder::Count: std::stable_sort(entries.begin(), entries.end(), by_count); break;
    case SortOrder::Level: std::stable_sort(entries.begin(), entries.end(), by_level); break;
    case SortOrder::Label:
      std::stable_sort(entries.begin(), entries.end(),
                       [](const Entry& a, const Entry& b) { return fold(a.answer) < fold(b.answer); });
      break;
  }
}

class Tabulator {
 public:
  Tabulator(const Counts& counts, const FreqOptions& options, Diagnostics& warnings)
      : m_counts(counts), m_options(options), m_warnings(warnings) {}

  void question(const FreqQuestion& fq, const GroupOrder* groups, std::vector<SummaryRow>& rows) {
    const Question& q = fq.question;
    emit(fq, Selection{}, "", "", rows, true);
    if (!groups) return;
    for (std::size_t k = 0; k < groups->labels.size(); ++k) {
      Selection s;
      s.group = groups->index[k] < 0 ? Selection::kNobody : groups->index[k];
      emit(fq, s, groups->by, groups->labels[k], rows, false);
    }
    (void)q;
  }

 private:
  void warn(const Question& q, std::string message) {
    m_warnings.push_back(Warning{"", 0, fmt::format("{}: {}", q.id, message)});
  }

  Table single_table(const Question& q, Slot slot, bool report) {
    Table t;
    const ColumnCounts* col = m_counts.find(q.columns.at(0));
    if (!col) return t;
    const bool nps = q.type == QuestionType::Nps;
    const bool numeric = q.type == QuestionType::Numeric;
    std::vector<Level> levels = q.levels;
    if (numeric && levels.empty()) {
      // Each distinct number is a level, in numeric order.
      std::vector<std::pair<double, std::string>> numbers;
      for (const auto& v : col->values)
        if (!is_missing(q, v))
          if (auto n = parse_number(v)) numbers.emplace_back(*n, v);
      std::sort(numbers.begin(), numbers.end());
      for (auto& [n, v] : numbers) levels.push_back(Level{v, n});
    }
    LevelIndex index(levels);
    for (std::size_t i = 0; i < levels.size(); ++i)
      t.entries.push_back(Entry{levels[i].label, 0, i, true, 0.0});
    std::map<std::string, std::size_t> others;
    std::vector<std::string> invalid;
    const bool weighted = m_options.weighted;
    for (std::size_t v = 0; v < col->values.size(); ++v) {
      const std::string& value = col->values[v];
      std::uint64_t c = m_counts.count(*col, v, slot);
      WeightSums w;
      if (weighted) w = m_counts.weight(*col, v, slot);
      if (is_missing(q, value)) {
        if (weighted) t.wmissing += w.sum.value();
        continue;
      }
      std::optional<std::size_t> level;
      if (nps) {
        auto n = parse_number(value);
        if (n && *n == std::floor(*n) && *n >= 0 && *n <= 10) level = index.find(fmt::format("{}", static_cast<int>(*n)));
        else invalid.push_back(value);
      } else {
        level = index.find(value);
      }
      std::size_t e;
      if (level) {
        e = *level;
      } else {
        auto [it, fresh] = others.emplace(value, t.entries.size());
        if (fresh) t.entries.push_back(Entry{value, 0, levels.size() + others.size(), false, 0.0});
        e = it->second;
      }
      t.entries[e].count += c;
      t.base += c;
      if (weighted) {
        t.entries[e].weight += w.sum.value();
        t.entries[e].squares += w.squares.value();
        t.wbase.add(w);
      }
    }
    t.missing = m_counts.rows_in(slot) - t.base - m_counts.overflow(*col, slot);
    // Scores.
    bool scored = !levels.empty() && std::all_of(levels.begin(), levels.end(), [](const Level& l) { return l.score.has_value(); });
    if (scored && (q.type == QuestionType::Likert || nps || numeric)) {
      t.has_scores = true;
      for (std::size_t i = 0; i < levels.size(); ++i) {
        t.score_sum += static_cast<double>(t.entries[i].count) * *levels[i].score;
        t.scored += t.entries[i].count;
        t.wscore_sum += t.entries[i].weight * *levels[i].score;
        t.wscored += t.entries[i].weight;
      }
    }
    if (report) {
      std::size_t undeclared = 0;
      std::vector<std::string> examples;
      for (const auto& e : t.entries)
        if (!e.declared && e.count) {
          undeclared += e.count;
          if (examples.size() < 3) examples.push_back(fmt::format("\"{}\"", e.answer));
        }
      if (nps && !invalid.empty()) {
        std::vector<std::string> shown;
        for (std::size_t i = 0; i < invalid.size() && i < 3; ++i) shown.push_back(fmt::format("\"{}\"", invalid[i]));
        warn(q, fmt::format("{} {} from 0 to 10 ({}): kept as \"other\", not counted as promoter, passive or "
                            "detractor", undeclared, undeclared == 1 ? "answer is not a whole number" : "answers are not whole numbers",
                            fmt::join(shown, ", ")));
      } else if (undeclared && (fq_ordered_ || q.type == QuestionType::Likert || numeric)) {
        warn(q, fmt::format("{} answer{} outside the declared levels ({}): kept and flagged as \"other\"", undeclared,
                            undeclared == 1 ? "" : "s", fmt::join(examples, ", ")));
      }
      if (col->overflowed)
        warn(q, "too many distinct answers: the rarest were counted together as \"rest\"");
    }
    return t;
  }

  Table multi_table(const Question& q, Slot slot, bool report) {
    Table t;
    LevelIndex index(q.levels);
    for (std::size_t i = 0; i < q.levels.size(); ++i)
      t.entries.push_back(Entry{q.levels[i].label, 0, i, true, 0.0});
    std::map<std::string, std::size_t> others;
    if (q.option_columns) {
      for (std::size_t k = 0; k < q.columns.size(); ++k) {
        const ColumnCounts* col = m_counts.find(q.columns[k]);
        if (!col) continue;
        for (std::size_t v = 0; v < col->values.size(); ++v) {
          const std::string& value = col->values[v];
          if (is_missing(q, value) || is_untick(value)) continue;
          std::uint64_t c = m_counts.count(*col, v, slot);
          t.entries[k].count += c;
          t.responses += c;
          if (m_options.weighted) {
            const WeightSums ws = m_counts.weight(*col, v, slot);
            const double w = ws.sum.value();
            t.entries[k].weight += w;
            t.entries[k].squares += ws.squares.value();
            t.wresponses += w;
          }
        }
      }
      t.base = m_counts.answered_any(q.columns, slot).value_or(0);
      t.missing = m_counts.rows_in(slot) - t.base;
      if (m_options.weighted) {
        t.wbase = m_counts.answered_any_weight(q.columns, slot).value_or(WeightSums{});
        t.wmissing = m_counts.answered_any_weight(q.columns, slot, /*none=*/true)
                         .value_or(WeightSums{})
                         .sum.value();
      }
    } else {
      const ColumnCounts* col = m_counts.find(q.columns.at(0));
      if (!col) return t;
      std::string sep = q.multi_sep.empty() ? std::string(";") : q.multi_sep;
      for (std::size_t v = 0; v < col->values.size(); ++v) {
        const std::string& value = col->values[v];
        std::uint64_t c = m_counts.count(*col, v, slot);
        WeightSums w;
        if (m_options.weighted) w = m_counts.weight(*col, v, slot);
        if (is_missing(q, value)) {
          t.wmissing += w.sum.value();
          continue;
        }
        if (c == 0) continue;
        t.base += c;
        t.wbase.add(w);
        const double wv = w.sum.value();
        for (const auto& part : split_multi(value, sep, q.levels)) {
          t.responses += c;
          t.wresponses += wv;
          std::size_t e;
          if (auto level = index.find(part)) {
            e = *level;
          } else {
            auto [it, fresh] = others.emplace(part, t.entries.size());
            if (fresh)
              t.entries.push_back(Entry{part, 0, q.levels.size() + others.size(), false, 0.0});
            e = it->second;
          }
          t.entries[e].count += c;
          t.entries[e].weight += wv;
          t.entries[e].squares += w.squares.value();
        }
      }
      t.missing = m_counts.rows_in(slot) - t.base - m_counts.overflow(*col, slot);
      if (report && !others.empty() && fq_ordered_) {
        std::vector<std::string> shown;
        for (const auto& [label, i] : others)
          if (shown.size() < 3) shown.push_back(fmt::format("\"{}\"", label));
        warn(q, fmt::format("{} option{} outside the declared levels ({}): kept and flagged as \"other\"",
                            others.size(), others.size() == 1 ? "" : "s", fmt::join(shown, ", ")));
      }
    }
    return t;
  }

  void emit(const FreqQuestion& fq, Selection group_slot, const std::string& by, const std::string& group,
            std::vector<SummaryRow>& rows, bool report) {
    const Question& q = fq.question;
    fq_ordered_ = fq.ordered;
    const bool multi = q.type == QuestionType::Multi;
    const bool weighted = m_options.weighted;
    const int decimals = m_options.decimals;
    Selection slot = group_slot;
    if (fq.condition >= 0 && m_options.base_qualified) slot.condition = fq.condition;
    Table t = multi ? multi_table(q, slot, report) : single_table(q, slot, report);
    sort_entries(t.entries, m_options.sort, fq.ordered, weighted);
    const std::size_t first_row = rows.size();

    // A row; its percent is from the weighted sums in a weighted table.
    auto row = [&](std::string answer, double count, std::uint64_t base, double wcount,
                   double wbase, std::string_view k) {
      std::string percent = weighted
                                ? weighted_percent_text(wcount, wbase, decimals)
                                : percent_text(static_cast<std::int64_t>(count), base, decimals);
      rows.push_back(SummaryRow{q.id, q.label, by, group, std::move(answer), count, base,
                                std::move(percent), std::string(k), weighted ? wcount : 0.0,
                                weighted ? wbase : 0.0});
    };

    // --top N: the rest together.
    std::vector<Entry> shown = t.entries;
    std::uint64_t rest = 0;
    double wrest = 0, srest = 0;
    std::size_t rest_n = 0;
    if (m_options.top && shown.size() > m_options.top) {
      for (std::size_t i = m_options.top; i < shown.size(); ++i) {
        rest += shown[i].count;
        wrest += shown[i].weight;
        srest += shown[i].squares;
        ++rest_n;
      }
      shown.resize(m_options.top);
    }
    const bool of_responses = multi && m_options.multi_base_responses;
    const std::uint64_t base = of_responses ? t.responses : t.base;
    const double wbase = of_responses ? t.wresponses : t.wbase.sum.value();
    // Squared weights of the base (not of responses: no design variance then).
    const double sbase = of_responses ? 0.0 : t.wbase.squares.value();
    auto squares = [&](double count_squares) {
      if (!weighted || of_responses) return;
      rows.back().weighted_squares = count_squares;
      rows.back().weighted_base_squares = sbase;
    };
    std::vector<std::string> percents;
    if (m_options.sum_to_100 && !multi) {
      if (weighted) {
        std::vector<double> numerators;
        for (const auto& e : shown) numerators.push_back(e.weight);
        if (rest_n) numerators.push_back(wrest);
        percents = weighted_percent_texts_sum_to_100(numerators, wbase, decimals);
      } else {
        std::vector<std::uint64_t> numerators;
        for (const auto& e : shown) numerators.push_back(e.count);
        if (rest_n) numerators.push_back(rest);
        percents = percent_texts_sum_to_100(numerators, base, decimals);
      }
    }
    std::string_view answer_kind = multi ? kind::kOption : kind::kAnswer;
    for (std::size_t i = 0; i < shown.size(); ++i) {
      row(shown[i].answer, static_cast<double>(shown[i].count), base, shown[i].weight, wbase,
          shown[i].declared ? answer_kind : kind::kOther);
      squares(shown[i].squares);
      if (!percents.empty()) rows.back().percent = percents[i];
    }
    if (rest_n) {
      // No answer text: a 0-10 question's "8" could be a real answer.
      row("", static_cast<double>(rest), base, wrest, wbase, kind::kRest);
      squares(srest);
      if (!percents.empty()) rows.back().percent = percents.back();
    }

    if (fq.condition >= 0) {
      // Who was asked, and the answers of those who were not.
      Selection asked = group_slot, not_asked = group_slot;
      asked.condition = not_asked.condition = fq.condition;
      not_asked.negate = true;
      std::uint64_t all = m_counts.rows_in(group_slot);
      std::uint64_t asked_rows = m_counts.rows_in(asked);
      double wall = 0, wasked = 0;
      if (weighted) {
        wall = m_counts.weight_in(group_slot).sum.value();
        wasked = m_counts.weight_in(asked).sum.value();
      }
      row(q.base, static_cast<double>(asked_rows), all, wasked, wall, kind::kAsked);
      Table out_table =
          multi ? multi_table(q, not_asked, false) : single_table(q, not_asked, false);
      std::uint64_t outside = out_table.base;
      std::uint64_t answered = outside + (m_options.base_qualified ? t.base : t.base - outside);
      double woutside = out_table.wbase.sum.value();
      double wanswered =
          m_options.base_qualified ? woutside + t.wbase.sum.value() : t.wbase.sum.value();
      row(m_options.base_qualified ? "excluded" : "included", static_cast<double>(outside),
          answered, woutside, wanswered, kind::kUnqualified);
    }

    if (m_options.missing_row) {
      std::uint64_t all = m_counts.rows_in(slot);
      double wall = weighted ? m_counts.weight_in(slot).sum.value() : 0.0;
      row("", static_cast<double>(t.missing), all, t.wmissing, wall, kind::kMissing);
      if (weighted) {
        const double sall = m_counts.weight_in(slot).squares.value();
        rows.back().weighted_squares = std::max(0.0, sall - t.wbase.squares.value());
        rows.back().weighted_base_squares = sall;
      }
    }

    if (t.has_scores) {
      double lo = 0, hi = 0;
      if (!q.levels.empty()) {
        lo = *q.levels.front().score;
        hi = *q.levels.back().score;
        for (const auto& l : q.levels) {
          lo = std::min(lo, *l.score);
          hi = std::max(hi, *l.score);
        }
      } else if (t.scored) {
        // Numeric without declared levels: the observed range.
        bool first = true;
        for (const auto& e : t.entries)
          if (e.declared && e.count)
            if (auto n = parse_number(e.answer)) {
              lo = first ? *n : std::min(lo, *n);
              hi = first ? *n : std::max(hi, *n);
              first = false;
            }
      }
      row(fmt::format("{}-{}", count_text(lo), count_text(hi)), t.score_sum, t.scored, t.wscore_sum,
          t.wscored, kind::kMean);
      rows.back().percent =
          weighted ? weighted_ratio_text(t.wscore_sum, t.wscored, m_options.mean_decimals)
                   : ratio_text(t.score_sum, t.scored, m_options.mean_decimals);
      // Entries are sorted for display; find level counts by declared position.
      std::vector<std::uint64_t> level_counts(q.levels.size(), 0);
      std::vector<double> level_weights(q.levels.size(), 0.0);
      std::vector<double> level_squares(q.levels.size(), 0.0);
      for (const auto& e : t.entries)
        if (e.declared && e.order < level_counts.size()) {
          level_counts[e.order] = e.count;
          level_weights[e.order] = e.weight;
          level_squares[e.order] = e.squares;
        }
      // The box and NPS shares are of the scored respondents: their squares.
      double sscored = 0;
      for (double x : level_squares) sscored += x;
      auto box_squares = [&](double count_squares) {
        if (!weighted) return;
        rows.back().weighted_squares = count_squares;
        rows.back().weighted_base_squares = sscored;
      };
      if (q.type == QuestionType::Likert && q.levels.size() >= 4) {
        std::size_t n = q.levels.size();
        std::uint64_t top = level_counts[n - 1] + level_counts[n - 2];
        std::uint64_t bottom = level_counts[0] + level_counts[1];
        row(q.levels[n - 2].label + " | " + q.levels[n - 1].label, static_cast<double>(top),
            t.scored, level_weights[n - 1] + level_weights[n - 2], t.wscored, kind::kTop2);
        box_squares(level_squares[n - 1] + level_squares[n - 2]);
        row(q.levels[0].label + " | " + q.levels[1].label, static_cast<double>(bottom), t.scored,
            level_weights[0] + level_weights[1], t.wscored, kind::kBottom2);
        box_squares(level_squares[0] + level_squares[1]);
      }
      if (q.type == QuestionType::Nps && q.levels.size() == 11) {
        std::uint64_t promoters = level_counts[9] + level_counts[10];
        std::uint64_t passives = level_counts[7] + level_counts[8];
        std::uint64_t detractors = 0;
        double wdetractors = 0;
        for (std::size_t k = 0; k <= 6; ++k) {
          detractors += level_counts[k];
          wdetractors += level_weights[k];
        }
        const double wpromoters = level_weights[9] + level_weights[10];
        std::int64_t score = static_cast<std::int64_t>(promoters) - static_cast<std::int64_t>(detractors);
        row("0-10", static_cast<double>(score), t.scored, wpromoters - wdetractors, t.wscored,
            kind::kNps);
        rows.back().percent = weighted
                                  ? weighted_percent_text(wpromoters - wdetractors, t.wscored, 0)
                                  : percent_text(score, t.scored, 0);
        double sdetractors = 0;
        for (std::size_t k = 0; k <= 6; ++k) sdetractors += level_squares[k];
        row("9-10", static_cast<double>(promoters), t.scored, wpromoters, t.wscored,
            kind::kPromoters);
        box_squares(level_squares[9] + level_squares[10]);
        row("7-8", static_cast<double>(passives), t.scored, level_weights[7] + level_weights[8],
            t.wscored, kind::kPassives);
        box_squares(level_squares[7] + level_squares[8]);
        row("0-6", static_cast<double>(detractors), t.scored, wdetractors, t.wscored,
            kind::kDetractors);
        box_squares(sdetractors);
      }
    }

    if (weighted) {
      // Kish's effective base of the respondents the percentages are of.
      const double sum = t.wbase.sum.value(), squares = t.wbase.squares.value();
      row(m_options.weight_name, static_cast<double>(t.base), t.base, squares, sum,
          kind::kEffectiveBase);
      rows.back().percent = squares > 0 ? weighted_ratio_text(sum * sum, squares, decimals) : "";
    }
    // A table nobody answered and without declared levels would leave no
    // row: one `none` row keeps its place, so that it shows as "0 responses".
    if (rows.size() == first_row) row("", 0, 0, 0, 0, kind::kNone);
  }

  const Counts& m_counts;
  const FreqOptions& m_options;
  Diagnostics& m_warnings;
  bool fq_ordered_ = false;
};

}  // namespace

FreqQuestion freq_question(const Question& question, bool codebook_given, int condition) {
  FreqQuestion fq{question, codebook_given, condition};
  const QuestionType t = question.type;
  if (t == QuestionType::Likert || t == QuestionType::Nps || t == QuestionType::Numeric) fq.ordered = true;
  if (!fq.ordered && t == QuestionType::Single) {
    std::vector<std::string> labels;
    for (const auto& l : question.levels) labels.push_back(l.label);
    fq.ordered = match_scale(labels).has_value();
  }
  return fq;
}

GroupOrder order_groups(const Counts& counts, const Question* by) {
  GroupOrder order;
  if (by) order.by = by->id;
  std::vector<bool> placed(counts.groups.size(), false);
  std::unordered_map<std::string, std::size_t> exact, loose;
  for (std::size_t g = 0; g < counts.groups.size(); ++g) {
    exact.emplace(counts.groups[g], g);
    loose.emplace(fold(counts.groups[g]), g);
  }
  if (by) {
    for (const auto& level : by->levels) {
      std::ptrdiff_t index = -1;
      if (auto it = exact.find(level.label); it != exact.end()) index = static_cast<std::ptrdiff_t>(it->second);
      else if (auto it2 = loose.find(fold(level.label)); it2 != loose.end() && !placed[it2->second])
        index = static_cast<std::ptrdiff_t>(it2->second);
      if (index >= 0) {
        if (placed[static_cast<std::size_t>(index)]) continue;
        placed[static_cast<std::size_t>(index)] = true;
        order.labels.push_back(counts.groups[static_cast<std::size_t>(index)]);
      } else {
        order.labels.push_back(level.label);
      }
      order.index.push_back(index);
    }
  }
  std::vector<std::size_t> rest;
  for (std::size_t g = 0; g < counts.groups.size(); ++g)
    if (!placed[g] && !counts.groups[g].empty()) rest.push_back(g);
  std::stable_sort(rest.begin(), rest.end(), [&](std::size_t a, std::size_t b) {
    return counts.group_rows[a] > counts.group_rows[b];
  });
  for (std::size_t g : rest) {
    order.labels.push_back(counts.groups[g]);
    order.index.push_back(static_cast<std::ptrdiff_t>(g));
  }
  for (std::size_t g = 0; g < counts.groups.size(); ++g)
    if (!placed[g] && counts.groups[g].empty()) {
      order.labels.push_back("");
      order.index.push_back(static_cast<std::ptrdiff_t>(g));
    }
  return order;
}

std::vector<SummaryRow> tabulate(const std::vector<FreqQuestion>& questions, const Counts& counts,
                                 const GroupOrder* groups, const FreqOptions& options, Diagnostics& warnings) {
  std::vector<SummaryRow> rows;
  Tabulator t(counts, options, warnings);
  for (const auto& q : questions) t.question(q, groups, rows);
  return rows;
}

}  // namespace survey
