// Trends across periods. See trend.hpp.
#include "survey/stats/trend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

#include "survey/count/merge.hpp"
#include "survey/stats/proportion.hpp"

namespace survey {
namespace {

bool is_share_kind(std::string_view k) {
  return k == kind::kAnswer || k == kind::kOption || k == kind::kOther || k == kind::kMissing ||
         k == kind::kTop2 || k == kind::kBottom2 || k == kind::kPromoters ||
         k == kind::kPassives || k == kind::kDetractors;
}
bool is_value_kind(std::string_view k) { return k == kind::kMean || k == kind::kNps; }
bool is_answer_like(std::string_view k) {
  return k == kind::kAnswer || k == kind::kOption || k == kind::kOther;
}

int decimals_of(std::string_view number) {
  auto dot = number.find('.');
  return dot == std::string_view::npos ? 0 : static_cast<int>(number.size() - dot - 1);
}

// "75.7" with 1 decimal -> 757; "-12" with 0 -> -12. The texts are the
// summary reader's checked numbers with `decimals` places.
long long scaled(std::string_view number, int decimals) {
  bool negative = !number.empty() && number[0] == '-';
  if (negative || (!number.empty() && number[0] == '+')) number.remove_prefix(1);
  long long v = 0;
  int after = -1;
  for (char c : number) {
    if (c == '.') {
      after = 0;
      continue;
    }
    v = v * 10 + (c - '0');
    if (after >= 0) ++after;
  }
  for (int i = std::max(after, 0); i < decimals; ++i) v *= 10;
  return negative ? -v : v;
}

std::string points_text(long long v, int decimals) {
  long long a = v < 0 ? -v : v;
  std::string digits = std::to_string(a);
  if (decimals > 0) {
    if (digits.size() <= static_cast<std::size_t>(decimals))
      digits.insert(0, static_cast<std::size_t>(decimals) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(decimals), 1, '.');
  }
  if (v > 0) return "+" + digits;
  if (v < 0) return "-" + digits;
  return digits;
}

using TableKey = std::pair<std::string, std::string>;  // by, group
using RowKey = std::pair<std::string, std::string>;    // kind, answer

struct PeriodTable {
  std::optional<std::uint64_t> answer_base;  // Base of the answer rows.
  bool rest = false;  // A `rest` row (freq --top): unlisted answers may be in it.
  std::map<RowKey, const SummaryRecord*> rows;
};
struct PeriodQuestion {
  std::map<TableKey, PeriodTable> tables;
  std::set<std::string> bys;
  const SummaryRecord* first = nullptr;
};
struct Period {
  std::map<std::string, PeriodQuestion> questions;
  bool empty = true;
};

struct Order {
  std::vector<std::string> questions;
  std::set<std::string> placed;
  std::map<std::string, std::pair<std::vector<TableKey>, std::set<TableKey>>> tables;
  std::map<std::pair<std::string, TableKey>, std::pair<std::vector<RowKey>, std::set<RowKey>>> rows;
  std::map<std::string, std::string> labels;
};

std::string by_list(const std::set<std::string>& bys) {
  if (bys.empty()) return "nothing";
  std::string out;
  for (const auto& b : bys) out += (out.empty() ? "" : ", ") + b;
  return out;
}

struct Decimals {
  std::optional<int> value;
  std::string where;
  void check(const SummaryFile& f, const SummaryRecord& rec, std::string_view what) {
    if (rec.row.percent.empty()) return;
    int here = decimals_of(rec.row.percent);
    if (!value) {
      value = here;
      where = fmt::format("{}:{}", f.name, rec.line);
    } else if (*value != here) {
      throw data_error(fmt::format("{} have {} decimals here but {} at {}", what, here, *value, where),
                       f.name, rec.line, "trend compares summaries made with the same --decimals");
    }
  }
};

}  // namespace

std::string_view trend_status_name(TrendStatus status) noexcept {
  switch (status) {
    case TrendStatus::Listed: return "listed";
    case TrendStatus::NotListed: return "not_listed";
    case TrendStatus::Absent: return "absent";
    case TrendStatus::NoResponses: return "no_responses";
  }
  return "absent";
}

Trend build_trend(const std::vector<std::string>& labels, const std::vector<SummaryFile>& files,
                  const TrendOptions& options, Diagnostics& warnings) {
  if (labels.size() != files.size())
    throw usage_error(fmt::format("{} labels for {} files", labels.size(), files.size()));
  check_probability_option(options.alpha, "--alpha");
  Trend trend;
  trend.periods = labels;
  trend.options = options;

  Decimals shares, means;
  Order order;
  std::map<std::string, std::pair<std::set<std::string>, std::string>> bys_seen;  // by sets, where
  std::vector<Period> periods(files.size());
  std::map<std::string, std::string> label_where;

  for (std::size_t i = 0; i < files.size(); ++i) {
    const SummaryFile& f = files[i];
    if (f.columns.weighted)
      throw data_error("a weighted summary (weighted_count, weighted_base): trend tests counts of respondents",
                       f.name, 1, "make the summaries without --weight");
    Period& period = periods[i];
    std::vector<std::string> file_questions;
    std::map<std::string, std::vector<TableKey>> file_tables;
    std::map<std::pair<std::string, TableKey>, std::vector<RowKey>> file_rows;
    std::size_t skipped = 0;
    std::set<std::string> skipped_kinds;
    std::uint64_t skipped_line = 0;
    for (const auto& rec : f.records) {
      const SummaryRow& r = rec.row;
      if (!is_share_kind(r.kind) && !is_value_kind(r.kind) && r.kind != kind::kNone) {
        // The codebook's bookkeeping of who was asked: not an answer, left out quietly.
        if (r.kind == kind::kAsked || r.kind == kind::kUnqualified) continue;
        if (r.kind == kind::kRest) period.questions[r.question].tables[{r.by, r.group}].rest = true;
        if (skipped++ == 0) skipped_line = rec.line;
        skipped_kinds.insert(r.kind);
        continue;
      }
      auto [label, fresh] = order.labels.emplace(r.question, r.label);
      if (fresh) label_where[r.question] = fmt::format("{}:{}", f.name, rec.line);
      if (!fresh && label->second != r.label)
        throw data_error(fmt::format("question {} is labelled \"{}\" here but \"{}\" at {}", r.question,
                                     r.label, label->second, label_where[r.question]),
                         f.name, rec.line, "trend compares summaries of the same questions");
      if (r.kind == kind::kMean)
        means.check(f, rec, "means");
      else if (r.kind != kind::kNps && r.kind != kind::kNone)
        shares.check(f, rec, "percentages");
      if (r.base > 0) period.empty = false;
      PeriodQuestion& q = period.questions[r.question];
      if (!q.first) {
        q.first = &rec;
        file_questions.push_back(r.question);
      }
      if (!r.by.empty()) q.bys.insert(r.by);
      TableKey tk{r.by, r.group};
      PeriodTable& t = q.tables[tk];
      auto& ft = file_tables[r.question];
      if (std::find(ft.begin(), ft.end(), tk) == ft.end()) ft.push_back(tk);
      if (is_answer_like(r.kind) && !t.answer_base) t.answer_base = r.base;
      if (r.kind == kind::kNone) {
        // A table nobody answered in this period: its answers are 0 responses.
        if (!t.answer_base) t.answer_base = 0;
        continue;
      }
      RowKey rk{r.kind, r.answer};
      t.rows.emplace(rk, &rec);
      file_rows[{r.question, tk}].push_back(rk);
    }
    if (skipped > 0) {
      std::string kinds;
      for (const auto& k : skipped_kinds) kinds += (kinds.empty() ? "" : ", ") + k;
      warnings.push_back(Warning{
          f.name, skipped_line,
          fmt::format("{} {} of {} {} left out: trend compares answers, options, missing answers, "
                      "top2/bottom2, NPS groups, means and NPS",
                      skipped, skipped == 1 ? "row" : "rows", skipped_kinds.size() == 1 ? "kind" : "kinds",
                      kinds)});
    }
    if (!period.empty) {
      for (const auto& [id, q] : period.questions) {
        if (!q.first) continue;  // Only rows left out.
        auto [seen, fresh] =
            bys_seen.emplace(id, std::make_pair(q.bys, fmt::format("{}:{}", f.name, q.first->line)));
        if (!fresh && seen->second.first != q.bys)
          throw data_error(fmt::format("question {} is broken down by {} here but by {} at {}", id,
                                       by_list(q.bys), by_list(seen->second.first), seen->second.second),
                           f.name, q.first->line, "trend compares summaries made with the same --by");
      }
    }
    merge_order(order.questions, order.placed, file_questions);
    for (const auto& [id, tables] : file_tables) {
      auto& [to, tp] = order.tables[id];
      merge_order(to, tp, tables);
    }
    for (const auto& [key, rows] : file_rows) {
      auto& [ro, rp] = order.rows[key];
      merge_order(ro, rp, rows);
    }
  }
  for (const auto& p : periods) trend.period_empty.push_back(p.empty);
  const int share_decimals = shares.value.value_or(1);

  for (const auto& id : order.questions) {
    for (const auto& tk : order.tables[id].first) {
      for (const auto& rk : order.rows[{id, tk}].first) {
        TrendRow row;
        row.question = id;
        row.label = order.labels[id];
        row.by = tk.first;
        row.group = tk.second;
        row.kind = rk.first;
        row.answer = rk.second;
        row.share = is_share_kind(row.kind);
        for (std::size_t i = 0; i < periods.size(); ++i) {
          TrendCell cell;
          const Period& p = periods[i];
          auto q = p.questions.find(id);
          if (p.empty) {
            cell.status = TrendStatus::NoResponses;
          } else if (q == p.questions.end()) {
            cell.status = TrendStatus::Absent;
          } else if (auto t = q->second.tables.find(tk); t == q->second.tables.end()) {
            // A group nobody of this period belongs to.
            cell.status = tk.first.empty() ? TrendStatus::Absent : TrendStatus::NoResponses;
          } else if (auto r = t->second.rows.find(rk); r != t->second.rows.end()) {
            cell.status = TrendStatus::Listed;
            cell.count = r->second->row.count;
            cell.base = r->second->row.base;
            cell.percent = r->second->row.percent;
          } else if (t->second.answer_base == std::optional<std::uint64_t>(0)) {
            cell.status = TrendStatus::NoResponses;  // Nobody answered this table here.
          } else if (is_answer_like(rk.first) && t->second.answer_base && !t->second.rest) {
            cell.status = TrendStatus::NotListed;
            cell.base = *t->second.answer_base;
            cell.percent = percent_text(0, cell.base, share_decimals);
          } else {
            cell.status = TrendStatus::Absent;
          }
          row.cells.push_back(std::move(cell));
        }
        for (std::size_t i = 1; i < row.cells.size(); ++i) {
          const TrendCell& a = row.cells[i - 1];
          TrendCell& b = row.cells[i];
          if (a.percent.empty() || b.percent.empty()) continue;
          int d = row.kind == kind::kMean ? means.value.value_or(2)
                  : row.kind == kind::kNps ? 0
                                           : share_decimals;
          b.change = points_text(scaled(b.percent, d) - scaled(a.percent, d), d);
          if (!row.share || a.base == 0 || b.base == 0) continue;
          ProportionTest test = two_proportion_test(a.count, static_cast<double>(a.base), b.count,
                                                    static_cast<double>(b.base));
          if (!test.valid) continue;
          b.p = test.p;
          ++trend.tests;
        }
        trend.rows.push_back(std::move(row));
      }
    }
  }
  for (auto& row : trend.rows)
    for (auto& cell : row.cells)
      if (cell.p) {
        if (options.bonferroni) cell.p = bonferroni(*cell.p, trend.tests);
        cell.significant = *cell.p < options.alpha;
      }
  return trend;
}

}  // namespace survey
