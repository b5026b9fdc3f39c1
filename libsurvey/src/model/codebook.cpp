// Codebook types, file reading and writing, and grouping into questions.
#include "survey/model/codebook.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>

#include "survey/read/csv_reader.hpp"
#include "survey/render/output.hpp"
#include "survey/model/select.hpp"
#include "survey/read/text.hpp"

namespace survey {
namespace {

constexpr std::string_view kColumns[] = {"id", "column", "label", "type", "levels", "multi_sep", "base", "missing"};

std::optional<double> parse_score(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  std::string t(s);
  std::replace(t.begin(), t.end(), ',', '.');
  double v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return v;
}

std::string escape_level(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '=' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string format_score(double v) {
  if (v == static_cast<double>(static_cast<long long>(v))) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

}  // namespace

std::string_view type_name(QuestionType type) noexcept {
  switch (type) {
    case QuestionType::Id: return "id";
    case QuestionType::Datetime: return "datetime";
    case QuestionType::Single: return "single";
    case QuestionType::Multi: return "multi";
    case QuestionType::Likert: return "likert";
    case QuestionType::Nps: return "nps";
    case QuestionType::Numeric: return "numeric";
    case QuestionType::Text: return "text";
    case QuestionType::Ignore: return "ignore";
  }
  return "?";
}

std::optional<QuestionType> parse_type(std::string_view name) noexcept {
  for (auto t : {QuestionType::Id, QuestionType::Datetime, QuestionType::Single, QuestionType::Multi,
                 QuestionType::Likert, QuestionType::Nps, QuestionType::Numeric, QuestionType::Text,
                 QuestionType::Ignore})
    if (type_name(t) == name) return t;
  return std::nullopt;
}

bool is_categorical(QuestionType type) noexcept {
  return type == QuestionType::Single || type == QuestionType::Multi || type == QuestionType::Likert ||
         type == QuestionType::Nps || type == QuestionType::Numeric;
}

std::vector<Level> parse_levels(std::string_view text) {
  std::vector<Level> levels;
  if (trim(text).empty()) return levels;
  // Split on unescaped '|'; the last unescaped '=' of a level may start its score.
  std::string current;
  std::size_t last_eq = std::string::npos;
  auto flush = [&] {
    Level level;
    std::optional<double> score;
    if (last_eq != std::string::npos) score = parse_score(std::string_view(current).substr(last_eq + 1));
    if (score) {
      level.score = score;
      current.resize(last_eq);
    }
    level.label = std::string(trim(current));
    levels.push_back(std::move(level));
    current.clear();
    last_eq = std::string::npos;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      current.push_back(text[++i]);
    } else if (c == '|') {
      flush();
    } else {
      if (c == '=') last_eq = current.size();
      current.push_back(c);
    }
  }
  flush();
  return levels;
}

std::string format_levels(const std::vector<Level>& levels) {
  std::string out;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (i) out.push_back('|');
    out += escape_level(levels[i].label);
    if (levels[i].score) {
      out.push_back('=');
      out += format_score(*levels[i].score);
    }
  }
  return out;
}

const CodebookEntry* Codebook::find_column(std::string_view header) const {
  for (const auto& e : entries)
    if (e.column == header) return &e;
  std::string key = fold(header);
  for (const auto& e : entries)
    if (fold(e.column) == key) return &e;
  return nullptr;
}

bool is_missing_answer(const Question& q, std::string_view value) {
  if (value.empty()) return true;
  for (const auto& m : q.missing)
    if (m == value || fold(m) == fold(value)) return true;
  return false;
}

Codebook update_codebook(const Codebook& given, const Codebook& inferred, const std::vector<std::string>& header,
                         Diagnostics& warnings, Diagnostics& notes) {
  Codebook out;
  out.source = given.source;
  std::set<const CodebookEntry*> used;
  // The ids the output keeps from `given`: new columns must not take them.
  std::set<std::string> given_ids;
  for (const auto& column : header)
    if (const CodebookEntry* e = given.find_column(column)) given_ids.insert(e->id);
  std::map<std::string, std::string> renamed;  // Inferred id -> id in the output.
  std::set<std::string> kept_ids;              // Inferred ids of the columns `given` keeps.
  for (const auto& column : header) {
    const CodebookEntry* kept = given.find_column(column);
    if (kept && !used.count(kept)) {
      used.insert(kept);
      if (const CodebookEntry* guess = inferred.find_column(column)) kept_ids.insert(guess->id);
      CodebookEntry e = *kept;
      if (e.column != column) {
        warnings.push_back(Warning{given.source, e.line,
                                   fmt::format("column \"{}\" is \"{}\" in the data: renamed", e.column, column)});
        e.column = column;
      }
      out.entries.push_back(std::move(e));
      continue;
    }
    const CodebookEntry* guess = inferred.find_column(column);
    if (!guess) continue;
    CodebookEntry e = *guess;
    e.column = column;
    auto it = renamed.find(e.id);
    if (it == renamed.end()) {
      std::string id = e.id;
      for (int k = 2; given_ids.count(id); ++k) id = fmt::format("{}_{}", e.id, k);
      it = renamed.emplace(e.id, id).first;
    }
    e.id = it->second;
    kept_ids.erase(guess->id);
    notes.push_back(Warning{"", 0, fmt::format("new column \"{}\": inferred as {} ({})", column, e.id,
                                               type_name(e.type))});
    out.entries.push_back(std::move(e));
  }
  // What inference said about the columns kept as they were is beside the point.
  std::erase_if(notes, [&](const Warning& n) {
    auto colon = n.message.find(": ");
    return colon != std::string::npos && kept_ids.count(n.message.substr(0, colon));
  });
  for (const auto& e : given.entries)
    if (!used.count(&e))
      warnings.push_back(Warning{given.source, e.line,
                                 fmt::format("column \"{}\" ({}) is not in the data: left out", e.column, e.id)});
  return out;
}

Codebook read_codebook(const std::string& path) { return read_codebook(open_input(path)); }

Codebook read_codebook(std::unique_ptr<InputSource> input) {
  ReaderOptions options;
  options.format = Format::Generic;
  options.header_rows = 1;
  CsvReader reader(std::move(input), options);
  const auto& header = reader.header();
  std::map<std::string, std::size_t> where;
  for (std::size_t j = 0; j < header.size(); ++j) where[fold(header[j])] = j;
  for (auto required : {"id", "column", "type"})
    if (!where.count(required))
      throw data_error(fmt::format("the codebook has no \"{}\" column", required), reader.info().name, 1,
                       "expected the columns id, column, label, type, levels, multi_sep, base, missing");
  auto get = [&](const Row& row, std::string_view name) -> std::string_view {
    auto it = where.find(std::string(name));
    return it == where.end() ? std::string_view() : row[it->second];
  };
  Codebook cb;
  cb.source = reader.info().name;
  Row row;
  std::unordered_map<std::string, std::uint64_t> seen_columns;
  while (reader.next(row)) {
    CodebookEntry e;
    e.line = row.line();
    e.id = std::string(get(row, "id"));
    e.column = std::string(get(row, "column"));
    e.label = std::string(get(row, "label"));
    std::string type = fold(get(row, "type"));
    if (e.column.empty())
      throw data_error("empty \"column\"", cb.source, e.line, "name the data column this row describes");
    if (e.id.empty())
      throw data_error(fmt::format("empty \"id\" for column \"{}\"", e.column), cb.source, e.line,
                       "give the question a short id such as q1");
    auto t = parse_type(type.empty() ? "single" : type);
    if (!t)
      throw data_error(fmt::format("unknown type \"{}\"", get(row, "type")), cb.source, e.line,
                       "use id, datetime, single, multi, likert, nps, numeric, text or ignore");
    e.type = *t;
    e.levels = parse_levels(get(row, "levels"));
    e.multi_sep = std::string(get(row, "multi_sep"));
    // A separator made only of blanks (Kobo's " ") is trimmed away by the reader; "space" names it.
    if (fold(e.multi_sep) == "space") e.multi_sep = " ";
    if (fold(e.multi_sep) == "semicolon") e.multi_sep = ";";
    if (fold(e.multi_sep) == "comma") e.multi_sep = ",";
    e.base = std::string(get(row, "base"));
    for (auto& level : parse_levels(get(row, "missing"))) e.missing.push_back(level.label);
    if (e.label.empty()) e.label = e.column;
    if (auto [it, fresh] = seen_columns.emplace(e.column, e.line); !fresh)
      throw data_error(fmt::format("column \"{}\" is described twice (first on line {})", e.column, it->second),
                       cb.source, e.line);
    cb.entries.push_back(std::move(e));
  }
  return cb;
}

void write_codebook(Output& out, const Codebook& codebook) {
  CsvWriter w(out);
  w.row(kColumns);
  for (const auto& e : codebook.entries) {
    std::string missing;
    for (std::size_t i = 0; i < e.missing.size(); ++i) {
      if (i) missing.push_back('|');
      missing += escape_level(e.missing[i]);
    }
    std::string sep = e.multi_sep == " " ? std::string("space") : e.multi_sep;
    std::vector<std::string> fields = {e.id, e.column, e.label, std::string(type_name(e.type)),
                                       format_levels(e.levels), sep, e.base, missing};
    w.row(fields);
  }
}

std::vector<Question> build_questions(const Codebook& codebook, const std::vector<std::string>& header,
                                      Diagnostics& warnings) {
  std::vector<Question> questions;
  std::unordered_map<std::string, std::size_t> by_id;
  std::unordered_map<std::string, std::size_t> exact;
  std::unordered_map<std::string, std::size_t> loose;
  for (std::size_t j = 0; j < header.size(); ++j) {
    exact.emplace(header[j], j);
    loose.emplace(fold(header[j]), j);
  }
  for (const auto& e : codebook.entries) {
    std::size_t column;
    if (auto it = exact.find(e.column); it != exact.end()) column = it->second;
    else if (auto it2 = loose.find(fold(e.column)); it2 != loose.end()) column = it2->second;
    else {
      warnings.push_back(Warning{codebook.source, e.line,
                                 fmt::format("column \"{}\" of question {} is not in the data", e.column, e.id)});
      continue;
    }
    bool option_column = e.multi_sep == kOptionColumns;
    auto it = by_id.find(e.id);
    if (it == by_id.end()) {
      Question q;
      q.id = e.id;
      q.label = e.label;
      q.type = e.type;
      q.option_columns = option_column;
      q.multi_sep = option_column ? std::string() : e.multi_sep;
      q.base = e.base;
      q.missing = e.missing;
      q.source = codebook.source;
      q.line = e.line;
      q.levels = e.levels;
      if (option_column && q.levels.empty()) q.levels.push_back(Level{e.column, std::nullopt});
      if (q.type == QuestionType::Nps && q.levels.empty())
        for (int k = 0; k <= 10; ++k) q.levels.push_back(Level{std::to_string(k), static_cast<double>(k)});
      q.columns.push_back(column);
      by_id.emplace(e.id, questions.size());
      questions.push_back(std::move(q));
      continue;
    }
    Question& q = questions[it->second];
    if (!q.option_columns || !option_column)
      throw data_error(fmt::format("id \"{}\" is used by more than one column", e.id), codebook.source, e.line,
                       "only the option columns of a multi-select question (multi_sep \"column\") share an id");
    q.columns.push_back(column);
    q.levels.push_back(e.levels.empty() ? Level{e.column, std::nullopt} : e.levels.front());
  }
  return questions;
}

std::vector<Selectable> question_selectables(const std::vector<Question>& questions) {
  std::vector<Selectable> items;
  for (const auto& q : questions) items.push_back(Selectable{q.id, q.label, q.columns});
  return items;
}

std::size_t find_question(const std::vector<Question>& questions, const std::vector<std::string>& header,
                          std::string_view name) {
  std::vector<Selectable> all, counted;
  std::vector<std::size_t> counted_index;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    all.push_back(Selectable{questions[i].id, questions[i].label, questions[i].columns});
    if (questions[i].type != QuestionType::Ignore) {
      counted.push_back(all.back());
      counted_index.push_back(i);
    }
  }
  try {
    return counted_index.at(select_item(counted, header, name));
  } catch (const Error&) {
    return select_item(all, header, name);
  }
}

std::string question_id_from_header(std::string_view header) {
  std::string_view h = trim(header);
  // "1) …", "1. …", "Q1. …", "Q1) …", "Q1 - …", "Q1[SQ001]"
  std::size_t i = 0;
  bool q = false;
  if (i < h.size() && (h[i] == 'Q' || h[i] == 'q')) {
    q = true;
    ++i;
  }
  std::size_t digits = i;
  while (i < h.size() && h[i] >= '0' && h[i] <= '9') ++i;
  if (i > digits && i - digits <= 4) {
    std::string number(h.substr(digits, i - digits));
    bool ends = i == h.size();
    char next = ends ? '\0' : h[i];
    if (ends || next == ')' || next == '.' || next == ':' || next == '[' || next == '_' ||
        (q && (next == ' ' || next == '-')) || (!q && next == ' ' && i + 1 < h.size() && h[i + 1] == '-'))
      return "q" + number;
  }
  // A slug of the significant words.
  static const std::vector<std::string_view> kStop = {
      "le", "la", "les", "l", "de", "du", "des", "d", "un", "une", "a", "au", "aux", "et", "en", "vous", "votre",
      "vos", "est", "ce", "que", "qui", "quel", "quelle", "quels", "quelles", "pour", "par", "sur", "avec", "the",
      "of", "an", "to", "and", "your", "you", "is", "are", "what", "how", "in", "on", "for", "do", "did", "si"};
  std::string folded = fold(header);
  std::vector<std::string> words;
  std::string word;
  auto push = [&] {
    if (!word.empty() && std::find(kStop.begin(), kStop.end(), word) == kStop.end()) words.push_back(word);
    word.clear();
  };
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) word.push_back(c);
    else push();
  }
  push();
  std::string slug;
  for (std::size_t k = 0; k < words.size() && k < 3; ++k) slug += (k ? "_" : "") + words[k];
  if (slug.empty()) slug = "col";
  if (slug.size() > 32) slug.resize(32);
  if (slug[0] >= '0' && slug[0] <= '9') slug = "c" + slug;
  return slug;
}

}  // namespace survey
