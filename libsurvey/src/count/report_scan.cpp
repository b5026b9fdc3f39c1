// What the report gathers while counting. See report_scan.hpp.
#include "survey/count/report_scan.hpp"

#include <algorithm>
#include <mutex>
#include <tuple>

#include "survey/count/interner.hpp"

namespace survey {
namespace {

constexpr std::uint8_t kDecodeFlags = kFieldEscaped | kFieldLineBreak | kFieldStrayQuote;
constexpr std::size_t kBatch = 4096;
constexpr std::size_t kMaxLines = 5;

bool later(const DateTime& a, const DateTime& b) {
  return a.seconds > b.seconds;
}

// The decoded values of one raw row, decoded when first asked for.
class RowValues {
 public:
  void reset(const RawRow& row, CsvReader& reader) {
    m_row = &row;
    m_reader = &reader;
    if (m_have.size() < row.size()) {
      m_have.resize(row.size(), 0);
      m_values.resize(row.size());
    }
    std::fill(m_have.begin(), m_have.end(), 0);
  }
  std::string_view operator()(std::size_t c) {
    if (c >= m_have.size()) return {};
    if (!m_have[c]) {
      m_values[c].clear();
      m_reader->decode(m_values[c], m_row->raw(c), m_row->flags(c), m_row->line(), c);
      m_have[c] = 1;
    }
    return m_values[c];
  }

 private:
  const RawRow* m_row = nullptr;
  CsvReader* m_reader = nullptr;
  std::vector<char> m_have;
  std::vector<std::string> m_values;
};

}  // namespace

namespace {

// For `07/08/2020`-like texts, the two leading numbers; else nullopt (the
// order does not matter: ISO dates, year first).
std::optional<std::pair<int, int>> leading_pair(std::string_view text) {
  std::size_t i = 0;
  int a = 0, b = 0, da = 0, db = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9' && da < 3)
    a = a * 10 + (text[i++] - '0'), ++da;
  if (da == 0 || da > 2 || i >= text.size() || (text[i] != '/' && text[i] != '.' && text[i] != '-'))
    return std::nullopt;
  ++i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9' && db < 3)
    b = b * 10 + (text[i++] - '0'), ++db;
  if (db == 0 || db > 2) return std::nullopt;
  return std::make_pair(a, b);
}

}  // namespace

void LatestTime::add(std::string_view text) {
  ++values;
  auto d = parse_datetime(text, DateOrder::DayFirst);
  if (d) {
    if (!day_first || later(*d, *day_first)) day_first = d;
  } else {
    ++day_first_fails;
  }
  auto pair = leading_pair(text);
  if (!pair || (d && pair->first == pair->second)) {
    // Read alike in both orders (or not a date at all).
    if (d) {
      if (!month_first || later(*d, *month_first)) month_first = d;
    } else {
      ++month_first_fails;
    }
    return;
  }
  auto m = parse_datetime(text, DateOrder::MonthFirst);
  if (m) {
    if (!month_first || later(*m, *month_first)) month_first = m;
  } else {
    ++month_first_fails;
  }
}

void LatestTime::merge(const LatestTime& other) {
  values += other.values;
  day_first_fails += other.day_first_fails;
  month_first_fails += other.month_first_fails;
  if (other.day_first && (!day_first || later(*other.day_first, *day_first)))
    day_first = other.day_first;
  if (other.month_first && (!month_first || later(*other.month_first, *month_first)))
    month_first = other.month_first;
}

std::optional<DateTime> LatestTime::latest() const {
  if (day_first && day_first_fails == 0) return day_first;
  if (month_first && month_first_fails == 0) return month_first;
  // Some values read in neither order: the others, day first.
  return day_first ? day_first : month_first;
}

struct ReportScanner::Shared {
  ReportScanSpec spec;
  std::vector<std::size_t> watched;                // Text and date columns, once each.
  std::vector<std::ptrdiff_t> watch_of;            // Per data column: index in `watched` or -1.
  std::vector<std::ptrdiff_t> sample_of, date_of;  // Per watched column: index or -1.
  std::mutex mutex;
  std::vector<DuplicateFinder> ids;  // One per id question.
  DuplicateFinder submissions;
};

struct ReportScanner::Local {
  std::vector<VerbatimSample> samples;
  std::vector<LatestTime> dates;
  std::vector<std::pair<std::uint32_t, std::uint64_t>>
      pending;  // (check, hash); check ids.size(): submissions.
  std::string scratch;
  RowValues values;
  SubmissionKey submissions;  // A copy per chunk: it keeps scratch space.
};

// The second pass: the occurrences of candidate hashes, in input order.
class ReportScanner::Confirm : public RowObserver {
 public:
  explicit Confirm(std::shared_ptr<Shared> shared)
      : m_shared(std::move(shared)), m_submissions(m_shared->spec.submissions) {}
  std::unique_ptr<RowObserver> fork() const override { return std::make_unique<Confirm>(m_shared); }
  void observe(const RawRow& row, CsvReader& reader, const Tally&) override {
    Shared& sh = *m_shared;
    m_values.reset(row, reader);
    for (std::size_t i = 0; i < sh.ids.size(); ++i) {
      if (!sh.ids[i].needs_second()) continue;
      const Question& q = sh.spec.id_questions[i];
      std::string_view v = m_values(q.columns[0]);
      if (is_missing_answer(q, v)) continue;
      std::uint64_t h = hash_bytes(v);
      if (sh.ids[i].candidate(h))
        m_records.emplace_back(static_cast<std::uint32_t>(i), h, row.line());
    }
    if (sh.submissions.needs_second())
      if (auto h = m_submissions.hash(m_values); h && sh.submissions.candidate(*h))
        m_records.emplace_back(static_cast<std::uint32_t>(sh.ids.size()), *h, row.line());
  }
  void merge(RowObserver& later, std::uint64_t line_offset) override {
    for (auto [check, h, line] : static_cast<Confirm&>(later).m_records)
      m_records.emplace_back(check, h, line + line_offset);
  }
  // Settles the repeats: feeds the occurrences, in input order, to the finders.
  void settle() {
    Shared& sh = *m_shared;
    for (auto [check, h, line] : m_records) {
      DuplicateFinder& f = check < sh.ids.size() ? sh.ids[check] : sh.submissions;
      f.second(h, line, kMaxLines);
    }
    m_records.clear();
  }

 private:
  std::shared_ptr<Shared> m_shared;
  std::vector<std::tuple<std::uint32_t, std::uint64_t, std::uint64_t>> m_records;
  RowValues m_values;
  SubmissionKey m_submissions;
};

ReportScanner::ReportScanner(ReportScanSpec spec) : m_shared(std::make_shared<Shared>()) {
  Shared& sh = *m_shared;
  sh.spec = std::move(spec);
  auto watch = [&](std::size_t c) -> std::size_t {
    auto it = std::find(sh.watched.begin(), sh.watched.end(), c);
    if (it != sh.watched.end()) return static_cast<std::size_t>(it - sh.watched.begin());
    sh.watched.push_back(c);
    sh.sample_of.push_back(-1);
    sh.date_of.push_back(-1);
    return sh.watched.size() - 1;
  };
  for (std::size_t k = 0; k < sh.spec.text_columns.size(); ++k)
    sh.sample_of[watch(sh.spec.text_columns[k])] = static_cast<std::ptrdiff_t>(k);
  for (std::size_t k = 0; k < sh.spec.date_columns.size(); ++k)
    sh.date_of[watch(sh.spec.date_columns[k])] = static_cast<std::ptrdiff_t>(k);
  for (std::size_t w = 0; w < sh.watched.size(); ++w) {
    if (sh.watched[w] >= sh.watch_of.size()) sh.watch_of.resize(sh.watched[w] + 1, -1);
    sh.watch_of[sh.watched[w]] = static_cast<std::ptrdiff_t>(w);
  }
  sh.ids.resize(sh.spec.id_questions.size());
  m_local = fresh_local();
}

ReportScanner::ReportScanner(const ReportScanner& parent, bool)
    : m_shared(parent.m_shared), m_local(fresh_local()) {}

std::unique_ptr<ReportScanner::Local> ReportScanner::fresh_local() const {
  const Shared& sh = *m_shared;
  auto lo = std::make_unique<Local>();
  for (std::size_t k = 0; k < sh.spec.text_columns.size(); ++k)
    lo->samples.emplace_back(sh.spec.sample_size, sh.spec.seed);
  lo->dates.resize(sh.spec.date_columns.size());
  lo->submissions = sh.spec.submissions;
  return lo;
}

ReportScanner::~ReportScanner() = default;

std::unique_ptr<RowObserver> ReportScanner::fork() const {
  return std::unique_ptr<RowObserver>(new ReportScanner(*this, true));
}

void ReportScanner::observe(const RawRow& row, CsvReader& reader, const Tally& tally) {
  const Shared& sh = *m_shared;
  Local& lo = *m_local;
  // A value the tally has seen in this chunk was looked at then.
  for (std::size_t c : tally.fresh()) {
    if (c >= sh.watch_of.size() || sh.watch_of[c] < 0) continue;
    const std::size_t w = static_cast<std::size_t>(sh.watch_of[c]);
    std::string_view raw = row.raw(c);
    if (raw.empty()) continue;
    lo.scratch.clear();
    reader.decode(lo.scratch, raw, row.flags(c), row.line(), c);
    if (lo.scratch.empty()) continue;
    if (sh.sample_of[w] >= 0)
      lo.samples[static_cast<std::size_t>(sh.sample_of[w])].offer(lo.scratch, row.line());
    if (sh.date_of[w] >= 0 && lo.scratch.size() >= 8 && lo.scratch[0] >= '0' &&
        lo.scratch[0] <= '9')
      lo.dates[static_cast<std::size_t>(sh.date_of[w])].add(lo.scratch);
  }
  if (sh.ids.empty() && sh.spec.submissions.empty()) return;
  lo.values.reset(row, reader);
  for (std::size_t i = 0; i < sh.spec.id_questions.size(); ++i) {
    const Question& q = sh.spec.id_questions[i];
    std::string_view v = lo.values(q.columns[0]);
    if (!is_missing_answer(q, v))
      lo.pending.emplace_back(static_cast<std::uint32_t>(i), hash_bytes(v));
  }
  if (!sh.spec.submissions.empty())
    if (auto h = lo.submissions.hash(lo.values))
      lo.pending.emplace_back(static_cast<std::uint32_t>(sh.ids.size()), *h);
  if (lo.pending.size() >= kBatch) flush();
}

void ReportScanner::flush() {
  Local& lo = *m_local;
  if (lo.pending.empty()) return;
  Shared& sh = *m_shared;
  std::lock_guard<std::mutex> lock(sh.mutex);
  for (auto [check, h] : lo.pending)
    (check < sh.ids.size() ? sh.ids[check] : sh.submissions).first(h);
  lo.pending.clear();
}

void ReportScanner::merge(RowObserver& later, std::uint64_t line_offset) {
  auto& other = static_cast<ReportScanner&>(later);
  other.flush();
  Local& lo = *m_local;
  for (std::size_t k = 0; k < lo.samples.size(); ++k)
    lo.samples[k].merge(other.m_local->samples[k], line_offset);
  for (std::size_t k = 0; k < lo.dates.size(); ++k) lo.dates[k].merge(other.m_local->dates[k]);
}

const VerbatimSample* ReportScanner::sample(std::size_t column) const {
  const Shared& sh = *m_shared;
  for (std::size_t k = 0; k < sh.spec.text_columns.size(); ++k)
    if (sh.spec.text_columns[k] == column) return &m_local->samples[k];
  return nullptr;
}

bool ReportScanner::needs_second_pass() {
  flush();
  const Shared& sh = *m_shared;
  if (sh.submissions.needs_second()) return true;
  for (const auto& f : sh.ids)
    if (f.needs_second()) return true;
  return false;
}

RowObserver& ReportScanner::second_pass() {
  m_confirm = std::make_unique<Confirm>(m_shared);
  return *m_confirm;
}

void ReportScanner::finish() {
  flush();
  if (m_confirm) m_confirm->settle();
  m_confirm.reset();
}

Repeats ReportScanner::id_repeats(std::size_t i) const {
  return m_shared->ids.at(i).result;
}

Repeats ReportScanner::submission_repeats() const {
  return m_shared->submissions.result;
}

const LatestTime* ReportScanner::latest(std::size_t column) const {
  const Shared& sh = *m_shared;
  for (std::size_t k = 0; k < sh.spec.date_columns.size(); ++k)
    if (sh.spec.date_columns[k] == column) return &m_local->dates[k];
  return nullptr;
}

}  // namespace survey
