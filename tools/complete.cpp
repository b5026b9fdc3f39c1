// survey __complete CWORD WORD...: the candidates for the word at index CWORD
// of a command line split into WORDs (bash's COMP_CWORD and COMP_WORDS), one
// a line, for the shell completion scripts: verbs, a verb's options (read from
// its CLI11 set-up, so they always match its --help), and the question ids of
// the export already on the line. A line "::files" asks the shell to complete
// file names. Never prints an error: a completion that cannot help prints
// nothing.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "survey/model/codebook.hpp"
#include "survey/model/infer.hpp"
#include "survey/read/csv_reader.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr std::string_view kFiles = "::files";

// Options whose value is a file or a question, for verbs that do not say so
// with a type name of FILE or QUESTION.
bool is_file_option(const ArgumentSpec& a) {
  if (a.type == "FILE" || a.type == "PATH") return true;
  for (const auto& n : a.names)
    if (n == "--codebook" || n == "--output" || n == "-o") return true;
  return false;
}

bool is_question_option(const ArgumentSpec& a) {
  if (a.type == "QUESTION" || a.type == "QUESTIONS") return true;
  for (const auto& n : a.names)
    if (n == "--by" || n == "--weight") return true;
  return false;
}

bool is_file_positional(const ArgumentSpec& a) {
  return a.type == "FILE" || a.names[0].find("file") != std::string::npos;
}

bool is_question_positional(const ArgumentSpec& a) {
  return a.type == "QUESTION" || a.type == "QUESTIONS" ||
         a.names[0].find("question") != std::string::npos;
}

// A word as the shell will pass it to the program: quotes and backslashes
// removed, a leading ~/ made $HOME/.
std::string unquote(std::string_view word) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        out += c;
    } else if (c == '\\' && i + 1 < word.size() && quote == 0) {
      out += word[++i];
    } else if (c == '\\' && i + 1 < word.size() && quote == '"' &&
               std::string_view("\"\\$`").find(word[i + 1]) != std::string_view::npos) {
      out += word[++i];
    } else if (c == '"') {
      quote = quote ? 0 : '"';
    } else if (c == '\'' && quote == 0) {
      quote = '\'';
    } else {
      out += c;
    }
  }
  if (out.size() >= 2 && out.compare(0, 2, "~/") == 0)
    if (const char* home = std::getenv("HOME")) out = std::string(home) + out.substr(1);
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

void print_matching(const std::vector<std::string>& candidates, std::string_view prefix,
                    std::string_view before = {}) {
  std::vector<std::string> seen;
  for (const auto& c : candidates) {
    if (!starts_with(c, prefix) || std::find(seen.begin(), seen.end(), c) != seen.end()) continue;
    seen.push_back(c);
    fmt::print("{}{}\n", before, c);
  }
}

// The question ids of the export at `path` (the codebook's when one is
// given), or nothing when it cannot be read without waiting or failing.
std::vector<std::string> question_ids(const std::string& path, InputOptions input,
                                      const std::string& codebook) {
  std::vector<std::string> ids;
  try {
    std::error_code ec;
    if (path.empty() || path == "-" || !std::filesystem::is_regular_file(path, ec)) return ids;
    input.allow_empty = true;
    CsvReader reader(open_input(path), input.reader_options());
    if (!codebook.empty() && std::filesystem::is_regular_file(codebook, ec)) {
      Diagnostics warnings;
      for (const auto& q : build_questions(read_codebook(codebook), reader.header(), warnings))
        ids.push_back(q.id);
    } else {
      for (const auto& item : header_selectables(reader.header())) ids.push_back(item.id);
    }
  } catch (...) {
    ids.clear();
  }
  return ids;
}

const ArgumentSpec* find_option(const CommandSpec& spec, std::string_view name) {
  for (const auto& o : spec.options)
    if (std::find(o.names.begin(), o.names.end(), name) != o.names.end()) return &o;
  return nullptr;
}

std::string option_value(const std::map<const ArgumentSpec*, std::string>& values,
                         const CommandSpec& spec, std::string_view name) {
  const ArgumentSpec* o = find_option(spec, name);
  auto it = o ? values.find(o) : values.end();
  return it == values.end() ? std::string() : it->second;
}

int complete(const std::vector<std::string>& words, std::size_t cword) {
  // The verb: `survey VERB ...`, or `survey-VERB ...` through a link.
  std::string_view self = words[0];
  if (auto slash = self.rfind('/'); slash != std::string_view::npos) self.remove_prefix(slash + 1);
  std::string_view verb_name;
  std::size_t first = 1;
  if (starts_with(self, "survey-")) {
    verb_name = self.substr(7);
  } else if (cword == 1) {
    std::vector<std::string> names;
    for (const auto& v : verbs()) names.emplace_back(v.name);
    names.insert(names.end(), {"version", "help"});
    if (starts_with(words[1], "-")) names = {"--help", "--version", "--list-verbs", "-h", "-V"};
    print_matching(names, words[1]);
    return 0;
  } else {
    verb_name = words[1];
    first = 2;
  }

  CommandSpec spec;
  if (verb_name == "version") {
    spec.options = {ArgumentSpec{{"-h", "--help"}, "", "", false, false},
                    ArgumentSpec{{"--json"}, "", "", false, false}};
  } else if (const Verb* verb = find_verb(verb_name)) {
    spec = describe_verb(*verb);
  } else {
    return 0;
  }

  // The word being completed, and the option it is the value of: bash splits
  // "--by=reg" into "--by", "=", "reg".
  std::string text = words[cword];
  std::size_t end = cword;  // Words before `end` are complete.
  const ArgumentSpec* value_of = nullptr;
  std::string before;  // Printed before each candidate (for "--by=reg" kept whole).
  auto option_at = [&](std::size_t i) {
    return i >= first && i < words.size() ? find_option(spec, words[i]) : nullptr;
  };
  if (text == "=" && option_at(cword - 1)) {
    value_of = option_at(cword - 1);
    text.clear();
    end = cword - 1;
  } else if (cword >= 2 && words[cword - 1] == "=" && option_at(cword - 2)) {
    value_of = option_at(cword - 2);
    end = cword - 2;
  } else if (starts_with(text, "--") && text.find('=') != std::string::npos) {
    auto eq = text.find('=');
    value_of = find_option(spec, text.substr(0, eq));
    if (!value_of) return 0;
    before = text.substr(0, eq + 1);
    text = text.substr(eq + 1);
  }

  // What the words before say: option values, positionals so far.
  std::map<const ArgumentSpec*, std::string> values;
  std::vector<std::string> positionals;
  bool only_positionals = false;
  for (std::size_t i = first; i < end; ++i) {
    const std::string& w = words[i];
    if (only_positionals || w == "-" || !starts_with(w, "-")) {
      positionals.push_back(unquote(w));
    } else if (w == "--") {
      only_positionals = true;
    } else if (auto eq = w.find('='); starts_with(w, "--") && eq != std::string::npos) {
      if (const auto* o = find_option(spec, w.substr(0, eq))) values[o] = unquote(w.substr(eq + 1));
    } else if (const auto* o = find_option(spec, w); o && o->takes_value) {
      if (i + 1 < end && words[i + 1] == "=") ++i;
      if (i + 1 < end)
        values[o] = unquote(words[++i]);
      else
        value_of = o;  // The word being completed is its value.
    }
  }

  auto ids = [&] {
    InputOptions input;
    input.encoding = option_value(values, spec, "--encoding");
    if (input.encoding.empty()) input.encoding = "auto";
    input.delimiter = option_value(values, spec, "--delimiter");
    input.format = option_value(values, spec, "--input-format");
    if (input.format.empty()) input.format = "auto";
    std::string rows = option_value(values, spec, "--header-rows");
    if (!rows.empty()) input.header_rows = std::atoi(rows.c_str());
    std::string file;
    if (!spec.positionals.empty() && is_file_positional(spec.positionals[0]) &&
        !positionals.empty())
      file = positionals[0];
    return question_ids(file, input, option_value(values, spec, "--codebook"));
  };

  if (value_of) {
    if (is_file_option(*value_of))
      fmt::print("{}\n", kFiles);
    else if (is_question_option(*value_of))
      print_matching(ids(), text, before);
    return 0;
  }
  if (!only_positionals && starts_with(text, "-")) {
    std::vector<std::string> names;
    for (const auto& o : spec.options) names.insert(names.end(), o.names.begin(), o.names.end());
    print_matching(names, text);
    return 0;
  }
  const ArgumentSpec* positional = nullptr;
  if (positionals.size() < spec.positionals.size())
    positional = &spec.positionals[positionals.size()];
  else if (!spec.positionals.empty() && spec.positionals.back().repeats)
    positional = &spec.positionals.back();
  if (!positional) return 0;
  if (is_file_positional(*positional))
    fmt::print("{}\n", kFiles);
  else if (is_question_positional(*positional))
    print_matching(ids(), text);
  return 0;
}

}  // namespace

int complete_main(int argc, char** argv) {
  // argv: __complete CWORD WORD0 WORD1 ...
  if (argc < 3) return 0;
  char* end = nullptr;
  long cword = std::strtol(argv[1], &end, 10);
  if (*end != '\0' || cword < 0) return 0;
  std::vector<std::string> words(argv + 2, argv + argc);
  while (words.size() <= static_cast<std::size_t>(cword)) words.emplace_back();
  if (cword == 0) return 0;
  try {
    return complete(words, static_cast<std::size_t>(cword));
  } catch (...) {
    return 0;
  }
}

}  // namespace survey::tools
