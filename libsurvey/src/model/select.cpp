// Question selection. See select.hpp.
#include "survey/model/select.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "survey/read/error.hpp"
#include "survey/read/text.hpp"

namespace survey {
namespace {

std::string describe(const Selectable& item) {
  if (item.label.empty() || item.label == item.id) return item.id;
  return fmt::format("{} ({})", item.id, shorten(item.label, 47));
}

std::string list(const std::vector<Selectable>& items, const std::vector<std::size_t>& which) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < which.size() && i < 12; ++i) names.push_back(describe(items[which[i]]));
  std::string out = fmt::format("{}", fmt::join(names, ", "));
  if (which.size() > 12) out += fmt::format(" and {} more", which.size() - 12);
  return out;
}

std::size_t select_named(const std::vector<Selectable>& items,
                         const std::vector<std::string>& header, std::string_view name);

}  // namespace

std::size_t select_item(const std::vector<Selectable>& items,
                        const std::vector<std::string>& header, std::string_view name,
                        std::string_view option) {
  if (option.empty()) return select_named(items, header, name);
  try {
    return select_named(items, header, name);
  } catch (const Error& e) {
    throw usage_error(fmt::format("{} {}: {}", option, trim(name), e.what()), e.hint());
  }
}

namespace {

std::size_t select_named(const std::vector<Selectable>& items,
                         const std::vector<std::string>& header, std::string_view name) {
  std::string_view n = trim(name);
  // 1. A question id.
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].id == n) return i;
  // 2. A column number.
  if (!n.empty() && std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }) && n.size() < 9) {
    std::size_t column = std::stoul(std::string(n));
    if (column == 0 || column > header.size())
      throw usage_error(fmt::format("there is no column {}", column),
                        fmt::format("the input has columns 1 to {}", header.size()));
    for (std::size_t i = 0; i < items.size(); ++i)
      if (std::find(items[i].columns.begin(), items[i].columns.end(), column - 1) != items[i].columns.end()) return i;
    throw usage_error(fmt::format("column {} (\"{}\") is not a question here", column, header[column - 1]));
  }
  // 3. Exact header or label.
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].label == n) return i;
    for (std::size_t c : items[i].columns)
      if (c < header.size() && header[c] == n) return i;
  }
  // 4. A unique loose prefix of an id, a label or a header.
  std::string key = fold(n);
  if (key.empty()) throw usage_error("empty question name");
  std::vector<std::size_t> hits;
  for (std::size_t i = 0; i < items.size(); ++i) {
    bool hit = fold(items[i].id).starts_with(key) || fold(items[i].label).starts_with(key);
    for (std::size_t c : items[i].columns)
      if (c < header.size() && fold(header[c]).starts_with(key)) hit = true;
    if (hit) hits.push_back(i);
  }
  if (hits.size() == 1) return hits[0];
  // A question whose columns hold every other match's columns (a multi-select
  // and its option columns) is the one meant.
  for (std::size_t i : hits) {
    bool covers = true;
    for (std::size_t k : hits)
      for (std::size_t c : items[k].columns)
        if (std::find(items[i].columns.begin(), items[i].columns.end(), c) == items[i].columns.end()) covers = false;
    if (covers) return i;
  }
  // A question whose label starts every other match's label ("Thèmes" and
  // "Thèmes [Autre]") is the general one.
  for (std::size_t i : hits) {
    std::string label = fold(items[i].label);
    bool starts_all = !label.empty();
    for (std::size_t k : hits)
      if (!fold(items[k].label).starts_with(label)) starts_all = false;
    if (starts_all) return i;
  }
  // An exact loose match among several prefixes wins ("region" vs "region_detail").
  for (std::size_t i : hits)
    if (fold(items[i].id) == key || fold(items[i].label) == key) return i;
  if (hits.empty()) {
    std::vector<std::size_t> all(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) all[i] = i;
    throw usage_error(fmt::format("no question is called \"{}\"", n),
                      fmt::format("the questions are {}", list(items, all)));
  }
  throw usage_error(fmt::format("\"{}\" could be {}", n, list(items, hits)), "name one of them");
}

}  // namespace

std::size_t select_column(const std::vector<Selectable>& items,
                          const std::vector<std::string>& header, std::string_view name,
                          std::string_view option) {
  std::size_t i = select_item(items, header, name, option);
  if (items[i].columns.size() != 1)
    throw usage_error(fmt::format("{} {}: {} spans {} columns", option, trim(name), items[i].id,
                                  items[i].columns.size()),
                      "name a question held in one column");
  return items[i].columns[0];
}

}  // namespace survey
