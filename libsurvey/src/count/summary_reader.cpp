// Reading summary CSV files back. See summary_reader.hpp.
#include "survey/count/summary_reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

#include "survey/read/csv_reader.hpp"
#include "survey/render/output.hpp"

namespace survey {
namespace {

constexpr std::string_view kOptionalColumns[] = {"weighted_count", "weighted_base", "ci_low",
                                                 "ci_high"};
constexpr const char* kColumnsHint =
    "a summary has the columns question,label,by,group,answer,count,base,percent,kind, then "
    "optionally weighted_count,weighted_base and ci_low,ci_high (survey freq writes one)";

std::optional<std::int64_t> parse_whole(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// A number as the tools write it ('.' decimal point), or with a decimal
// comma as a spreadsheet in a French locale writes it.
std::optional<double> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  std::string t(s);
  if (t.find('.') == std::string::npos && t.find(',') == t.rfind(','))
    for (char& c : t)
      if (c == ',') c = '.';
  double v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool valid_kind(std::string_view k) {
  if (k.empty()) return false;
  for (char c : k)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

BaseClass base_class(std::string_view k) noexcept {
  if (k == kind::kAnswer || k == kind::kOption || k == kind::kOther || k == kind::kRest)
    return BaseClass::Table;
  if (k == kind::kMean || k == kind::kTop2 || k == kind::kBottom2 || k == kind::kNps ||
      k == kind::kPromoters || k == kind::kPassives || k == kind::kDetractors)
    return BaseClass::Scores;
  if (k == kind::kMissing) return BaseClass::Missing;
  if (k == kind::kAsked) return BaseClass::Asked;
  if (k == kind::kUnqualified) return BaseClass::Unqualified;
  return BaseClass::Unknown;
}

struct SummaryReader::Impl {
  std::unique_ptr<CsvReader> reader;
  SummaryColumns columns;
  std::size_t where[9 + 4] = {};
  Row row;
  std::map<std::string, std::pair<std::string, std::uint64_t>, std::less<>> labels;
  using TableKey = std::tuple<std::string, std::string, std::string, int>;
  std::map<TableKey, std::pair<std::uint64_t, std::uint64_t>> bases;
  // Rows of a question, and of a table within it, come together.
  std::string question, by, group;
  std::map<std::pair<std::string, std::string>, std::uint64_t> groups_done;  // Of this question.
  bool any = false;

  [[noreturn]] void fail(std::uint64_t line, std::string what, std::string hint = {}) const {
    throw data_error(std::move(what), reader->info().name, line, std::move(hint));
  }
};

SummaryReader::SummaryReader(std::unique_ptr<InputSource> input)
    : m_impl(std::make_unique<Impl>()) {
  Impl& m = *m_impl;
  ReaderOptions options;
  options.format = Format::Generic;
  options.header_rows = 1;
  options.allow_empty = true;
  m.reader = std::make_unique<CsvReader>(std::move(input), options);
  const auto& header = m.reader->header();
  const std::size_t kAbsent = SIZE_MAX;
  for (auto& w : m.where) w = kAbsent;
  auto slot = [](std::string_view name) -> int {
    for (std::size_t i = 0; i < std::size(kSummaryColumns); ++i)
      if (kSummaryColumns[i] == name) return static_cast<int>(i);
    for (std::size_t i = 0; i < std::size(kOptionalColumns); ++i)
      if (kOptionalColumns[i] == name) return static_cast<int>(std::size(kSummaryColumns) + i);
    return -1;
  };
  for (std::size_t j = 0; j < header.size(); ++j) {
    int s = slot(header[j]);
    if (s < 0)
      m.fail(1, fmt::format("not a summary CSV: unknown column \"{}\"", header[j]), kColumnsHint);
    if (m.where[s] != kAbsent)
      m.fail(1, fmt::format("not a summary CSV: column \"{}\" appears twice", header[j]),
             kColumnsHint);
    m.where[s] = j;
  }
  for (std::size_t i = 0; i < std::size(kSummaryColumns); ++i)
    if (m.where[i] == kAbsent)
      m.fail(1, fmt::format("not a summary CSV: no \"{}\" column", kSummaryColumns[i]),
             kColumnsHint);
  auto pair = [&](std::size_t a, std::size_t b) {
    bool has_a = m.where[9 + a] != kAbsent, has_b = m.where[9 + b] != kAbsent;
    if (has_a != has_b)
      m.fail(1,
             fmt::format("not a summary CSV: \"{}\" without \"{}\"",
                         kOptionalColumns[has_a ? a : b], kOptionalColumns[has_a ? b : a]),
             "the optional columns come in pairs: weighted_count,weighted_base and ci_low,ci_high");
    return has_a;
  };
  m.columns.weighted = pair(0, 1);
  m.columns.ci = pair(2, 3);
}

SummaryReader::~SummaryReader() = default;

const std::string& SummaryReader::name() const noexcept {
  return m_impl->reader->info().name;
}
const SummaryColumns& SummaryReader::columns() const noexcept {
  return m_impl->columns;
}

bool SummaryReader::next(SummaryRecord& rec) {
  Impl& m = *m_impl;
  if (!m.reader->next(m.row)) return false;
  const std::uint64_t line = m.row.line();
  auto get = [&](std::size_t slot) -> std::string_view {
    std::size_t j = m.where[slot];
    return j < m.row.size() ? m.row[j] : std::string_view();
  };
  SummaryRow& r = rec.row;
  r.question = get(0);
  r.label = get(1);
  r.by = get(2);
  r.group = get(3);
  r.answer = get(4);
  r.kind = get(8);
  rec.line = line;
  if (r.question.empty())
    m.fail(line, "empty \"question\"", "every summary row names its question");
  if (!valid_kind(r.kind))
    m.fail(line,
           r.kind.empty() ? std::string("empty \"kind\"") : fmt::format("bad kind \"{}\"", r.kind),
           "a kind is a lower-case word such as answer, option, mean (see docs/formats.md)");
  if (r.by.empty() && !r.group.empty())
    m.fail(line, fmt::format("group \"{}\" without a \"by\" question", r.group),
           "the overall rows have both empty");

  std::string_view base_text = get(6), count_text_ = get(5);
  auto base = parse_whole(base_text);
  if (!base || *base < 0)
    m.fail(line, fmt::format("base \"{}\" is not a whole number from 0", base_text),
           "a base counts respondents");
  r.base = static_cast<std::uint64_t>(*base);
  if (r.kind == kind::kMean) {
    auto sum = parse_decimal(count_text_);
    if (!sum) m.fail(line, fmt::format("count \"{}\" of a mean row is not a number", count_text_));
    r.count = *sum;
  } else {
    auto count = parse_whole(count_text_);
    bool nps = r.kind == kind::kNps;
    if (!count || (!nps && *count < 0))
      m.fail(line,
             fmt::format("count \"{}\" is not a whole number{}", count_text_, nps ? "" : " from 0"),
             "counts are respondents (only a mean row holds a sum of scores)");
    BaseClass cls = base_class(r.kind);
    if (cls != BaseClass::Unknown && (nps ? std::llabs(*count) : *count) > *base)
      m.fail(line, fmt::format("count {} is larger than its base {}", *count, *base),
             "the base counts everyone the percentage is of");
    r.count = static_cast<double>(*count);
  }
  if (r.kind == kind::kNone && (r.count != 0 || r.base != 0 || !r.answer.empty()))
    m.fail(line, "a none row with an answer, a count or a base",
           "a none row stands for a table nobody answered: empty answer, count 0, base 0");
  std::string_view percent = get(7);
  if (!percent.empty()) {
    if (!parse_decimal(percent))
      m.fail(line, fmt::format("percent \"{}\" is not a number", percent));
    std::string p(percent);
    if (p.find('.') == std::string::npos)
      for (char& c : p)
        if (c == ',') c = '.';
    r.percent = std::move(p);
  } else {
    r.percent.clear();
  }
  auto optional_number = [&](std::size_t slot, std::string& out) {
    out = get(slot);
    if (m.where[slot] == SIZE_MAX || out.empty()) return std::optional<double>();
    auto v = parse_decimal(out);
    if (!v) m.fail(line, fmt::format("{} \"{}\" is not a number", kOptionalColumns[slot - 9], out));
    return v;
  };
  auto wc = optional_number(9, rec.weighted_count);
  auto wb = optional_number(10, rec.weighted_base);
  if (wb && *wb < 0) m.fail(line, fmt::format("weighted_base {} is negative", rec.weighted_base));
  if (wc && *wc < 0 && r.kind != kind::kNps && r.kind != kind::kMean)
    m.fail(line, fmt::format("weighted_count {} is negative", rec.weighted_count));
  auto lo = optional_number(11, rec.ci_low);
  auto hi = optional_number(12, rec.ci_high);
  for (auto v : {lo, hi})
    if (v && (*v < 0 || *v > 100))
      m.fail(line, fmt::format("confidence bound {} is outside 0 to 100", *v),
             "ci_low and ci_high are percentages");
  if (lo && hi && *lo > *hi)
    m.fail(line, fmt::format("ci_low {} is above ci_high {}", rec.ci_low, rec.ci_high));

  // One label per question, one base per table and base class.
  auto [it, fresh] = m.labels.try_emplace(r.question, r.label, line);
  if (!m.any || r.question != m.question) {
    if (!fresh)
      m.fail(line,
             fmt::format("rows of question {} are not together (it started on line {})", r.question,
                         it->second.second),
             "a summary keeps each question's rows together, as freq writes them");
    m.groups_done.clear();
  } else if (r.by != m.by || r.group != m.group) {
    m.groups_done.emplace(std::make_pair(m.by, m.group), line);
    if (auto g = m.groups_done.find({r.by, r.group}); g != m.groups_done.end())
      m.fail(line,
             fmt::format("rows of {} for {} = \"{}\" are not together", r.question, r.by, r.group),
             "a summary keeps each table's rows together, as freq writes them");
  }
  m.any = true;
  m.question = r.question;
  m.by = r.by;
  m.group = r.group;
  if (!fresh && it->second.first != r.label)
    m.fail(line,
           fmt::format("question {} is labelled \"{}\" here but \"{}\" on line {}", r.question,
                       r.label, it->second.first, it->second.second),
           "a question has one label");
  BaseClass cls = base_class(r.kind);
  if (cls != BaseClass::Unknown) {
    auto [b, first] = m.bases.try_emplace(
        Impl::TableKey{r.question, r.by, r.group, static_cast<int>(cls)}, r.base, line);
    if (!first && b->second.first != r.base)
      m.fail(line,
             fmt::format("base {} of {} \"{}\" differs from base {} of the same table on line {}",
                         r.base, r.kind, r.answer, b->second.first, b->second.second),
             "the rows of one table share their base");
  }
  return true;
}

SummaryFile read_summary(const std::string& path) {
  SummaryReader reader(open_input(path));
  SummaryFile file;
  file.name = reader.name();
  file.columns = reader.columns();
  SummaryRecord rec;
  while (reader.next(rec)) file.records.push_back(rec);
  return file;
}

std::vector<SummaryRow> summary_rows(const std::vector<SummaryRecord>& records) {
  std::vector<SummaryRow> rows;
  rows.reserve(records.size());
  for (const auto& r : records) rows.push_back(r.row);
  return rows;
}

void write_summary_records(Output& out, const std::vector<SummaryRecord>& records,
                           const SummaryColumns& columns) {
  CsvWriter w(out);
  for (auto c : kSummaryColumns) w.field(c);
  if (columns.weighted) {
    w.field(kOptionalColumns[0]);
    w.field(kOptionalColumns[1]);
  }
  if (columns.ci) {
    w.field(kOptionalColumns[2]);
    w.field(kOptionalColumns[3]);
  }
  w.end_row();
  for (const auto& rec : records) {
    const SummaryRow& r = rec.row;
    w.field(r.question);
    w.field(r.label);
    w.field(r.by);
    w.field(r.group);
    w.field(r.answer);
    w.field(count_text(r.count));
    w.field(std::to_string(r.base));
    w.field(r.percent);
    w.field(r.kind);
    if (columns.weighted) {
      w.field(rec.weighted_count);
      w.field(rec.weighted_base);
    }
    if (columns.ci) {
      w.field(rec.ci_low);
      w.field(rec.ci_high);
    }
    w.end_row();
  }
}

}  // namespace survey
