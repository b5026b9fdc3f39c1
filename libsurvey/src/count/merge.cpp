// Adding up summaries. See merge.hpp.
#include "survey/count/merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "survey/read/values.hpp"

namespace survey {
namespace {

constexpr int kClasses = 5;  // BaseClass values but Unknown.

// Statistics rows in the order freq writes them, after the answers.
constexpr std::string_view kStatOrder[] = {
    kind::kAsked,   kind::kUnqualified, kind::kMissing,   kind::kMean,     kind::kTop2,
    kind::kBottom2, kind::kNps,         kind::kPromoters, kind::kPassives, kind::kDetractors};

bool is_declared(std::string_view k) {
  return k == kind::kAnswer || k == kind::kOption;
}
bool is_answer_like(std::string_view k) {
  return is_declared(k) || k == kind::kOther;
}

int decimals_of(std::string_view number) {
  auto dot = number.find('.');
  return dot == std::string_view::npos ? 0 : static_cast<int>(number.size() - dot - 1);
}

std::optional<double> number_of(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// "1-4", "-2-2", "1.5-3": the two bounds of a mean row's range.
std::optional<std::pair<double, double>> range_of(std::string_view s) {
  for (std::size_t i = 1; i + 1 < s.size(); ++i)
    if (s[i] == '-' && s[i - 1] >= '0' && s[i - 1] <= '9') {
      auto lo = number_of(s.substr(0, i)), hi = number_of(s.substr(i + 1));
      if (lo && hi) return std::make_pair(*lo, *hi);
    }
  return std::nullopt;
}

// 100 * numerator / denominator (or numerator / denominator when `scale` is
// 1), rounded half away from zero, from weighted sums.
std::string weighted_text(double numerator, double denominator, int decimals, double scale) {
  if (denominator == 0) return "";
  long double v =
      static_cast<long double>(numerator) * scale / static_cast<long double>(denominator);
  long double p = std::pow(10.0L, decimals);
  long double r = std::round(std::fabs(v) * p) / p;
  std::string s = fmt::format("{:.{}f}", static_cast<double>(r), decimals);
  if (v < 0 && r != 0) s.insert(0, 1, '-');
  return s;
}

struct RowAcc {
  std::string answer;
  std::string kind;
  double count = 0;
  double weighted = 0;
  std::size_t files = 0;
  std::optional<std::pair<double, double>> range;  // Mean rows with a base.
  std::string where;                               // "file:line" of its first row.
};

struct TableAcc {
  std::string by, group;
  std::vector<std::string> order;  // Answers.
  std::set<std::string> placed;
  std::map<std::string, RowAcc> answers;
  std::map<std::string, RowAcc, std::less<>> stats;  // By kind.
  std::uint64_t base[kClasses] = {};
  double weighted_base[kClasses] = {};
  bool count_sorted = true, others_last = true, multi = false;
  std::size_t files = 0;
  // The effective_base row of a weighted table: count = respondents,
  // weighted = their sum of squared weights; effective_weights their sum of
  // weights. All three add up.
  RowAcc effective;
  double effective_weights = 0;
};

using TableKey = std::pair<std::string, std::string>;

struct QuestionAcc {
  // Answers of every table, for single-choice questions: freq lists every
  // answer of the column in each table, 0 where nobody in the group chose it.
  std::vector<std::string> answers;
  std::set<std::string> answers_placed;
  std::map<std::string, const RowAcc*> kinds;  // First row of each answer.
  bool numeric = true, multi = false;
  std::string label;
  std::string where;
  std::set<std::string> bys;
  std::vector<TableKey> order;
  std::set<TableKey> placed;
  std::map<TableKey, TableAcc> tables;
  std::size_t files = 0;
};

// A file's rows grouped into questions and tables (the reader keeps them together).
struct FileTable {
  TableKey key;
  std::vector<const SummaryRecord*> rows;
};
struct FileQuestion {
  std::string id;
  std::vector<FileTable> tables;
};

std::vector<FileQuestion> group_file(const SummaryFile& file) {
  std::vector<FileQuestion> out;
  for (const auto& rec : file.records) {
    const SummaryRow& r = rec.row;
    if (out.empty() || out.back().id != r.question) out.push_back(FileQuestion{r.question, {}});
    auto& tables = out.back().tables;
    TableKey key{r.by, r.group};
    if (tables.empty() || tables.back().key != key) tables.push_back(FileTable{key, {}});
    tables.back().rows.push_back(&rec);
  }
  return out;
}

std::string where(const SummaryFile& f, const SummaryRecord& r) {
  return fmt::format("{}:{}", f.name, r.line);
}

struct Rounding {
  std::optional<int> decimals, mean_decimals;
  std::string decimals_where, mean_where;
  std::string plain_where, sum_to_100_where;  // A table only one rounding explains.
};

// Reads the decimals of a file's percentages and checks each percentage
// against its count and base.
Rounding check_rounding(const SummaryFile& f, const std::vector<FileQuestion>& questions) {
  Rounding r;
  for (const auto& rec : f.records) {
    const SummaryRow& row = rec.row;
    if (row.percent.empty() || row.kind == kind::kNps || base_class(row.kind) == BaseClass::Unknown)
      continue;
    bool mean = row.kind == kind::kMean;
    auto& d = mean ? r.mean_decimals : r.decimals;
    auto& w = mean ? r.mean_where : r.decimals_where;
    int here = decimals_of(row.percent);
    if (!d) {
      d = here;
      w = where(f, rec);
    } else if (*d != here) {
      throw data_error(fmt::format("percent {} has {} decimals, but {} on line {}", row.percent,
                                   here, *d, w.substr(w.rfind(':') + 1)),
                       f.name, rec.line, "a summary is rounded to one --decimals throughout");
    }
  }
  if (f.columns.weighted) return r;  // Percentages of weighted sums: not checked.
  const int dec = r.decimals.value_or(1), mean_dec = r.mean_decimals.value_or(2);
  auto fail = [&](const SummaryRecord& rec, const std::string& expected) {
    throw data_error(
        fmt::format("percent {} of {} \"{}\" is not 100 × {} / {} rounded ({})", rec.row.percent,
                    rec.row.kind, rec.row.answer, count_text(rec.row.count), rec.row.base,
                    expected.empty() ? "empty" : expected),
        f.name, rec.line, "was the file edited by hand? merge recomputes percentages from counts");
  };
  for (const auto& q : questions)
    for (const auto& t : q.tables) {
      std::vector<const SummaryRecord*> answers;
      bool multi = false;
      for (const auto* rec : t.rows) {
        const SummaryRow& row = rec->row;
        if (is_answer_like(row.kind)) {
          answers.push_back(rec);
          multi = multi || row.kind == kind::kOption;
          continue;
        }
        std::string expected;
        if (row.kind == kind::kMean)
          expected = ratio_text(row.count, row.base, mean_dec);
        else if (row.kind == kind::kNps)
          expected = percent_text(static_cast<std::int64_t>(row.count), row.base, 0);
        else if (base_class(row.kind) != BaseClass::Unknown && row.kind != kind::kRest)
          expected = percent_text(static_cast<std::int64_t>(row.count), row.base, dec);
        else
          continue;
        if (expected != row.percent) fail(*rec, expected);
      }
      std::vector<std::uint64_t> counts;
      std::uint64_t sum = 0;
      for (const auto* rec : answers) {
        counts.push_back(static_cast<std::uint64_t>(rec->row.count));
        sum += counts.back();
      }
      std::vector<std::string> plain;
      for (auto c : counts)
        plain.push_back(percent_text(static_cast<std::int64_t>(c),
                                     answers.empty() ? 0 : answers[0]->row.base, dec));
      bool plain_ok = true;
      for (std::size_t i = 0; i < answers.size(); ++i)
        plain_ok = plain_ok && plain[i] == answers[i]->row.percent;
      if (answers.empty() || multi || sum != answers[0]->row.base || sum == 0) {
        for (std::size_t i = 0; i < answers.size(); ++i)
          if (plain[i] != answers[i]->row.percent) fail(*answers[i], plain[i]);
        continue;
      }
      std::vector<std::string> lr = percent_texts_sum_to_100(counts, sum, dec);
      bool lr_ok = true;
      for (std::size_t i = 0; i < answers.size(); ++i)
        lr_ok = lr_ok && lr[i] == answers[i]->row.percent;
      if (!plain_ok && !lr_ok)
        for (std::size_t i = 0; i < answers.size(); ++i)
          if (plain[i] != answers[i]->row.percent) fail(*answers[i], plain[i]);
      if (plain_ok && !lr_ok && r.plain_where.empty()) r.plain_where = where(f, *answers[0]);
      if (lr_ok && !plain_ok && r.sum_to_100_where.empty())
        r.sum_to_100_where = where(f, *answers[0]);
    }
  if (!r.plain_where.empty() && !r.sum_to_100_where.empty())
    throw data_error(
        fmt::format(
            "the table on line {} is rounded to add up to 100 (--sum-to-100), the one at {} "
            "is not",
            r.sum_to_100_where.substr(r.sum_to_100_where.rfind(':') + 1), r.plain_where),
        f.name, 0, "a summary is rounded one way throughout");
  return r;
}

class Merger {
 public:
  Merger(const MergeOptions& options, Diagnostics& warnings)
      : m_options(options), m_warnings(warnings) {}

  void add(const SummaryFile& f) {
    if (!m_first_file) {
      m_first_file = &f;
      m_weighted = f.columns.weighted;
    } else if (f.columns.weighted != m_weighted) {
      const SummaryFile& with = m_weighted ? *m_first_file : f;
      const SummaryFile& without = m_weighted ? f : *m_first_file;
      throw data_error(
          fmt::format("{} has the weighted columns and {} does not", with.name, without.name),
          f.name, 1, "merge summaries made alike (all with --weight on the same column, or none)");
    }
    if (f.columns.ci) m_ci_dropped.push_back(f.name);
    if (f.records.empty()) return;
    std::vector<FileQuestion> questions = group_file(f);
    Rounding rounding = check_rounding(f, questions);
    agree(rounding.decimals, rounding.decimals_where, m_decimals, m_decimals_where, "percentages");
    agree(rounding.mean_decimals, rounding.mean_where, m_mean_decimals, m_mean_where, "means");
    if (m_options.sum_to_100 && !rounding.plain_where.empty())
      throw data_error(
          "this table is not rounded to add up to 100, and merge was given --sum-to-100",
          rounding.plain_where.substr(0, rounding.plain_where.rfind(':')),
          std::stoull(rounding.plain_where.substr(rounding.plain_where.rfind(':') + 1)),
          "merge summaries made with freq --sum-to-100 only");
    if (!m_options.sum_to_100 && !rounding.sum_to_100_where.empty()) {
      const std::string& w = rounding.sum_to_100_where;
      throw data_error("this table is rounded to add up to 100 (freq --sum-to-100)",
                       w.substr(0, w.rfind(':')), std::stoull(w.substr(w.rfind(':') + 1)),
                       "give merge --sum-to-100 too");
    }
    ++m_files_with_rows;

    std::vector<std::string> ids;
    for (const auto& q : questions) ids.push_back(q.id);
    merge_order(m_order, m_placed, ids);
    for (const auto& fq : questions) add_question(f, fq);
    m_seen_files.push_back(&f);
  }

  std::vector<SummaryRecord> finish(SummaryColumns& columns) {
    columns = SummaryColumns{m_weighted, false};
    if (!m_ci_dropped.empty())
      m_warnings.push_back(
          Warning{m_ci_dropped.front(), 0,
                  "ci_low and ci_high left out: confidence intervals do not add up; compute "
                  "them from the merged counts"});
    for (const auto& id : m_order) {
      const QuestionAcc& q = m_questions.at(id);
      if (q.files == m_files_with_rows) continue;
      std::vector<std::string> absent;
      for (const auto* f : m_seen_files)
        if (!m_present[id].count(f)) absent.push_back(f->name);
      m_warnings.push_back(Warning{
          "", 0,
          fmt::format(
              "{} is not in {}: counted there as nobody answering it (a question without declared "
              "answers that nobody answered, or a file made with another codebook?)",
              id, fmt::join(absent, ", "))});
    }
    std::vector<SummaryRecord> out;
    for (const auto& id : m_order) {
      const QuestionAcc& q = m_questions.at(id);
      std::vector<TableKey> tables;
      if (q.tables.count(TableKey{})) tables.push_back(TableKey{});
      for (const auto& k : q.order)
        if (k != TableKey{} && !k.second.empty()) tables.push_back(k);
      for (const auto& k : q.order)
        if (k != TableKey{} && k.second.empty()) tables.push_back(k);
      std::vector<std::string> partial;
      for (const auto& k : tables) emit(id, q, q.tables.at(k), out, partial);
      if (!partial.empty()) {
        std::vector<std::string> shown;
        for (std::size_t i = 0; i < partial.size() && i < 3; ++i)
          shown.push_back(fmt::format("\"{}\"", partial[i]));
        m_warnings.push_back(Warning{
            "", 0,
            fmt::format("{}: {} answer{} not in every file ({}{}): counted as 0 where absent", id,
                        partial.size(), partial.size() == 1 ? " is" : "s are",
                        fmt::join(shown, ", "), partial.size() > 3 ? ", ..." : "")});
      }
    }
    return out;
  }

 private:
  void agree(const std::optional<int>& here, const std::string& here_where,
             std::optional<int>& seen, std::string& seen_where, const char* what) {
    if (!here) return;
    if (!seen) {
      seen = here;
      seen_where = here_where;
    } else if (*seen != *here) {
      throw data_error(
          fmt::format("{} have {} decimals here but {} at {}", what, *here, *seen, seen_where),
          here_where.substr(0, here_where.rfind(':')),
          std::stoull(here_where.substr(here_where.rfind(':') + 1)),
          "merge summaries made with the same --decimals");
    }
  }

  void add_question(const SummaryFile& f, const FileQuestion& fq) {
    const SummaryRecord& first = *fq.tables.front().rows.front();
    auto [it, fresh] = m_questions.try_emplace(fq.id);
    QuestionAcc& q = it->second;
    std::set<std::string> bys;
    for (const auto& t : fq.tables)
      if (!t.key.first.empty()) bys.insert(t.key.first);
    if (fresh) {
      q.label = first.row.label;
      q.where = where(f, first);
      q.bys = bys;
    } else {
      if (q.label != first.row.label)
        throw data_error(fmt::format("question {} is labelled \"{}\" here but \"{}\" at {}", fq.id,
                                     first.row.label, q.label, q.where),
                         f.name, first.line, "merge summaries of the same questions");
      if (q.bys != bys) {
        auto text = [](const std::set<std::string>& s) {
          return s.empty() ? std::string("no groups (no --by)")
                           : fmt::format("groups by {}", fmt::join(s, ", "));
        };
        throw data_error(fmt::format("question {} has {} here but {} at {}", fq.id, text(bys),
                                     text(q.bys), q.where),
                         f.name, first.line, "merge summaries made with the same --by");
      }
    }
    ++q.files;
    m_present[fq.id].insert(&f);
    std::vector<TableKey> keys;
    for (const auto& t : fq.tables) keys.push_back(t.key);
    merge_order(q.order, q.placed, keys);
    for (const auto& ft : fq.tables) add_table(f, q, q.tables[ft.key], ft);
  }

  void add_table(const SummaryFile& f, QuestionAcc& q, TableAcc& t, const FileTable& ft) {
    t.by = ft.key.first;
    t.group = ft.key.second;
    // A table nobody answered (none rows only) is not a file that lacks the
    // other files' answers: it adds nothing, and no warning.
    if (std::all_of(ft.rows.begin(), ft.rows.end(),
                    [](const SummaryRecord* r) { return r->row.kind == kind::kNone; }))
      return;
    ++t.files;
    bool base_done[kClasses] = {};
    std::vector<std::string> sequence;
    std::optional<double> last_number;
    std::optional<double> last_count;
    bool other_seen = false;
    for (const auto* rec : ft.rows) {
      const SummaryRow& r = rec->row;
      if (r.kind == kind::kNone) continue;  // Nobody answered here: adds nothing.
      if (r.kind == kind::kEffectiveBase) {
        add_effective(f, t, *rec);
        continue;
      }
      if (r.kind == kind::kRest)
        throw data_error(
            "a rest row (freq --top): the answers beyond the top differ from file to file", f.name,
            rec->line, "merge summaries made without --top");
      BaseClass cls = base_class(r.kind);
      if (cls == BaseClass::Unknown)
        throw data_error(fmt::format("merge does not know how to add rows of kind \"{}\"", r.kind),
                         f.name, rec->line);
      const int c = static_cast<int>(cls);
      std::optional<double> wb = m_weighted ? number_of(rec->weighted_base) : std::nullopt;
      if (!base_done[c]) {
        base_done[c] = true;
        t.base[c] += r.base;
        if (wb) t.weighted_base[c] += *wb;
      }
      const double wc = m_weighted ? number_of(rec->weighted_count).value_or(0) : 0;
      if (is_answer_like(r.kind)) {
        RowAcc& a = row_acc(t.answers, r.answer, f, *rec);
        auto [k, first] = q.kinds.try_emplace(r.answer, &a);
        if (k->second->kind != r.kind) {
          throw data_error(
              fmt::format("answer \"{}\" of {} is of kind {} here but {} at {}", r.answer,
                          r.question, r.kind, k->second->kind, k->second->where),
              f.name, rec->line,
              "the files declare different answers: give freq the same codebook for every file");
        }
        a.count += r.count;
        a.weighted += wc;
        ++a.files;
        sequence.push_back(r.answer);
        if (r.kind == kind::kOption) t.multi = q.multi = true;
        if (r.kind == kind::kOther) {
          other_seen = true;
        } else {
          if (other_seen) t.others_last = false;
          auto n = parse_number(r.answer);
          if (!n || (last_number && *n <= *last_number)) q.numeric = false;
          last_number = n;
          if (last_count && r.count > *last_count) t.count_sorted = false;
          last_count = r.count;
        }
        continue;
      }
      RowAcc& s = row_acc(t.stats, r.kind, f, *rec);
      if (r.kind == kind::kMean) {
        auto range = range_of(r.answer);
        if (range && r.base > 0) {
          if (!s.range) s.range = range;
          s.range->first = std::min(s.range->first, range->first);
          s.range->second = std::max(s.range->second, range->second);
        } else if (!range && s.answer != r.answer) {
          throw data_error(fmt::format("the mean of {} covers \"{}\" here but \"{}\" at {}",
                                       r.question, r.answer, s.answer, s.where),
                           f.name, rec->line, "merge summaries of the same scales");
        }
      } else if (s.answer != r.answer) {
        throw data_error(fmt::format("the {} row of {} says \"{}\" here but \"{}\" at {}", r.kind,
                                     r.question, r.answer, s.answer, s.where),
                         f.name, rec->line, "merge summaries made with the same codebook");
      }
      s.count += r.count;
      s.weighted += wc;
      ++s.files;
    }
    merge_order(t.order, t.placed, sequence);
    merge_order(q.answers, q.answers_placed, sequence);
  }

  // Kish's effective base adds through its sums: respondents, sum of
  // squared weights, sum of weights; its percentage is recomputed.
  void add_effective(const SummaryFile& f, TableAcc& t, const SummaryRecord& rec) {
    const SummaryRow& r = rec.row;
    RowAcc& e = t.effective;
    if (e.kind.empty()) {
      e.answer = r.answer;
      e.kind = r.kind;
      e.where = where(f, rec);
    } else if (e.answer != r.answer) {
      throw data_error(fmt::format("the effective base of {} is of weight \"{}\" here but \"{}\" at {}",
                                   r.question, r.answer, e.answer, e.where),
                       f.name, rec.line, "merge summaries weighted by the same column");
    }
    e.count += r.count;
    e.weighted += number_of(rec.weighted_count).value_or(0);
    t.effective_weights += number_of(rec.weighted_base).value_or(0);
    ++e.files;
  }

  // The accumulator of `key`, made from this row when it is the first.
  template <class Map>
  static RowAcc& row_acc(Map& map, const std::string& key, const SummaryFile& f,
                         const SummaryRecord& rec) {
    auto [it, fresh] = map.try_emplace(key);
    if (fresh) {
      it->second.answer = rec.row.answer;
      it->second.kind = rec.row.kind;
      it->second.where = where(f, rec);
    }
    return it->second;
  }

  void emit(const std::string& id, const QuestionAcc& q, const TableAcc& t,
            std::vector<SummaryRecord>& out, std::vector<std::string>& partial) {
    const int dec = m_decimals.value_or(1), mean_dec = m_mean_decimals.value_or(2);
    const std::size_t first_record = out.size();
    std::vector<const RowAcc*> declared, others, all;
    std::vector<RowAcc>& zeros = m_zeros;
    zeros.clear();
    zeros.reserve(q.answers.size());
    for (const auto& a : q.multi ? t.order : q.answers) {
      auto it = t.answers.find(a);
      const RowAcc* r = it != t.answers.end() ? &it->second : nullptr;
      if (!r) {
        RowAcc& zero = zeros.emplace_back();
        zero.answer = a;
        zero.kind = q.kinds.at(a)->kind;
        r = &zero;
      }
      (is_declared(r->kind) ? declared : others).push_back(r);
      all.push_back(r);
      if (t.by.empty() && r->files < t.files &&
          std::find(partial.begin(), partial.end(), a) == partial.end())
        partial.push_back(a);
    }
    auto by_count = [](const RowAcc* a, const RowAcc* b) { return a->count > b->count; };
    std::vector<const RowAcc*> answers;
    if (t.others_last) {
      if (q.numeric)
        std::stable_sort(declared.begin(), declared.end(), [](const RowAcc* a, const RowAcc* b) {
          return *parse_number(a->answer) < *parse_number(b->answer);
        });
      else if (t.count_sorted)
        std::stable_sort(declared.begin(), declared.end(), by_count);
      std::stable_sort(others.begin(), others.end(), [](const RowAcc* a, const RowAcc* b) {
        if (a->count != b->count) return a->count > b->count;
        return a->answer < b->answer;
      });
      answers = declared;
      answers.insert(answers.end(), others.begin(), others.end());
    } else {
      answers = all;
      std::stable_sort(answers.begin(), answers.end(), by_count);
    }
    auto record = [&](const RowAcc& r, std::string answer, std::uint64_t base, std::string percent,
                      int cls) {
      SummaryRecord rec;
      rec.row = SummaryRow{
          id, q.label, t.by, t.group, std::move(answer), r.count, base, std::move(percent), r.kind};
      if (m_weighted) {
        rec.weighted_count = weight_text(r.weighted);
        rec.weighted_base = weight_text(t.weighted_base[cls]);
      }
      out.push_back(std::move(rec));
    };
    const int table = static_cast<int>(BaseClass::Table);
    const std::uint64_t base = t.base[table];
    std::vector<std::string> percents;
    if (m_weighted) {
      for (const auto* a : answers)
        percents.push_back(weighted_text(a->weighted, t.weighted_base[table], dec, 100));
    } else if (m_options.sum_to_100 && !t.multi) {
      std::vector<std::uint64_t> counts;
      for (const auto* a : answers) counts.push_back(static_cast<std::uint64_t>(a->count));
      percents = percent_texts_sum_to_100(counts, base, dec);
    } else {
      for (const auto* a : answers)
        percents.push_back(percent_text(static_cast<std::int64_t>(a->count), base, dec));
    }
    for (std::size_t i = 0; i < answers.size(); ++i)
      record(*answers[i], answers[i]->answer, base, percents[i], table);
    // The NPS from the summed promoters and detractors, when the file gives them.
    RowAcc nps;
    auto promoters = t.stats.find(kind::kPromoters), detractors = t.stats.find(kind::kDetractors);
    if (auto it = t.stats.find(kind::kNps);
        it != t.stats.end() && promoters != t.stats.end() && detractors != t.stats.end()) {
      nps = it->second;
      nps.count = promoters->second.count - detractors->second.count;
      nps.weighted = promoters->second.weighted - detractors->second.weighted;
    }
    for (auto k : kStatOrder) {
      auto it = t.stats.find(k);
      if (it == t.stats.end()) continue;
      const RowAcc& s = k == kind::kNps && !nps.kind.empty() ? nps : it->second;
      const int cls = static_cast<int>(base_class(k));
      const std::uint64_t b = t.base[cls];
      std::string answer = s.answer;
      if (k == kind::kMean && s.range)
        answer = fmt::format("{}-{}", count_text(s.range->first), count_text(s.range->second));
      std::string percent;
      const bool mean = k == kind::kMean, nps = k == kind::kNps;
      const int d = mean ? mean_dec : nps ? 0 : dec;
      if (m_weighted)
        percent = weighted_text(s.weighted, t.weighted_base[cls], d, mean ? 1 : 100);
      else if (mean)
        percent = ratio_text(s.count, b, d);
      else
        percent = percent_text(static_cast<std::int64_t>(s.count), b, d);
      record(s, std::move(answer), b, std::move(percent), cls);
    }
    if (!t.effective.kind.empty()) {
      const RowAcc& e = t.effective;
      const double sum = t.effective_weights, squares = e.weighted;
      SummaryRecord rec;
      rec.row = SummaryRow{id,      q.label, t.by,
                           t.group, e.answer, e.count,
                           static_cast<std::uint64_t>(e.count),
                           squares > 0 ? weighted_ratio_text(sum * sum, squares, dec) : "",
                           e.kind};
      rec.weighted_count = weight_text(squares);
      rec.weighted_base = weight_text(sum);
      out.push_back(std::move(rec));
    }
    if (out.size() == first_record) {
      // Nobody answered this table in any file: it keeps its place.
      SummaryRecord rec;
      rec.row = SummaryRow{id, q.label, t.by, t.group, "", 0, 0, "", std::string(kind::kNone)};
      out.push_back(std::move(rec));
    }
  }

  const MergeOptions& m_options;
  Diagnostics& m_warnings;
  const SummaryFile* m_first_file = nullptr;
  bool m_weighted = false;
  std::vector<std::string> m_ci_dropped;
  std::optional<int> m_decimals, m_mean_decimals;
  std::string m_decimals_where, m_mean_where;
  std::size_t m_files_with_rows = 0;
  std::vector<const SummaryFile*> m_seen_files;
  std::vector<std::string> m_order;
  std::set<std::string> m_placed;
  std::map<std::string, QuestionAcc> m_questions;
  std::map<std::string, std::set<const SummaryFile*>> m_present;
  std::vector<RowAcc> m_zeros;
};

}  // namespace

std::vector<SummaryRecord> merge_summaries(const std::vector<SummaryFile>& files,
                                           const MergeOptions& options, SummaryColumns& columns,
                                           Diagnostics& warnings) {
  Merger merger(options, warnings);
  for (const auto& f : files) merger.add(f);
  return merger.finish(columns);
}

}  // namespace survey
