// Data-quality checks. See validate.hpp.
#include "survey/count/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <unordered_set>

#include "survey/model/infer.hpp"
#include "survey/count/interner.hpp"
#include "survey/render/output.hpp"
#include "survey/count/summary.hpp"
#include "survey/read/text.hpp"
#include "survey/read/values.hpp"

namespace survey {
namespace {

struct Occurrences {
  std::uint64_t count = 0;
  std::vector<std::uint64_t> lines;
  std::string nearest;  // The declared level it differs from only by case, accents or spaces.

  void add(std::uint64_t line, std::size_t max_lines) {
    ++count;
    if (lines.size() < max_lines) lines.push_back(line);
  }
};

// A scalable Bloom filter of 64-bit hashes, about 1.2 bytes per hash at a
// 1 % false-positive rate per layer; each new layer doubles the capacity.
class BloomFilter {
 public:
  bool contains(std::uint64_t h) const {
    for (const auto& layer : m_layers)
      if (layer.contains(h)) return true;
    return false;
  }
  void add(std::uint64_t h) {
    if (m_layers.empty() || m_layers.back().full()) m_layers.emplace_back(m_layers.empty() ? 1u << 16 : m_layers.back().capacity * 2);
    m_layers.back().add(h);
  }

 private:
  struct Layer {
    explicit Layer(std::uint64_t items) : capacity(items), bits((items * 10 + 63) / 64, 0) {}
    std::uint64_t capacity, count = 0;
    std::vector<std::uint64_t> bits;
    bool full() const { return count >= capacity; }
    std::uint64_t bit(std::uint64_t h, int k) const {
      std::uint64_t a = h, b = (h >> 32) | (h << 32) | 1;
      return (a + static_cast<std::uint64_t>(k) * b) % (bits.size() * 64);
    }
    bool contains(std::uint64_t h) const {
      for (int k = 0; k < 7; ++k) {
        std::uint64_t i = bit(h, k);
        if (!(bits[i >> 6] >> (i & 63) & 1)) return false;
      }
      return true;
    }
    void add(std::uint64_t h) {
      for (int k = 0; k < 7; ++k) {
        std::uint64_t i = bit(h, k);
        bits[i >> 6] |= std::uint64_t{1} << (i & 63);
      }
      ++count;
    }
  };
  std::vector<Layer> m_layers;
};

// Values seen more than once, with memory that stays small per value: the
// first pass keeps a Bloom filter and the (few) values it may have seen
// already; a second pass, needed only when there are such candidates,
// checks them exactly and finds the lines of both occurrences.
class DuplicateFinder {
 public:
  void first(std::uint64_t h) {
    if (m_bloom.contains(h)) m_candidates.insert(h);
    else m_bloom.add(h);
  }
  bool needs_second() const { return !m_candidates.empty(); }
  void second(std::uint64_t h, std::uint64_t line, std::size_t max_lines) {
    if (!m_candidates.count(h)) return;
    auto [it, fresh] = m_first_line.emplace(h, line);
    if (fresh) return;
    if (result.lines.size() < max_lines) result.lines.push_back(it->second);
    result.add(line, max_lines);
  }
  Occurrences result;

 private:
  BloomFilter m_bloom;
  std::unordered_set<std::uint64_t> m_candidates;
  std::unordered_map<std::uint64_t, std::uint64_t> m_first_line;
};

struct QuestionState {
  Question q;
  int bit = -1;
  std::map<std::string, std::string> loose;  // fold(level) -> level
  std::uint64_t asked = 0, answered = 0, out_of_base = 0, missing_in_base = 0;
  std::vector<std::uint64_t> out_lines;
  std::map<std::string, Occurrences> outside;
  DuplicateFinder ids;
};

std::string join_lines(const std::vector<std::uint64_t>& lines, std::uint64_t count) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += fmt::format("{}{}", i ? ", " : "", lines[i]);
  if (count > lines.size()) out += ", ...";
  return out;
}

std::string label_of(const Question& q) { return shorten(q.label, 57); }

}  // namespace

std::string_view severity_name(Severity severity) noexcept {
  switch (severity) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view name) noexcept {
  for (auto s : {Severity::Info, Severity::Warning, Severity::Error})
    if (severity_name(s) == name) return s;
  return std::nullopt;
}

struct Validator::State {
  std::vector<QuestionState> questions;
  std::vector<std::string> header;
  std::size_t max_lines;
  std::uint64_t rows = 0;
  std::vector<bool> column_used;
  std::vector<std::size_t> content_columns;  // For duplicate submissions.
  std::vector<std::size_t> text_columns;
  DuplicateFinder submissions;
  struct Grid {
    std::string name;
    std::vector<std::size_t> members;  // Indexes into questions.
    Occurrences straight;
    std::uint64_t complete = 0;
  };
  std::vector<Grid> grids;
  std::string scratch;

  // The hash of a row's answers to every question, for rows that hold a
  // free-text answer of ten characters or more: identical multiple-choice
  // answers happen by chance in any large survey; the same sentences with
  // them do not.
  std::optional<std::uint64_t> submission_hash(const Row& row) {
    bool text = false;
    for (std::size_t c : text_columns)
      if (c < row.size() && row[c].size() >= 10) text = true;
    if (!text) return std::nullopt;
    scratch.clear();
    for (std::size_t c : content_columns) {
      std::string_view v = c < row.size() ? row[c] : std::string_view();
      scratch.append(v);
      scratch.push_back('\x1f');
    }
    return hash_bytes(scratch);
  }

  bool missing(const Question& q, std::string_view v) const {
    if (v.empty()) return true;
    for (const auto& m : q.missing)
      if (m == v || fold(m) == fold(v)) return true;
    return false;
  }

  void check_level(QuestionState& s, std::string_view value, std::uint64_t line) {
    const Question& q = s.q;
    if (q.type == QuestionType::Nps) {
      auto n = parse_number(value);
      if (!n || *n != static_cast<double>(static_cast<long>(*n)) || *n < 0 || *n > 10)
        s.outside[std::string(value)].add(line, max_lines);
      return;
    }
    if (q.type == QuestionType::Numeric) {
      if (!parse_number(value)) s.outside[std::string(value)].add(line, max_lines);
      return;
    }
    if (q.levels.empty()) return;
    for (const auto& l : q.levels)
      if (l.label == value) return;
    auto& o = s.outside[std::string(value)];
    auto it = s.loose.find(fold(value));
    if (it != s.loose.end()) o.nearest = it->second;
    o.add(line, max_lines);
  }
};

Validator::Validator(std::vector<Question> questions, std::vector<int> condition_bits, std::vector<std::string> header,
                     std::size_t max_lines)
    : m_state(std::make_unique<State>()) {
  State& st = *m_state;
  st.header = std::move(header);
  st.max_lines = max_lines;
  st.column_used.assign(st.header.size(), false);
  for (std::size_t i = 0; i < questions.size(); ++i) {
    QuestionState s;
    s.q = std::move(questions[i]);
    s.bit = i < condition_bits.size() ? condition_bits[i] : -1;
    for (const auto& l : s.q.levels) s.loose.emplace(fold(l.label), l.label);
    if (s.q.type != QuestionType::Id && s.q.type != QuestionType::Datetime && s.q.type != QuestionType::Ignore)
      for (std::size_t c : s.q.columns) st.content_columns.push_back(c);
    if (s.q.type == QuestionType::Text)
      for (std::size_t c : s.q.columns) st.text_columns.push_back(c);
    st.questions.push_back(std::move(s));
  }
  std::sort(st.content_columns.begin(), st.content_columns.end());
  // Grids: three or more scale questions with the same levels under one "Question [Row]".
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> grids;
  for (std::size_t i = 0; i < st.questions.size(); ++i) {
    const Question& q = st.questions[i].q;
    if (q.type != QuestionType::Likert || q.columns.size() != 1) continue;
    const std::string& h = st.header[q.columns[0]];
    std::size_t open = h.rfind(" [");
    if (open == std::string::npos || h.back() != ']') continue;
    grids[{h.substr(0, open), format_levels(q.levels)}].push_back(i);
  }
  for (auto& [key, members] : grids)
    if (members.size() >= 3) st.grids.push_back(State::Grid{key.first, members, {}, 0});
}

Validator::~Validator() = default;

void Validator::add(const Row& row, std::uint32_t conditions) {
  State& st = *m_state;
  ++st.rows;
  for (std::size_t c = 0; c < st.header.size() && c < row.size(); ++c)
    if (!row[c].empty()) st.column_used[c] = true;
  for (auto& s : st.questions) {
    const Question& q = s.q;
    bool answered = false;
    if (q.option_columns) {
      for (std::size_t k = 0; k < q.columns.size(); ++k) {
        std::string_view v = row[q.columns[k]];
        if (st.missing(q, v)) continue;
        answered = true;
        if (!is_tick(v, "") && !is_untick(v)) {
          // SurveyMonkey writes the option's text: that is a tick too.
          if (k >= q.levels.size() || fold(v) != fold(q.levels[k].label))
            s.outside[std::string(v)].add(row.line(), st.max_lines);
        }
      }
    } else if (!q.columns.empty()) {
      std::string_view v = row[q.columns[0]];
      answered = !st.missing(q, v);
      if (answered) {
        if (q.type == QuestionType::Id) {
          s.ids.first(hash_bytes(v));
        } else if (q.type == QuestionType::Multi) {
          for (const auto& part : split_multi(v, q.multi_sep.empty() ? ";" : q.multi_sep, q.levels))
            if (!q.levels.empty()) st.check_level(s, part, row.line());
        } else if (is_categorical(q.type)) {
          st.check_level(s, v, row.line());
        } else if (q.type == QuestionType::Datetime) {
          if (!parse_datetime(v)) s.outside[std::string(v)].add(row.line(), st.max_lines);
        }
      }
    }
    bool asked = s.bit < 0 || ((conditions >> s.bit) & 1u);
    if (asked) ++s.asked;
    if (answered) ++s.answered;
    if (s.bit >= 0) {
      if (answered && !asked) {
        ++s.out_of_base;
        if (s.out_lines.size() < st.max_lines) s.out_lines.push_back(row.line());
      }
      if (asked && !answered) ++s.missing_in_base;
    }
  }
  // Duplicate submissions: the same answers to every question.
  if (auto h = st.submission_hash(row)) st.submissions.first(*h);
  // Straight-lining.
  for (auto& g : st.grids) {
    std::string_view first;
    bool complete = true, same = true;
    for (std::size_t k = 0; k < g.members.size(); ++k) {
      const Question& q = st.questions[g.members[k]].q;
      std::string_view v = row[q.columns[0]];
      if (st.missing(q, v)) {
        complete = false;
        break;
      }
      if (k == 0) first = v;
      else if (v != first) same = false;
    }
    if (!complete) continue;
    ++g.complete;
    if (same) g.straight.add(row.line(), st.max_lines);
  }
}

bool Validator::needs_second_pass() const {
  const State& st = *m_state;
  if (st.submissions.needs_second()) return true;
  for (const auto& s : st.questions)
    if (s.ids.needs_second()) return true;
  return false;
}

void Validator::add_second(const Row& row) {
  State& st = *m_state;
  for (auto& s : st.questions) {
    if (s.q.type != QuestionType::Id || s.q.columns.empty() || !s.ids.needs_second()) continue;
    std::string_view v = row[s.q.columns[0]];
    if (!st.missing(s.q, v)) s.ids.second(hash_bytes(v), row.line(), st.max_lines);
  }
  if (st.submissions.needs_second())
    if (auto h = st.submission_hash(row)) st.submissions.second(*h, row.line(), st.max_lines);
}

std::vector<Finding> Validator::finish() {
  State& st = *m_state;
  std::vector<Finding> out;
  auto add = [&](Severity sev, std::string check, const std::string& question, std::string detail, std::uint64_t count,
                 std::uint64_t base, std::vector<std::uint64_t> lines) {
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    out.push_back(Finding{sev, std::move(check), question, std::move(detail), count, base, std::move(lines)});
  };
  for (auto& s : st.questions) {
    const Question& q = s.q;
    if (s.out_of_base)
      add(Severity::Error, "out-of-base", q.id,
          fmt::format("{} answered although not asked ({}); asked: {}", label_of(q), q.base, s.asked), s.out_of_base,
          s.answered, s.out_lines);
    if (s.bit >= 0 && s.missing_in_base)
      add(Severity::Info, "missing-in-base", q.id, fmt::format("{}: asked ({}) but not answered", label_of(q), q.base),
          s.missing_in_base, s.asked, {});
    for (auto& [value, occ] : s.outside) {
      if (!occ.nearest.empty())
        add(Severity::Warning, "near-level", q.id,
            fmt::format("\"{}\" is not a declared level; did you mean \"{}\"?", value, occ.nearest), occ.count,
            s.answered, occ.lines);
      else if (q.type == QuestionType::Nps)
        add(Severity::Error, "outside-levels", q.id, fmt::format("\"{}\" is not a whole number from 0 to 10", value),
            occ.count, s.answered, occ.lines);
      else if (q.type == QuestionType::Numeric)
        add(Severity::Error, "outside-levels", q.id, fmt::format("\"{}\" is not a number", value), occ.count,
            s.answered, occ.lines);
      else if (q.type == QuestionType::Datetime)
        add(Severity::Error, "outside-levels", q.id, fmt::format("\"{}\" is not a date", value),
            occ.count, s.answered, occ.lines);
      else if (q.option_columns)
        add(Severity::Warning, "outside-levels", q.id, fmt::format("\"{}\" is neither a tick nor the option", value),
            occ.count, s.answered, occ.lines);
      else
        add(Severity::Error, "outside-levels", q.id, fmt::format("\"{}\" is not a declared level", value), occ.count,
            s.answered, occ.lines);
    }
    if (s.ids.result.count)
      add(Severity::Error, "duplicate-id", q.id, fmt::format("{} values repeat", label_of(q)), s.ids.result.count,
          s.answered, s.ids.result.lines);
  }
  if (st.submissions.result.count)
    add(Severity::Warning, "duplicate-submission", "",
        "rows repeat an earlier row's answers to every question, free text included (lines of both shown)", st.submissions.result.count,
        st.rows, st.submissions.result.lines);
  // No responses at all: one warning says so, rather than one per empty column.
  if (st.rows == 0)
    add(Severity::Warning, "no-responses", "", "the export holds no responses", 0, 0, {});
  for (std::size_t c = 0; c < st.header.size() && st.rows > 0; ++c)
    if (!st.column_used[c])
      add(Severity::Warning, "empty-column", "", fmt::format("column {} \"{}\" is empty for everyone", c + 1, st.header[c]),
          0, st.rows, {});
  for (auto& g : st.grids)
    if (g.straight.count)
      add(Severity::Warning, "straight-lining", "",
          fmt::format("same answer to all {} rows of \"{}\"", g.members.size(), g.name), g.straight.count, g.complete,
          g.straight.lines);
  for (auto& s : st.questions) {
    const Question& q = s.q;
    if (q.type == QuestionType::Ignore || q.type == QuestionType::Id || q.type == QuestionType::Datetime) continue;
    add(Severity::Info, "response-rate", q.id,
        s.bit >= 0 ? fmt::format("{} (of those asked: {})", label_of(q), q.base) : label_of(q), s.bit >= 0 ? s.answered - s.out_of_base : s.answered,
        s.asked, {});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Finding& a, const Finding& b) { return static_cast<int>(a.severity) > static_cast<int>(b.severity); });
  return out;
}

std::string render_findings_markdown(const std::vector<Finding>& findings, std::string_view input, std::uint64_t rows,
                                     std::string_view codebook) {
  std::size_t errors = 0, warnings = 0;
  for (const auto& f : findings) {
    errors += f.severity == Severity::Error;
    warnings += f.severity == Severity::Warning;
  }
  std::string out = fmt::format("# Validation of {}\n\n{} respondents, codebook {}: {} error{}, {} warning{}.\n", input,
                                rows, codebook, errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  auto cell = [](std::string_view s) {
    std::string c;
    for (char ch : s) c += ch == '|' ? std::string("\\|") : std::string(1, ch == '\n' ? ' ' : ch);
    return c;
  };
  if (errors + warnings) {
    out += "\n## Problems\n\n| severity | check | question | n | of | detail | lines |\n|:--|:--|:--|--:|--:|:--|:--|\n";
    for (const auto& f : findings) {
      if (f.severity == Severity::Info) continue;
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", severity_name(f.severity), f.check, f.question,
                         f.count, f.base, cell(f.detail), join_lines(f.lines, f.count));
    }
  }
  std::vector<const Finding*> info;
  for (const auto& f : findings)
    if (f.severity == Severity::Info && f.check == "missing-in-base") info.push_back(&f);
  if (!info.empty()) {
    out += "\n## Asked but not answered\n\n| question | n | of those asked | detail |\n|:--|--:|--:|:--|\n";
    for (const auto* f : info) out += fmt::format("| {} | {} | {} | {} |\n", f->question, f->count, f->base, cell(f->detail));
  }
  out += "\n## Response rates\n\n| question | answered | of | % | question text |\n|:--|--:|--:|--:|:--|\n";
  for (const auto& f : findings)
    if (f.check == "response-rate")
      out += fmt::format("| {} | {} | {} | {} | {} |\n", f.question, f.count, f.base,
                         percent_text(static_cast<std::int64_t>(f.count), f.base, 1), cell(f.detail));
  return out;
}

void write_findings_csv(Output& out, const std::vector<Finding>& findings) {
  CsvWriter w(out);
  w.row(std::vector<std::string_view>{"severity", "check", "question", "count", "base", "percent", "detail", "lines"});
  for (const auto& f : findings) {
    std::string lines;
    for (std::size_t i = 0; i < f.lines.size(); ++i) lines += fmt::format("{}{}", i ? " " : "", f.lines[i]);
    w.row(std::vector<std::string>{std::string(severity_name(f.severity)), f.check, f.question, std::to_string(f.count),
                                   std::to_string(f.base), percent_text(static_cast<std::int64_t>(f.count), f.base, 1),
                                   f.detail, lines});
  }
}

}  // namespace survey
