// Data-quality checks. See validate.hpp.
#include "survey/count/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <unordered_set>

#include "survey/model/infer.hpp"
#include "survey/count/duplicates.hpp"
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

struct Grid {
  std::string name;
  std::vector<std::size_t> members;  // Indexes into the questions.
  Occurrences straight;
  std::uint64_t complete = 0;
};

// Records `value` in s.outside (`times` occurrences, the first at `line`;
// 0: no line known) when it is not an answer `s.q` allows.
void check_level(QuestionState& s, std::string_view value, std::uint64_t line, std::size_t max_lines,
                 std::uint64_t times = 1) {
  const Question& q = s.q;
  auto record = [&]() -> Occurrences& {
    Occurrences& o = s.outside[std::string(value)];
    o.count += times;
    if (line && o.lines.size() < max_lines) o.lines.push_back(line);
    return o;
  };
  if (q.type == QuestionType::Nps) {
    auto n = parse_number(value);
    if (!n || *n != static_cast<double>(static_cast<long>(*n)) || *n < 0 || *n > 10) record();
    return;
  }
  if (q.type == QuestionType::Numeric) {
    if (!parse_number(value)) record();
    return;
  }
  if (q.levels.empty()) return;
  for (const auto& l : q.levels)
    if (l.label == value) return;
  Occurrences& o = record();
  auto it = s.loose.find(fold(value));
  if (it != s.loose.end()) o.nearest = it->second;
}

// Every finding, errors first, then warnings, then information.
std::vector<Finding> collect(std::vector<QuestionState>& questions, const Repeats& submissions,
                             const std::vector<std::string>& header, const std::vector<bool>& column_used,
                             const std::vector<Grid>& grids, std::uint64_t rows) {
  std::vector<Finding> out;
  auto add = [&](Severity sev, std::string check, const std::string& question, std::string detail, std::uint64_t count,
                 std::uint64_t base, std::vector<std::uint64_t> lines) {
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    out.push_back(Finding{sev, std::move(check), question, std::move(detail), count, base, std::move(lines)});
  };
  for (auto& s : questions) {
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
  if (submissions.count)
    add(Severity::Warning, "duplicate-submission", "",
        "rows repeat an earlier row's answers to every question, free text included (lines of both shown)", submissions.count,
        rows, submissions.lines);
  // No responses at all: one warning says so, rather than one per empty column.
  if (rows == 0)
    add(Severity::Warning, "no-responses", "", "the export holds no responses", 0, 0, {});
  for (std::size_t c = 0; c < header.size() && rows > 0; ++c)
    if (!column_used[c])
      add(Severity::Warning, "empty-column", "", fmt::format("column {} \"{}\" is empty for everyone", c + 1, header[c]),
          0, rows, {});
  for (auto& g : grids)
    if (g.straight.count)
      add(Severity::Warning, "straight-lining", "",
          fmt::format("same answer to all {} rows of \"{}\"", g.members.size(), g.name), g.straight.count, g.complete,
          g.straight.lines);
  for (auto& s : questions) {
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
  DuplicateFinder submissions;
  std::vector<Grid> grids;
  std::string scratch;

  SubmissionKey submission_key;

  std::optional<std::uint64_t> submission_hash(const Row& row) {
    return submission_key.hash([&](std::size_t c) { return c < row.size() ? row[c] : std::string_view(); });
  }

  bool missing(const Question& q, std::string_view v) const {
    if (v.empty()) return true;
    for (const auto& m : q.missing)
      if (m == v || fold(m) == fold(v)) return true;
    return false;
  }

};

Validator::Validator(std::vector<Question> questions, std::vector<int> condition_bits, std::vector<std::string> header,
                     std::size_t max_lines)
    : m_state(std::make_unique<State>()) {
  State& st = *m_state;
  st.header = std::move(header);
  st.max_lines = max_lines;
  st.column_used.assign(st.header.size(), false);
  st.submission_key = SubmissionKey(questions);
  for (std::size_t i = 0; i < questions.size(); ++i) {
    QuestionState s;
    s.q = std::move(questions[i]);
    s.bit = i < condition_bits.size() ? condition_bits[i] : -1;
    for (const auto& l : s.q.levels) s.loose.emplace(fold(l.label), l.label);
    st.questions.push_back(std::move(s));
  }
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
    if (members.size() >= 3) st.grids.push_back(Grid{key.first, members, {}, 0});
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
            if (!q.levels.empty()) check_level(s, part, row.line(), st.max_lines);
        } else if (is_categorical(q.type)) {
          check_level(s, v, row.line(), st.max_lines);
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
  return collect(st.questions, st.submissions.result, st.header, st.column_used, st.grids, st.rows);
}

std::vector<Finding> findings_from_counts(const std::vector<Question>& questions,
                                          const std::vector<int>& condition_bits, const Counts& counts,
                                          const std::vector<std::string>& header,
                                          const std::vector<std::optional<Repeats>>& id_repeats,
                                          const std::optional<Repeats>& submissions) {
  constexpr std::size_t kLines = 5;
  std::vector<QuestionState> states;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    QuestionState s;
    s.q = questions[i];
    const Question& q = s.q;
    s.bit = i < condition_bits.size() ? condition_bits[i] : -1;
    for (const auto& l : q.levels) s.loose.emplace(fold(l.label), l.label);
    const Selection all;
    Selection asked, not_asked;
    asked.condition = not_asked.condition = s.bit;
    not_asked.negate = true;
    s.asked = s.bit >= 0 ? counts.rows_in(asked) : counts.rows;
    if (q.option_columns) {
      s.answered = counts.answered_any(q.columns, all).value_or(0);
      if (s.bit >= 0) s.out_of_base = counts.answered_any(q.columns, not_asked).value_or(0);
      for (std::size_t k = 0; k < q.columns.size(); ++k) {
        const ColumnCounts* col = counts.find(q.columns[k]);
        if (!col) continue;
        for (std::size_t v = 0; v < col->values.size(); ++v) {
          const std::string& value = col->values[v];
          std::uint64_t n = col->total(v);
          if (!n || is_missing_answer(q, value) || is_tick(value, "") || is_untick(value)) continue;
          if (k < q.levels.size() && fold(value) == fold(q.levels[k].label)) continue;
          Occurrences& o = s.outside[value];
          o.count += n;
        }
      }
    } else if (!q.columns.empty()) {
      const ColumnCounts* col = counts.find(q.columns[0]);
      if (!col) continue;
      for (std::size_t v = 0; v < col->values.size(); ++v) {
        const std::string& value = col->values[v];
        std::uint64_t n = col->total(v);
        if (!n || is_missing_answer(q, value)) continue;
        s.answered += n;
        if (s.bit >= 0) s.out_of_base += counts.count(*col, v, not_asked);
        if (q.type == QuestionType::Multi) {
          if (!q.levels.empty())
            for (const auto& part : split_multi(value, q.multi_sep.empty() ? ";" : q.multi_sep, q.levels))
              check_level(s, part, 0, kLines, n);
        } else if (is_categorical(q.type)) {
          check_level(s, value, 0, kLines, n);
        } else if (q.type == QuestionType::Datetime && !parse_datetime(value)) {
          s.outside[value].count += n;  // Past the distinct limit, dates are not checked.
        }
      }
      s.answered += counts.overflow(*col, all);
      if (s.bit >= 0) s.out_of_base += counts.overflow(*col, not_asked);
    }
    if (s.bit >= 0) s.missing_in_base = s.asked - (s.answered - s.out_of_base);
    if (i < id_repeats.size() && id_repeats[i]) s.ids.result = *id_repeats[i];
    states.push_back(std::move(s));
  }
  std::vector<bool> used(header.size(), true);
  for (std::size_t c = 0; c < header.size(); ++c) {
    const ColumnCounts* col = counts.find(c);
    if (!col) continue;
    bool filled = false;
    for (std::size_t v = 0; v < col->values.size() && !filled; ++v)
      filled = !col->values[v].empty() && col->total(v) > 0;
    for (auto n : col->overflow) filled = filled || n > 0;
    used[c] = filled;
  }
  return collect(states, submissions.value_or(Repeats{}), header, used, {}, counts.rows);
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
