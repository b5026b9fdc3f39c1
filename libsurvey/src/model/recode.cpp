// Recoding answers. See recode.hpp.
#include "survey/model/recode.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "survey/read/csv_reader.hpp"
#include "survey/read/error.hpp"
#include "survey/read/text.hpp"

namespace survey {
namespace {

#include "fr_regions.inc"

// fold(), then hyphens, apostrophes and underscores as spaces, runs of spaces as one.
std::string place_key(std::string_view text) {
  std::string folded = fold(text), out;
  for (char c : folded) {
    char d = (c == '-' || c == '\'' || c == '_' || c == '.') ? ' ' : c;
    if (d == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(d);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const std::unordered_map<std::string, int>& place_names() {
  static const std::unordered_map<std::string, int> kNames = [] {
    std::unordered_map<std::string, int> names;
    for (int r = 0; r < static_cast<int>(std::size(kFrRegions)); ++r)
      names.emplace(place_key(kFrRegions[r]), r);
    for (const auto& d : kFrDepartements) names.emplace(place_key(d.name), d.region);
    for (const auto& a : kFrAliases) names.emplace(place_key(a.name), a.region);
    return names;
  }();
  return kNames;
}

std::optional<int> departement_region(std::string_view code) {
  for (const auto& d : kFrDepartements)
    if (d.code == code) return d.region;
  return std::nullopt;
}

// A number of 1 to 5 digits, or 2A/2B: a département or a postal code.
std::optional<int> code_region(std::string_view code) {
  if (code.size() == 2 && code[0] == '2' &&
      (code[1] == 'A' || code[1] == 'a' || code[1] == 'B' || code[1] == 'b'))
    return 4;
  if (!all_digits(code)) return std::nullopt;
  std::string c(code);
  if (c.size() == 4) c.insert(0, 1, '0');  // A postal code whose leading zero was dropped.
  if (c.size() == 5) {
    if (c.starts_with("20")) return 4;
    if (c.starts_with("97")) {
      if (c == "97133" || c == "97150") return std::nullopt;  // Saint-Barthélemy, Saint-Martin.
      return departement_region(c.substr(0, 3));
    }
    if (c.starts_with("98") || c.starts_with("00")) return std::nullopt;
    return departement_region(c.substr(0, 2));
  }
  if (c.size() == 3) return departement_region(c);
  if (c.size() == 1) c.insert(0, 1, '0');
  if (c == "20") return 4;  // Corsica before 1976.
  return departement_region(c);
}

}  // namespace

std::optional<std::string_view> fr_region(std::string_view value) {
  std::string_view v = trim(value);
  if (v.empty()) return std::nullopt;
  auto region = [](int r) { return std::optional<std::string_view>(kFrRegions[r]); };
  if (auto r = code_region(v)) return region(*r);
  std::string key = place_key(v);
  const auto& names = place_names();
  if (auto it = names.find(key); it != names.end()) return region(it->second);
  if (key.starts_with("region ")) {
    if (auto it = names.find(key.substr(7)); it != names.end()) return region(it->second);
  }
  // "13 - Bouches-du-Rhône", "13 Bouches-du-Rhône", "Paris (75)": the code decides.
  std::size_t end = 0;
  while (end < v.size() && v[end] != ' ' && v[end] != '-' && v[end] != '(') ++end;
  if (end > 0 && end < v.size())
    if (auto r = code_region(v.substr(0, end))) return region(*r);
  if (v.back() == ')') {
    auto open = v.rfind('(');
    if (open != std::string_view::npos)
      if (auto r = code_region(trim(v.substr(open + 1, v.size() - open - 2)))) return region(*r);
  }
  return std::nullopt;
}

std::optional<RecodePreset> parse_preset(std::string_view name) noexcept {
  if (name == "fr-regions") return RecodePreset::FrRegions;
  return std::nullopt;
}

std::vector<std::size_t> preset_columns(RecodePreset, const std::vector<std::string>& header) {
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < header.size(); ++j) {
    std::string key = " " + place_key(header[j]) + " ";
    for (const char* word :
         {" code postal ", " postal ", " cp ", " departement ", " region ", " zip "})
      if (key.find(word) != std::string::npos) {
        out.push_back(j);
        break;
      }
  }
  return out;
}

std::vector<RecodeRule> read_recode_map(const std::string& path) {
  ReaderOptions options;
  options.format = Format::Generic;
  options.header_rows = 1;
  options.allow_empty = true;
  CsvReader reader(open_input(path), options);
  const auto& header = reader.header();
  std::optional<std::size_t> where[3];
  const char* names[3] = {"column", "from", "to"};
  for (std::size_t j = 0; j < header.size(); ++j)
    for (int k = 0; k < 3; ++k)
      if (fold(header[j]) == names[k] && !where[k]) where[k] = j;
  for (int k = 0; k < 3; ++k)
    if (!where[k])
      throw data_error(
          fmt::format("the map has no \"{}\" column", names[k]), reader.info().name, 1,
          "a map has the columns column,from,to: in `column`, the value `from` becomes `to`");
  std::vector<RecodeRule> rules;
  Row row;
  while (reader.next(row)) {
    auto get = [&](int k) {
      return *where[k] < row.size() ? std::string(row[*where[k]]) : std::string();
    };
    RecodeRule rule{get(0), get(1), get(2), reader.info().name, row.line()};
    if (rule.column.empty())
      throw data_error("empty \"column\"", reader.info().name, row.line(),
                       "name the column this rule recodes");
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::vector<RecodeRule> parse_collapse(std::string_view spec,
                                       const std::function<bool(std::string_view)>& resolves) {
  const char* hint =
      "write COLUMN:A|B=NEW, e.g. --collapse 'q7:Satisfait|Très satisfait=Satisfaits'";
  std::optional<std::size_t> colon;
  for (std::size_t i = spec.find(':'); i != std::string_view::npos; i = spec.find(':', i + 1))
    if (resolves(trim(spec.substr(0, i)))) {
      colon = i;
      break;
    }
  if (!colon) {
    auto first = spec.find(':');
    if (first == std::string_view::npos)
      throw usage_error(fmt::format("--collapse \"{}\": no column", spec), hint);
    resolves(trim(spec.substr(0, first)));  // Throws the unknown-column error.
    throw usage_error(fmt::format("--collapse \"{}\": no column", spec), hint);
  }
  std::string column(trim(spec.substr(0, *colon)));
  std::string_view rest = spec.substr(*colon + 1);
  // Split on unescaped '|' and the last unescaped '='.
  std::vector<std::string> parts(1);
  std::optional<std::string> to;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    if (c == '\\' && i + 1 < rest.size() &&
        (rest[i + 1] == '|' || rest[i + 1] == '=' || rest[i + 1] == '\\')) {
      (to ? *to : parts.back()).push_back(rest[++i]);
    } else if (c == '=' && !to) {
      to = std::string();
    } else if (c == '=') {
      throw usage_error(fmt::format("--collapse \"{}\": two \"=\"", spec),
                        std::string(hint) + "; write \\= for a = in a value");
    } else if (c == '|' && !to) {
      parts.emplace_back();
    } else {
      (to ? *to : parts.back()).push_back(c);
    }
  }
  if (!to) throw usage_error(fmt::format("--collapse \"{}\": no \"=NEW\"", spec), hint);
  std::vector<RecodeRule> rules;
  for (const auto& p : parts) {
    std::string from(trim(p));
    if (from.empty())
      throw usage_error(fmt::format("--collapse \"{}\": an empty value", spec), hint);
    rules.push_back(RecodeRule{column, from, std::string(trim(*to)),
                               fmt::format("--collapse \"{}\"", spec), 0});
  }
  return rules;
}

std::string RecodeRule::where() const {
  return line ? fmt::format("{}:{}", source, line) : source;
}

void Recoding::add(std::size_t column, const RecodeRule& rule) {
  Column& c = m_columns[column];
  auto [it, fresh] = c.exact.try_emplace(rule.from, Target{rule.to, rule.where()});
  if (!fresh && it->second.to != rule.to)
    throw Error(rule.line ? ErrorKind::Data : ErrorKind::Usage,
                fmt::format("{}\"{}\" in {} goes to \"{}\" here but to \"{}\" in {}",
                            rule.line ? "" : rule.source + ": ", rule.from, rule.column, rule.to,
                            it->second.to, it->second.source),
                rule.line ? rule.source : std::string(), rule.line,
                "give each value one new value");
  c.loose.try_emplace(fold(rule.from), rule.to);
}

void Recoding::add_preset(std::size_t column, RecodePreset preset) {
  m_columns[column].preset = preset;
}

std::vector<std::size_t> Recoding::columns() const {
  std::vector<std::size_t> out;
  for (const auto& [c, _] : m_columns) out.push_back(c);
  return out;
}

const std::optional<std::string>& Recoding::apply(std::size_t column, std::string_view value) {
  auto it = m_columns.find(column);
  if (it == m_columns.end()) return m_result = std::string(value);
  Column& c = it->second;
  std::string key(value);
  if (auto m = c.memo.find(key); m != c.memo.end()) return m->second;
  if (c.memo.size() < 65536) return c.memo.emplace(std::move(key), compute(c, value)).first->second;
  return m_result = compute(c, value);
}

std::optional<std::string> Recoding::compute(const Column& c, std::string_view value) const {
  std::optional<std::string> mapped;
  if (auto e = c.exact.find(value); e != c.exact.end())
    mapped = e->second.to;
  else if (!value.empty())
    if (auto l = c.loose.find(fold(value)); l != c.loose.end()) mapped = l->second;
  if (c.preset) {
    std::string_view input = mapped ? std::string_view(*mapped) : value;
    if (input.empty()) return std::string();
    if (auto r = fr_region(input)) return std::string(*r);
    return std::nullopt;
  }
  if (mapped) return mapped;
  if (value.empty()) return std::string();
  return std::nullopt;
}

void UncoveredValues::add(std::size_t column, std::string_view value) {
  Column& c = m_columns[column];
  ++c.rows;
  if (auto it = c.values.find(value); it != c.values.end()) {
    ++it->second;
  } else if (c.values.size() < m_limit) {
    c.values.emplace(std::string(value), 1);
  } else {
    c.more = true;
  }
}

std::vector<UncoveredValues::Report> UncoveredValues::reports() const {
  std::vector<Report> out;
  for (const auto& [column, c] : m_columns) {
    Report r{column, c.rows, {c.values.begin(), c.values.end()}, c.values.size(), c.more};
    std::sort(r.values.begin(), r.values.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace survey
