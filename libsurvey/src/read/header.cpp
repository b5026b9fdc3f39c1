// Header detection and merging. See header.hpp.
#include "survey/read/header.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "survey/read/text.hpp"
#include "survey/read/values.hpp"

namespace survey {
namespace {

// Folds a cell for comparison with the short names of platform signatures.
// Longer cells cannot match one and are not folded: folding a cell of
// megabytes for every signature test took seconds.
std::string fold_name(std::string_view cell) {
  constexpr std::size_t kLongestName = 64;
  return cell.size() > kLongestName ? std::string() : fold(cell);
}

std::size_t non_empty(const TextRow& row) {
  return static_cast<std::size_t>(
      std::count_if(row.begin(), row.end(), [](const std::string& s) { return !s.empty(); }));
}

bool has_cell(const TextRow& row, std::initializer_list<std::string_view> names) {
  for (const auto& cell : row) {
    std::string f = fold_name(cell);
    for (auto n : names)
      if (f == n) return true;
  }
  return false;
}

std::size_t count_cells(const TextRow& row, std::initializer_list<std::string_view> names) {
  std::size_t n = 0;
  for (const auto& cell : row) {
    std::string f = fold_name(cell);
    for (auto name : names)
      if (f == name) {
        ++n;
        break;
      }
  }
  return n;
}

std::string cell_folded(const TextRow& row, std::size_t i) {
  return i < row.size() ? fold_name(row[i]) : std::string();
}

bool looks_like_code_header(std::string_view s) {
  // LimeSurvey question codes with a sub-question: Q1[SQ001].
  auto open = s.find('[');
  return open != std::string_view::npos && open > 0 && !s.empty() && s.back() == ']' &&
         s.find(' ') == std::string_view::npos;
}

// The platform whose signature a single header row carries.
std::optional<Format> row_signature(const TextRow& row) {
  if (row.empty()) return std::nullopt;
  if (count_cells(row, {"_uuid", "_submission_time", "_index", "_validation_status",
                        "_submitted_by", "_status", "_id"}) >= 2)
    return Format::Kobo;
  if (has_cell(row, {"respondent id", "id du repondant", "id de repondant"}) &&
      has_cell(row, {"collector id", "id du collecteur", "id de collecteur"}))
    return Format::SurveyMonkey;
  if ((has_cell(row, {"submitdate"}) && has_cell(row, {"lastpage", "startlanguage", "seed"})) ||
      (has_cell(row, {"response id", "id de la reponse", "id de reponse"}) &&
       has_cell(row, {"date submitted", "date de soumission", "date d'envoi", "last page",
                      "derniere page"})))
    return Format::LimeSurvey;
  if (cell_folded(row, 0) == "id" &&
      std::count_if(row.begin(), row.end(), [](const std::string& c) { return looks_like_code_header(c); }) >= 1 &&
      has_cell(row, {"submitdate", "lastpage"}))
    return Format::LimeSurvey;
  std::string first = cell_folded(row, 0);
  if (first == "timestamp" || first == "horodateur" || first == "marca temporal" ||
      first == "zeitstempel" || first == "informazioni cronologiche" ||
      first == "carimbo de data/hora")
    return Format::GoogleForms;
  if (first == "id" && row.size() >= 3) {
    std::string second = cell_folded(row, 1), third = cell_folded(row, 2);
    bool start = second == "start time" || second == "heure de debut" || second == "startzeit" ||
                 second == "hora de inicio";
    bool end = third == "completion time" || third == "heure de fin" ||
               third == "fertigstellungszeit" || third == "hora de finalizacion";
    if (start && end) return Format::MsForms;
  }
  return std::nullopt;
}

bool is_framaforms_details(const std::string& cell) {
  std::string f = fold_name(cell);
  return f == "submission details" || f == "submission_details" ||
         f == "details de la soumission" || f == "details de soumission";
}

// Framaforms: a title row (one cell), a row starting "Submission Details",
// then the labels (Serial, SID, Submitted Time, ...).
bool framaforms_at(const std::vector<TextRow>& rows, std::size_t i) {
  if (i + 2 >= rows.size()) return false;
  const TextRow& title = rows[i];
  const TextRow& groups = rows[i + 1];
  const TextRow& labels = rows[i + 2];
  return non_empty(title) <= 1 && !groups.empty() && is_framaforms_details(groups[0]) &&
         non_empty(labels) >= 2;
}

// SurveyMonkey's second header row: option labels, "Response", "Open-Ended Response".
bool surveymonkey_option_row(const TextRow& row) {
  return has_cell(row, {"response", "open-ended response", "reponse", "reponse ouverte",
                        "reponse libre"});
}

std::string carry_label(const std::string& group, const std::string& label) {
  if (group.empty()) return label;
  if (label.empty() || fold(label) == fold(group)) return group;
  return fmt::format("{} [{}]", group, label);
}

std::vector<std::string> merge_surveymonkey(const TextRow& questions, const TextRow& options,
                                            std::size_t width) {
  std::vector<std::size_t> group(width);
  std::vector<std::size_t> group_size;
  std::string current;
  std::vector<std::string> group_name;
  for (std::size_t j = 0; j < width; ++j) {
    std::string q = j < questions.size() ? questions[j] : std::string();
    if (!q.empty() || group_size.empty()) {
      group_name.push_back(q);
      group_size.push_back(0);
    }
    group[j] = group_size.size() - 1;
    ++group_size.back();
  }
  std::vector<std::string> names(width);
  for (std::size_t j = 0; j < width; ++j) {
    const std::string& q = group_name[group[j]];
    std::string o = j < options.size() ? options[j] : std::string();
    std::string fo = fold_name(o);
    bool plain = o.empty() || fo == "response" || fo == "reponse" ||
                 ((fo == "open-ended response" || fo == "reponse ouverte" || fo == "reponse libre") &&
                  group_size[group[j]] == 1);
    names[j] = plain ? q : carry_label(q, o);
  }
  return names;
}

// Framaforms puts a multi-column component's name over its first column only.
// A following column belongs to the same component when its answers look
// alike: all "X"/empty after an "X" column (checkboxes), or drawn from the
// same answers (grids).
std::vector<std::string> merge_framaforms(const TextRow& groups, const TextRow& labels,
                                          std::size_t width, const std::vector<TextRow>& data) {
  auto vocabulary = [&](std::size_t j) {
    std::set<std::string> v;
    for (const auto& row : data)
      if (j < row.size() && !row[j].empty()) v.insert(row[j]);
    return v;
  };
  auto x_like = [](const std::set<std::string>& v) {
    return std::all_of(v.begin(), v.end(), [](const std::string& s) { return s == "X" || s == "x"; });
  };
  std::vector<std::string> names(width);
  std::string group;
  std::set<std::string> group_vocab;
  bool group_x = false;
  for (std::size_t j = 0; j < width; ++j) {
    std::string g = j < groups.size() ? groups[j] : std::string();
    std::string label = j < labels.size() ? labels[j] : std::string();
    if (j == 0 && is_framaforms_details(g)) g.clear();  // Over the metadata columns.
    std::set<std::string> vocab = vocabulary(j);
    if (!g.empty()) {
      group = g;
      group_vocab = vocab;
      group_x = x_like(vocab);
    } else if (!group.empty()) {
      // An empty column continues a checkbox group only if another option
      // column of the group follows; a label ending like a question
      // (?, :) starts a new question rather than a grid row.
      bool empty_inside_x = false;
      if (group_x && vocab.empty())
        for (std::size_t k = j + 1; k < width; ++k) {
          std::string gk = k < groups.size() ? groups[k] : std::string();
          if (!gk.empty()) break;
          std::set<std::string> vk = vocabulary(k);
          if (vk.empty()) continue;
          empty_inside_x = x_like(vk);
          break;
        }
      std::string_view trimmed = trim(label);
      bool question_like = !trimmed.empty() && (trimmed.back() == '?' || trimmed.back() == ':');
      bool belongs = question_like ? false :
                     group_x ? (vocab.empty() ? empty_inside_x : x_like(vocab)) :
                     (!vocab.empty() && std::includes(group_vocab.begin(), group_vocab.end(),
                                                      vocab.begin(), vocab.end()));
      if (!question_like && !group_x && !vocab.empty() && !belongs) {
        // A grid row may use answers the first row did not: accept a partial overlap.
        std::size_t shared = 0;
        for (const auto& v : vocab) shared += group_vocab.count(v);
        belongs = shared * 2 >= vocab.size() && shared > 0;
      }
      if (!belongs) group.clear();
      else group_vocab.insert(vocab.begin(), vocab.end());
    }
    names[j] = carry_label(group, label);
  }
  return names;
}

std::vector<std::string> merge_generic(const std::vector<const TextRow*>& rows, std::size_t width) {
  std::vector<std::string> names(width);
  std::vector<std::string> carried(rows.size());
  for (std::size_t j = 0; j < width; ++j) {
    std::string name;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::string cell = j < rows[r]->size() ? (*rows[r])[j] : std::string();
      if (r + 1 < rows.size()) {
        if (!cell.empty()) {
          carried[r] = cell;
          for (std::size_t k = r + 1; k + 1 < rows.size(); ++k) carried[k].clear();
        }
        name = carry_label(name, carried[r]);
      } else {
        name = carry_label(name, cell);
      }
    }
    names[j] = name;
  }
  return names;
}

// A cell of data rather than of a header: a number or a date.
bool data_cell(const std::string& cell) {
  return !cell.empty() && (parse_number(cell).has_value() || parse_datetime(cell).has_value());
}

// A second header row (under row `i`), not a respondent: its first cell is
// empty and it is mostly empty, or each of its cells repeats the one answer
// its column takes below (the options of multi-select columns, as
// SurveyMonkey writes them). `strict`: without a platform's layout to go by,
// only the second kind of evidence counts, and the rows below must all have
// a first cell (an id the second row lacks).
bool second_header_row(const std::vector<TextRow>& rows, std::size_t i, bool strict) {
  if (i + 1 >= rows.size()) return false;
  const TextRow& second = rows[i + 1];
  if (second.empty() || !second[0].empty()) return false;
  const std::size_t filled = non_empty(second);
  if (filled == 0) return !strict;
  if (std::any_of(second.begin(), second.end(), data_cell)) return false;
  if (!strict && filled * 2 <= second.size()) return true;
  const std::size_t below = i + 2;
  if (below >= rows.size()) return false;
  for (std::size_t r = below; r < rows.size(); ++r)
    if (strict && (rows[r].empty() || rows[r][0].empty())) return false;
  for (std::size_t j = 0; j < second.size(); ++j) {
    if (second[j].empty()) continue;
    bool seen = false;
    for (std::size_t r = below; r < rows.size(); ++r) {
      const std::string& v = j < rows[r].size() ? rows[r][j] : std::string();
      if (v.empty()) continue;
      if (v != second[j]) return false;
      seen = true;
    }
    if (!seen) return false;
  }
  return true;
}

std::size_t modal_width(const std::vector<TextRow>& rows, std::size_t* count = nullptr) {
  std::map<std::size_t, std::size_t> freq;
  for (const auto& r : rows) ++freq[r.size()];
  std::size_t best = 0, best_n = 0;
  for (auto [w, n] : freq)
    if (n > best_n) {  // Ties keep the narrower width.
      best = w;
      best_n = n;
    }
  if (count) *count = best_n;
  return best;
}

}  // namespace

void make_unique_names(std::vector<std::string>& names, std::vector<std::string>& notes) {
  std::unordered_set<std::string> taken;
  taken.reserve(names.size() * 2);
  for (const auto& n : names)
    if (!n.empty()) taken.insert(n);
  std::unordered_map<std::string, int> next_suffix;
  std::unordered_set<std::string> seen;
  seen.reserve(names.size() * 2);
  std::size_t renamed = 0;
  for (std::size_t j = 0; j < names.size(); ++j) {
    std::string& name = names[j];
    if (name.empty()) {
      std::string fresh = fmt::format("column_{}", j + 1);
      int k = 2;
      while (taken.count(fresh)) fresh = fmt::format("column_{}_{}", j + 1, k++);
      if (renamed++ < 20) notes.push_back(fmt::format("column {} has no name; called it \"{}\"", j + 1, fresh));
      name = fresh;
      taken.insert(name);
      seen.insert(name);
      continue;
    }
    if (seen.insert(name).second) continue;
    int& k = next_suffix.try_emplace(name, 2).first->second;
    std::string fresh;
    do fresh = fmt::format("{} ({})", name, k++);
    while (taken.count(fresh));
    if (renamed++ < 20)
      notes.push_back(fmt::format("column {} repeats the name \"{}\"; renamed it \"{}\"", j + 1, name, fresh));
    name = fresh;
    taken.insert(name);
    seen.insert(name);
  }
  if (renamed > 20) notes.push_back(fmt::format("{} more columns renamed", renamed - 20));
}

HeaderAnalysis analyze_header(const std::vector<TextRow>& rows, Format requested, int header_rows,
                              bool single_byte_semicolon) {
  HeaderAnalysis out;
  if (rows.empty()) {
    out.header_rows = 0;
    out.format = requested == Format::Auto ? Format::Generic : requested;
    return out;
  }
  const std::size_t width = modal_width(rows);

  // 1. Platform signatures, then the generic rule: the first row as wide as
  // most rows with at least half its cells named; rows above it are titles
  // or export notes.
  const std::size_t scan = std::min<std::size_t>(rows.size(), 16);
  std::optional<Format> signature;
  std::size_t sig_start = 0, sig_rows = 1;
  for (std::size_t i = 0; i < scan && !signature; ++i) {
    if (framaforms_at(rows, i)) {
      signature = Format::Framaforms;
      sig_start = i;
      sig_rows = 3;
    } else if (auto sig = row_signature(rows[i])) {
      signature = sig;
      sig_start = i;
      sig_rows = 1;
      if (*sig == Format::SurveyMonkey && i + 1 < rows.size() &&
          (surveymonkey_option_row(rows[i + 1]) || requested == Format::SurveyMonkey ||
           second_header_row(rows, i, /*strict=*/false)))
        sig_rows = 2;
    }
  }
  std::size_t generic_start = 0;
  for (std::size_t i = 0; i < scan; ++i) {
    std::size_t filled = non_empty(rows[i]);
    if (rows[i].size() >= width && filled >= 2 && filled * 2 >= width) {
      generic_start = i;
      break;
    }
    // A header with a delimiter or two fewer than the rows below: every
    // cell named, none a number or a date, and a row of the full width next.
    if (rows[i].size() < width && rows[i].size() + 2 >= width && filled == rows[i].size() &&
        filled >= 2 && filled * 2 >= width && i + 1 < rows.size() && rows[i + 1].size() == width &&
        std::none_of(rows[i].begin(), rows[i].end(), data_cell)) {
      generic_start = i;
      break;
    }
  }

  // 2. The requested format overrides the detected one.
  std::size_t start = generic_start, rows_in_header = 1;
  if (requested == Format::Auto) {
    out.format_detected = true;
    if (signature) {
      out.format = *signature;
      start = sig_start;
      rows_in_header = sig_rows;
    } else {
      out.format = single_byte_semicolon ? Format::ExcelFr : Format::Generic;
      // Two header rows without a platform's signature: only on strong evidence.
      if (second_header_row(rows, start, /*strict=*/true)) rows_in_header = 2;
    }
  } else {
    out.format = requested;
    if (signature == requested) {
      start = sig_start;
      rows_in_header = requested == Format::SurveyMonkey ? 2 : sig_rows;
    } else if (requested == Format::SurveyMonkey || requested == Format::Framaforms) {
      start = 0;
      rows_in_header = requested == Format::SurveyMonkey ? 2 : 3;
    }
  }
  if (header_rows >= 0) rows_in_header = static_cast<std::size_t>(header_rows);
  if (start + rows_in_header > rows.size()) rows_in_header = rows.size() - start;

  out.preamble_rows = start;
  out.header_rows = rows_in_header;
  for (std::size_t r = start; r < start + rows_in_header; ++r)
    out.named = out.named || non_empty(rows[r]) > 0;

  // 3. Names.
  std::size_t cols = width;
  for (std::size_t r = start; r < start + rows_in_header; ++r) cols = std::max(cols, rows[r].size());
  if (rows_in_header == 0) {
    // No header: the columns are named by position, which is no repair to warn about.
    for (std::size_t j = 0; j < width; ++j) out.names.push_back(fmt::format("column_{}", j + 1));
  } else if (rows_in_header == 1) {
    out.names = rows[start];
    out.names.resize(std::max(out.names.size(), width));
  } else {
    std::vector<TextRow> data(rows.begin() + static_cast<std::ptrdiff_t>(start + rows_in_header), rows.end());
    if (out.format == Format::SurveyMonkey && rows_in_header == 2) {
      out.names = merge_surveymonkey(rows[start], rows[start + 1], cols);
    } else if (out.format == Format::Framaforms && rows_in_header == 3) {
      if (!rows[start].empty()) out.title = rows[start][0];
      out.names = merge_framaforms(rows[start + 1], rows[start + 2], cols, data);
    } else {
      std::vector<const TextRow*> parts;
      for (std::size_t r = start; r < start + rows_in_header; ++r) parts.push_back(&rows[r]);
      out.names = merge_generic(parts, cols);
    }
  }
  if (rows_in_header > 0 && start + rows_in_header < rows.size()) {
    // The header's width is the rows' width: a header short of a delimiter
    // gets names for the columns it lacks, empty names past the rows' width go.
    // The rows' width counts when at least two rows, and three in four, have it.
    std::vector<TextRow> data(rows.begin() + static_cast<std::ptrdiff_t>(start + rows_in_header),
                              rows.end());
    std::size_t agreeing = 0;
    std::size_t data_width = modal_width(data, &agreeing);
    if (agreeing < 2 || agreeing * 4 < data.size() * 3) data_width = 0;
    const std::size_t named = rows[start + rows_in_header - 1].size();
    if (named < data_width && out.names.size() < data_width) out.names.resize(data_width);
    if (named < data_width) {
      std::size_t k = data_width - named;
      bool unnamed = true;
      for (std::size_t j = named; j < data_width; ++j) unnamed = unnamed && out.names[j].empty();
      if (unnamed) {
        for (std::size_t j = named; j < data_width; ++j)
          out.names[j] = fmt::format("column_{}", j + 1);
        out.notes.push_back(fmt::format(
            "the header has {} name{} for rows of {} fields; called the last {} \"{}\"", named,
            named == 1 ? "" : "s", data_width,
            k == 1 ? std::string("column") : fmt::format("{} columns", k),
            k == 1 ? out.names[named]
                   : fmt::format("{}\" to \"{}", out.names[named], out.names[data_width - 1])));
      }
    }
    if (out.names.size() > data_width && data_width > 0 &&
        std::all_of(out.names.begin() + static_cast<std::ptrdiff_t>(data_width), out.names.end(),
                    [](const std::string& n) { return n.empty(); })) {
      const std::size_t k = out.names.size() - data_width;
      out.names.resize(data_width);
      out.notes.push_back(
          fmt::format("dropped {} empty name{} at the end of the header: the rows have {} fields",
                      k, k == 1 ? "" : "s", data_width));
    }
  }
  make_unique_names(out.names, out.notes);
  return out;
}

}  // namespace survey
