// Codebook inference. See infer.hpp.
#include "survey/model/infer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "survey/model/scales.hpp"
#include "survey/read/text.hpp"
#include "survey/read/values.hpp"

namespace survey {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Makes ids unique in order of arrival: "q1", "q1_2", "q1_3"...
class IdAllocator {
 public:
  std::string operator()(const std::string& id) {
    std::string candidate = id;
    for (int k = 2; m_used.count(candidate); ++k) candidate = fmt::format("{}_{}", id, k);
    m_used.insert(candidate);
    return candidate;
  }

 private:
  std::unordered_set<std::string> m_used;
};

bool header_is(std::string_view header, std::initializer_list<std::string_view> names) {
  std::string f = fold(header);
  for (auto n : names)
    if (f == n) return true;
  return false;
}

// Header names that say what a column is, whatever it holds.
const std::initializer_list<std::string_view> kIdHeaders = {"id",
                                                            "respondent id",
                                                            "response id",
                                                            "id de la reponse",
                                                            "id de reponse",
                                                            "id du repondant",
                                                            "_id",
                                                            "_uuid",
                                                            "uuid",
                                                            "serial",
                                                            "sid",
                                                            "numero",
                                                            "identifiant",
                                                            "token",
                                                            "submission id",
                                                            "instanceid",
                                                            "meta/instanceid",
                                                            "_index",
                                                            "n°",
                                                            "no"};
const std::initializer_list<std::string_view> kTimeHeaders = {
    "horodateur",         "timestamp",      "horodatage",   "submitdate", "date submitted",
    "date de soumission", "date d'envoi",   "start date",   "end date",   "start time",
    "completion time",    "heure de debut", "heure de fin", "startdate",  "datestamp",
    "_submission_time",   "submitted time", "date",         "start",      "end",
    "marca temporal",     "zeitstempel"};
const std::initializer_list<std::string_view> kMetadataHeaders = {"ip address",
                                                                  "adresse ip",
                                                                  "email address",
                                                                  "email",
                                                                  "e-mail",
                                                                  "adresse e-mail",
                                                                  "adresse de messagerie",
                                                                  "adresse email",
                                                                  "first name",
                                                                  "last name",
                                                                  "prenom",
                                                                  "nom",
                                                                  "name",
                                                                  "username",
                                                                  "nom d'utilisateur",
                                                                  "custom data 1",
                                                                  "custom data",
                                                                  "uid",
                                                                  "draft",
                                                                  "brouillon",
                                                                  "lastpage",
                                                                  "last page",
                                                                  "derniere page",
                                                                  "startlanguage",
                                                                  "start language",
                                                                  "langue de depart",
                                                                  "seed",
                                                                  "tete de sequence",
                                                                  "_validation_status",
                                                                  "_status",
                                                                  "_submitted_by",
                                                                  "_version_",
                                                                  "__version__",
                                                                  "_notes",
                                                                  "_tags",
                                                                  "refurl",
                                                                  "url de reference",
                                                                  "ipaddr",
                                                                  "collector id",
                                                                  "id du collecteur"};

bool header_mentions(std::string_view header, std::initializer_list<std::string_view> words) {
  std::string f = fold(header);
  for (auto w : words)
    if (f.find(w) != std::string::npos) return true;
  return false;
}

// Packed multi-select: cells that are a `sep`-join of two or more other cells.
struct Packing {
  std::string sep;
  std::vector<Level> levels;
  std::size_t composite_cells = 0;
  // Options read as one although they hold `sep` and never come alone.
  std::vector<std::string> joined;
};

// The separators of `cell` that part its answers: all but those inside a
// run of pieces `glued` says belong together.
std::vector<std::size_t> parting_separators(
    const std::string& cell, std::string_view sep,
    const std::set<std::pair<std::string, std::string>>& glued) {
  std::vector<std::size_t> seps;
  for (std::size_t p = cell.find(sep); p != std::string::npos; p = cell.find(sep, p + sep.size()))
    seps.push_back(p);
  if (glued.empty() || seps.empty()) return seps;
  std::vector<std::size_t> kept;
  std::size_t unit_start = 0;  // Start of the current run of glued pieces.
  for (std::size_t i = 0; i < seps.size(); ++i) {
    std::size_t next_end = i + 1 < seps.size() ? seps[i + 1] : cell.size();
    std::string left(trim(std::string_view(cell).substr(unit_start, seps[i] - unit_start)));
    std::string right(
        trim(std::string_view(cell).substr(seps[i] + sep.size(), next_end - seps[i] - sep.size())));
    if (glued.count({left, right})) continue;
    kept.push_back(seps[i]);
    unit_start = seps[i] + sep.size();
  }
  return kept;
}

// Pieces that always come together, in the same order, and never alone: one
// option holding the separator ("Financement, aides"), or one "Other" text
// ("Le salon, en mars"). Found on the whole column, pair by pair, until no
// more pieces join.
std::set<std::pair<std::string, std::string>> glued_pieces(
    const std::unordered_map<std::string, std::uint64_t>& cells, std::string_view sep) {
  std::set<std::pair<std::string, std::string>> glued;
  for (int round = 0; round < 8; ++round) {
    std::map<std::string, std::uint64_t> piece_count;
    std::map<std::pair<std::string, std::string>, std::uint64_t> pair_count;
    for (const auto& [cell, count] : cells) {
      std::vector<std::size_t> seps = parting_separators(cell, sep, glued);
      std::vector<std::string> pieces;
      std::size_t start = 0;
      for (std::size_t p : seps) {
        pieces.emplace_back(trim(std::string_view(cell).substr(start, p - start)));
        start = p + sep.size();
      }
      pieces.emplace_back(trim(std::string_view(cell).substr(start)));
      for (std::size_t i = 0; i < pieces.size(); ++i) {
        piece_count[pieces[i]] += count;
        if (i + 1 < pieces.size()) pair_count[{pieces[i], pieces[i + 1]}] += count;
      }
    }
    bool more = false;
    for (const auto& [pair, count] : pair_count) {
      const auto& [a, b] = pair;
      if (a == b || a.empty() || b.empty() || cells.count(a) || cells.count(b)) continue;
      if (piece_count[a] != count || piece_count[b] != count) continue;
      // Joined, the run is one piece; its own pairs are found next round.
      more = glued.insert(pair).second || more;
    }
    if (!more) break;
  }
  return glued;
}

std::optional<Packing> detect_packing(const ColumnProfile& c) {
  std::optional<Packing> best;
  for (std::string_view sep : {";", ", ", "|"}) {
    std::unordered_map<std::string, std::uint64_t> cells;  // Trailing separator removed.
    std::size_t containing = 0;
    for (const auto& vc : c.values) {
      std::string cell = vc.value;
      std::string_view tail = trim(sep);
      if (!tail.empty() && cell.size() > tail.size() && cell.ends_with(tail)) cell.resize(cell.size() - tail.size());
      cell = std::string(trim(cell));
      if (cell.find(sep) != std::string::npos) ++containing;
      cells[cell] += vc.count;
    }
    if (containing == 0) continue;
    const auto glued = glued_pieces(cells, sep);
    // A run of glued pieces found in two cells or more is an option ("Financement, aides");
    // in one cell, it may be "Other" text.
    std::set<std::string> promoted;
    {
      std::map<std::string, std::size_t> runs;  // Run -> cells holding it.
      for (const auto& entry : cells) {
        const std::string& cell = entry.first;
        const std::vector<std::size_t> seps = parting_separators(cell, sep, glued);
        std::size_t start = 0;
        for (std::size_t i = 0; i <= seps.size(); ++i) {
          std::size_t end = i < seps.size() ? seps[i] : cell.size();
          std::string piece(trim(std::string_view(cell).substr(start, end - start)));
          if (piece.find(sep) != std::string::npos && piece != cell) ++runs[piece];
          if (i < seps.size()) start = seps[i] + sep.size();
        }
      }
      for (const auto& [run, n] : runs)
        if (n >= 2) promoted.insert(run);
    }
    // A cell is composite when it splits at separators into parts that are
    // known: other cells, or stretches seen before another part somewhere
    // (an option nobody chose alone). One unknown stretch at the end of a
    // cell is allowed when splitting (Google's "Other" text comes last), but
    // the evidence for packing is strict composites only.
    struct Split {
      int strict = -1, loose = -1, unknown = 0;
      bool unknown_last = false;  // The unknown stretch ends the cell so far.
    };
    std::vector<std::string> atoms;
    std::size_t composite = 0, composite_rows = 0;
    for (int round = 0; round < 2; ++round) {
      atoms.clear();
      composite = composite_rows = 0;
      std::set<std::string> inner_unknowns;
      for (const auto& entry : cells) {
        const std::string& cell = entry.first;
        const std::uint64_t count = entry.second;
        const std::vector<std::size_t> seps = parting_separators(cell, sep, glued);
        const std::size_t pieces = seps.size() + 1;
        auto start = [&](std::size_t i) { return i == 0 ? std::size_t{0} : seps[i - 1] + sep.size(); };
        auto end = [&](std::size_t i) { return i == seps.size() ? cell.size() : seps[i]; };
        std::vector<Split> at(pieces + 1);
        std::vector<std::string> last_unknown(pieces + 1);
        at[0].strict = at[0].loose = 0;
        for (std::size_t a = 0; a < pieces; ++a) {
          for (std::size_t b = a + 1; b <= pieces; ++b) {
            std::string part(trim(std::string_view(cell).substr(start(a), end(b - 1) - start(a))));
            if (part == cell) continue;
            bool known = cells.count(part) > 0 || promoted.count(part) > 0;
            if (known && at[a].strict >= 0) at[b].strict = std::max(at[b].strict, at[a].strict + 1);
            if (at[a].loose < 0) continue;
            if (known && at[b].loose < at[a].loose + 1) {
              at[b].loose = at[a].loose + 1;
              at[b].unknown = at[a].unknown;
              at[b].unknown_last = false;
              last_unknown[b] = last_unknown[a];
            } else if (!known && at[a].unknown == 0 && at[b].loose < at[a].loose) {
              at[b].loose = at[a].loose;
              at[b].unknown = 1;
              at[b].unknown_last = true;
              last_unknown[b] = part;
            }
          }
        }
        if (at[pieces].strict >= 2) {
          ++composite;
          composite_rows += count;
        } else if (!(at[pieces].loose >= 1 && at[pieces].unknown == 1)) {
          atoms.push_back(cell);
        } else if (!at[pieces].unknown_last) {
          inner_unknowns.insert(last_unknown[pieces]);
        }
      }
      if (inner_unknowns.empty()) break;
      promoted.insert(inner_unknowns.begin(), inner_unknowns.end());
    }
    atoms.insert(atoms.end(), promoted.begin(), promoted.end());
    std::map<std::string, std::uint64_t> option_counts;
    if (composite < 2 && composite_rows < 2) continue;
    Packing p;
    p.sep = std::string(sep);
    p.composite_cells = composite;
    std::vector<Level> atom_levels;
    for (const auto& a : atoms) atom_levels.push_back(Level{a, std::nullopt});
    // Order options by how many respondents chose them; free text that is
    // no option (Google's "Other") stays out of the levels.
    std::set<std::string> atom_set(atoms.begin(), atoms.end());
    for (const auto& [cell, count] : cells)
      for (const auto& part : split_multi(cell, sep, atom_levels))
        if (atom_set.count(part)) option_counts[part] += count;
    std::vector<std::pair<std::string, std::uint64_t>> ordered(option_counts.begin(), option_counts.end());
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    for (const auto& [label, count] : ordered) {
      p.levels.push_back(Level{label, std::nullopt});
      if (label.find(sep) != std::string::npos && !cells.count(label)) p.joined.push_back(label);
    }
    if (!best || p.composite_cells > best->composite_cells) best = std::move(p);
  }
  return best;
}

void add_unique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

}  // namespace

bool is_missing_token(std::string_view value) {
  static const std::set<std::string> kTokens = {"n/a", "na", "#n/a", "-", "--", "sans reponse", "pas de reponse",
                                                "non renseigne", "non renseignee", "no answer", "(vide)", "vide",
                                                "null", "nr", "(no answer)", "(sans reponse)"};
  return kTokens.count(fold(value)) > 0;
}

bool is_untick(std::string_view value) {
  static const std::set<std::string> kNo = {"0", "n", "non", "no", "false", "faux", "unchecked", "non coche"};
  return kNo.count(fold(value)) > 0;
}

bool is_tick(std::string_view value, std::string_view option) {
  static const std::set<std::string> kYes = {"x", "y", "1", "oui", "yes", "true", "vrai", "checked", "coche",
                                             "selected", "selectionne", "on"};
  std::string f = fold(value);
  return kYes.count(f) > 0 || (!option.empty() && f == fold(option));
}

std::vector<ColumnGroup> find_column_groups(const std::vector<std::string>& header) {
  std::map<std::string, std::size_t> index;  // base -> group
  std::vector<ColumnGroup> groups;
  auto add = [&](std::size_t j, std::string base, std::string option) {
    base = std::string(trim(base));
    option = std::string(trim(option));
    if (base.empty() || option.empty()) return false;
    auto [it, fresh] = index.emplace(base, groups.size());
    if (fresh) groups.push_back(ColumnGroup{base, {}, {}, std::nullopt});
    groups[it->second].columns.push_back(j);
    groups[it->second].options.push_back(option);
    return true;
  };
  for (std::size_t j = 0; j < header.size(); ++j) {
    const std::string& h = header[j];
    if (!h.empty() && h.back() == ']') {
      std::size_t open = h.rfind('[');
      if (open != std::string::npos && open > 0 && add(j, h.substr(0, open), h.substr(open + 1, h.size() - open - 2)))
        continue;
    }
    std::size_t slash = h.rfind('/');
    if (slash != std::string::npos && slash > 0 && slash + 1 < h.size()) add(j, h.substr(0, slash), h.substr(slash + 1));
  }
  std::vector<ColumnGroup> out;
  for (auto& g : groups) {
    if (g.columns.size() < 2) continue;
    for (std::size_t j = 0; j < header.size(); ++j)
      if (trim(header[j]) == g.base) g.summary = j;
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<std::string> split_multi(std::string_view cell, std::string_view sep, const std::vector<Level>& levels) {
  std::vector<std::string> parts;
  std::string_view rest = trim(cell);
  std::string_view sep_trimmed = trim(sep);
  // The longest known level at the start of `text`, followed by the separator or the end.
  auto level_at = [&](std::string_view text) {
    std::size_t best = 0;
    for (const auto& level : levels) {
      const std::string& l = level.label;
      if (l.size() <= best || text.size() < l.size() || text.compare(0, l.size(), l) != 0) continue;
      std::string_view after = text.substr(l.size());
      std::string_view after_trim = trim(after);
      if (after_trim.empty() || after.starts_with(sep) ||
          (!sep_trimmed.empty() && after_trim.starts_with(sep_trimmed)))
        best = l.size();
    }
    return best;
  };
  auto next_sep = [&](std::string_view text, std::size_t from) {
    std::size_t p = sep.empty() ? std::string_view::npos : text.find(sep, from);
    if (p == std::string_view::npos && !sep_trimmed.empty()) p = text.find(sep_trimmed, from);
    return p;
  };
  while (!rest.empty()) {
    const std::size_t best = level_at(rest);
    std::string_view piece;
    if (best) {
      piece = rest.substr(0, best);
      rest.remove_prefix(best);
    } else {
      std::size_t p = next_sep(rest, 0);
      // Past the known options, what no known option follows is one answer:
      // Google's "Other" text, commas and all.
      bool known_later = false;
      for (std::size_t q = p; !levels.empty() && q != std::string_view::npos && !known_later;
           q = next_sep(rest, q + 1)) {
        std::size_t skip = rest.compare(q, sep.size(), sep) == 0 ? sep.size() : sep_trimmed.size();
        known_later = level_at(trim(rest.substr(q + skip))) > 0;
      }
      if (!levels.empty() && !known_later) p = std::string_view::npos;
      piece = rest.substr(0, p);
      rest.remove_prefix(p == std::string_view::npos ? rest.size() : p);
    }
    rest = trim(rest);
    if (rest.starts_with(sep)) rest.remove_prefix(sep.size());
    else if (!sep_trimmed.empty() && rest.starts_with(sep_trimmed)) rest.remove_prefix(sep_trimmed.size());
    rest = trim(rest);
    std::string p(trim(piece));
    if (!p.empty()) add_unique(parts, std::move(p));
  }
  return parts;
}

namespace {

std::string member_id(const std::string& base_id, const std::string& option) {
  std::string option_slug = question_id_from_header(option);
  if (option_slug.size() > 1 && option_slug[0] == 'q' && is_digit(option_slug[1])) option_slug.erase(0, 1);
  return base_id + "_" + option_slug;
}

}  // namespace

std::vector<Selectable> header_selectables(const std::vector<std::string>& header) {
  std::vector<Selectable> items;
  IdAllocator unique;
  std::vector<std::string> member(header.size());
  std::vector<bool> summary(header.size(), false);
  for (const auto& g : find_column_groups(header)) {
    std::string base_id = question_id_from_header(g.base);
    std::vector<std::size_t> columns = g.columns;
    if (g.summary) {
      columns.push_back(*g.summary);
      summary[*g.summary] = true;
    }
    items.push_back(Selectable{unique(base_id), g.base, columns});
    for (std::size_t k = 0; k < g.columns.size(); ++k) member[g.columns[k]] = member_id(base_id, g.options[k]);
  }
  for (std::size_t j = 0; j < header.size(); ++j) {
    if (summary[j]) continue;
    items.push_back(Selectable{unique(member[j].empty() ? question_id_from_header(header[j]) : member[j]), header[j], {j}});
  }
  return items;
}

std::vector<ColumnProfile> profile_columns(const Counts& counts, const std::vector<std::string>& header) {
  std::vector<ColumnProfile> out;
  for (const auto& c : counts.columns) {
    ColumnProfile p;
    p.header = header[c.column];
    p.index = c.column;
    p.rows = counts.rows;
    p.overflowed = c.overflowed;
    for (std::size_t v = 0; v < c.values.size(); ++v) {
      std::uint64_t n = c.total(v);
      if (c.values[v].empty() || n == 0) continue;
      p.values.push_back(ValueCount{c.values[v], n});
      p.non_empty += n;
    }
    for (auto n : c.overflow) p.non_empty += n;
    std::stable_sort(p.values.begin(), p.values.end(),
                     [](const ValueCount& a, const ValueCount& b) { return a.count > b.count; });
    out.push_back(std::move(p));
  }
  return out;
}

Codebook infer_codebook(CsvReader& reader, Diagnostics& notes) {
  const auto& header = reader.header();
  std::vector<std::size_t> columns(header.size());
  for (std::size_t j = 0; j < header.size(); ++j) columns[j] = j;
  Tally tally(columns, std::nullopt, {});
  RawRow row;
  while (reader.next_raw(row)) tally.add(row);
  Counts counts = tally.finish(reader);
  return infer_codebook(profile_columns(counts, header), reader.info().format, notes);
}

Codebook infer_codebook(const std::vector<ColumnProfile>& columns, Format format, Diagnostics& notes) {
  if (!columns.empty() && columns.front().rows == 0)
    notes.push_back(Warning{"", 0, "no responses: types inferred from the header alone"});
  Codebook cb;
  cb.source = "inferred";
  std::vector<std::string> header;
  for (const auto& c : columns) header.push_back(c.header);
  std::vector<std::optional<CodebookEntry>> entries(columns.size());
  IdAllocator unique_id;
  auto note = [&](std::string message) { notes.push_back(Warning{"", 0, std::move(message)}); };

  // 1. Option-column groups (one column per option of a multi-select).
  std::vector<bool> grouped(columns.size(), false);
  std::vector<std::string> group_member_id(columns.size());
  for (const auto& g : find_column_groups(header)) {
    std::vector<std::size_t> ticks;
    for (std::size_t k = 0; k < g.columns.size(); ++k) {
      const ColumnProfile& c = columns[g.columns[k]];
      bool option_like = !c.overflowed && c.values.size() <= 2;
      for (const auto& vc : c.values)
        if (!is_tick(vc.value, g.options[k]) && !is_untick(vc.value)) option_like = false;
      if (option_like) ticks.push_back(k);
    }
    std::string base_id = question_id_from_header(g.base);
    if (ticks.size() >= 2) {
      std::string id = unique_id(base_id);
      for (std::size_t k : ticks) {
        std::size_t j = g.columns[k];
        CodebookEntry e;
        e.id = id;
        e.column = columns[j].header;
        e.label = g.base;
        e.type = QuestionType::Multi;
        e.levels = {Level{g.options[k], std::nullopt}};
        e.multi_sep = std::string(kOptionColumns);
        entries[j] = std::move(e);
        grouped[j] = true;
      }
      if (g.summary && !grouped[*g.summary]) {
        CodebookEntry e;
        e.id = unique_id(base_id + "_summary");
        e.column = columns[*g.summary].header;
        e.label = g.base;
        e.type = QuestionType::Ignore;
        entries[*g.summary] = std::move(e);
        grouped[*g.summary] = true;
        note(fmt::format("column \"{}\" repeats the option columns of {} in one cell: ignored", g.base, id));
      }
    }
    // Other columns of the group (grid rows, "Other (please specify)"): ids under the base.
    for (std::size_t k = 0; k < g.columns.size(); ++k)
      if (!grouped[g.columns[k]]) group_member_id[g.columns[k]] = member_id(base_id, g.options[k]);
  }

  // 2. Each remaining column on its own.
  std::vector<bool> other_text(columns.size(), false);
  for (const auto& g : find_column_groups(header))
    for (std::size_t k = 0; k < g.columns.size(); ++k)
      if (!grouped[g.columns[k]] && header_mentions(g.options[k], {"autre", "other", "precise", "specify"}))
        other_text[g.columns[k]] = true;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    if (grouped[j]) continue;
    const ColumnProfile& c = columns[j];
    CodebookEntry e;
    e.id = unique_id(group_member_id[j].empty() ? question_id_from_header(c.header) : group_member_id[j]);
    e.column = c.header;
    e.label = c.header;
    auto done = [&](QuestionType t) {
      e.type = t;
      entries[j] = e;
    };
    if (c.rows == 0) {
      // No responses (a form on the day it opens): the header is all there is.
      if (header_is(c.header, kIdHeaders))
        done(QuestionType::Id);
      else if (header_is(c.header, kTimeHeaders))
        done(QuestionType::Datetime);
      else if (header_is(c.header, kMetadataHeaders))
        done(QuestionType::Ignore);
      else
        done(QuestionType::Text);
      continue;
    }
    if (c.non_empty == 0) {
      note(fmt::format("{} (\"{}\") is empty for everyone: ignored", e.id, c.header));
      done(QuestionType::Ignore);
      continue;
    }
    // Missing tokens.
    std::vector<ValueCount> values;
    for (const auto& vc : c.values) {
      if (is_missing_token(vc.value)) add_unique(e.missing, vc.value);
      else values.push_back(vc);
    }
    if (!e.missing.empty())
      note(fmt::format("{}: read {} as no answer", e.id, fmt::join(e.missing, ", ")));
    std::uint64_t answered = 0;
    for (const auto& vc : values) answered += vc.count;
    std::size_t distinct = values.size();
    bool all_unique = !c.overflowed && distinct == answered;

    // Identifiers and timestamps.
    bool id_header = header_is(c.header, kIdHeaders);
    std::size_t dates = 0, numbers = 0, integers = 0;
    double min = 0, max = 0, length = 0;
    bool first_number = true;
    for (const auto& vc : values) {
      length += static_cast<double>(vc.value.size()) * static_cast<double>(vc.count);
      if (parse_datetime(vc.value)) ++dates;
      if (auto v = parse_number(vc.value)) {
        ++numbers;
        if (*v == std::floor(*v)) ++integers;
        if (first_number || *v < min) min = *v;
        if (first_number || *v > max) max = *v;
        first_number = false;
      }
    }
    double mean_length = answered ? length / static_cast<double>(answered) : 0;
    if (id_header && (all_unique || c.overflowed || numbers == distinct)) {
      done(QuestionType::Id);
      continue;
    }
    // Platform metadata that is neither an id nor a timestamp.
    if (header_is(c.header, kMetadataHeaders)) {
      done(QuestionType::Ignore);
      continue;
    }
    if (distinct > 0 && dates * 100 >= distinct * 95) {
      if (dates != distinct) note(fmt::format("{}: {} values are not dates", e.id, distinct - dates));
      done(QuestionType::Datetime);
      continue;
    }
    if (distinct > 0 && numbers == distinct) {
      bool nps_hint = header_mentions(c.header, {"recommand", "recommend", "nps", "probabilit", "likely", "0 a 10",
                                                 "0-10", "de 0 a 10", "sur 10"});
      if (integers == distinct && min >= 0 && max <= 10 && (nps_hint || (min == 0 && max == 10))) {
        for (int k = 0; k <= 10; ++k) e.levels.push_back(Level{std::to_string(k), static_cast<double>(k)});
        done(QuestionType::Nps);
        continue;
      }
      if (all_unique && distinct >= 5 && c.index == 0) {
        done(QuestionType::Id);
        continue;
      }
      if (integers == distinct && min >= 0 && max <= 10 && max - min <= 9 && distinct >= 2) {
        for (int k = static_cast<int>(min); k <= static_cast<int>(max); ++k)
          e.levels.push_back(Level{std::to_string(k), static_cast<double>(k)});
        done(QuestionType::Likert);
        continue;
      }
      done(QuestionType::Numeric);
      continue;
    }
    if (all_unique && distinct >= 5 && mean_length <= 40 && c.index == 0) {
      done(QuestionType::Id);
      continue;
    }
    // Known scales, in their order.
    std::vector<std::string> names;
    for (const auto& vc : values) names.push_back(vc.value);
    if (auto scale = match_scale(names)) {
      int score = 1;
      for (const auto& level : scale->levels) {
        Level l{level, std::nullopt};
        if (scale->ordered) l.score = score++;
        e.levels.push_back(std::move(l));
      }
      if (scale->ordered) {
        std::string assumed;
        if (!scale->assumed.empty())
          assumed =
              fmt::format("; {} assumed (nobody answered {})", fmt::join(scale->assumed, ", "),
                          scale->assumed.size() == 1 ? "it" : "them");
        note(fmt::format("{}: {}, scored 1 to {}{}", e.id, describe_scale(*scale), e.levels.size(),
                         assumed));
      }
      done(scale->ordered ? QuestionType::Likert : QuestionType::Single);
      continue;
    }
    bool line_breaks = false;
    std::size_t longest = 0;
    for (const auto& vc : values) {
      line_breaks = line_breaks || vc.value.find('\n') != std::string::npos;
      longest = std::max(longest, vc.value.size());
    }
    bool comment_header = header_mentions(c.header, {"comment", "suggestion", "remarque", "precise", "precisez",
                                                     "pourquoi", "why", "specify", "points positifs",
                                                     "marges de progres", "ameliorer", "improve", "avis libre",
                                                     "expression libre", "verbatim", "message", "observations"});
    if (c.overflowed || other_text[j] || (comment_header && distinct >= 2) || line_breaks || longest > 120) {
      done(QuestionType::Text);
      continue;
    }
    ColumnProfile answered_values = c;
    answered_values.values = values;
    if (auto packing = detect_packing(answered_values)) {
      e.multi_sep = packing->sep;
      e.levels = packing->levels;
      for (const auto& joined : packing->joined)
        note(fmt::format(
            "{}: \"{}\" read as one option: it holds the separator \"{}\", its parts never come "
            "apart and it never comes alone; if it is two options, make it two levels",
            e.id, joined, packing->sep));
      done(QuestionType::Multi);
      continue;
    }
    if (mean_length > 40 || (distinct > 20 && distinct * 2 > answered) ||
        (distinct >= 5 && distinct == answered && mean_length > 15)) {
      done(QuestionType::Text);
      continue;
    }
    if (distinct > 30) note(fmt::format("{}: {} distinct answers; read as single choice", e.id, distinct));
    for (const auto& vc : values) e.levels.push_back(Level{vc.value, std::nullopt});
    done(QuestionType::Single);
  }
  (void)format;
  for (auto& e : entries)
    if (e) cb.entries.push_back(std::move(*e));
  return cb;
}

}  // namespace survey
