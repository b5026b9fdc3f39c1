// survey recode: new values for the answers of some columns, from a MAP.csv
// (column,from,to), --collapse specifications or a built-in --preset (French
// postal codes, départements and old region names to the 18 regions), as
// canonical CSV. Values no rule covers are kept and listed on stderr.
#include "survey/model/recode.hpp"

#include <fmt/format.h>

#include "survey/model/codebook.hpp"
#include "survey/model/infer.hpp"
#include "survey/model/select.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/read/text.hpp"
#include "survey/render/output.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey recode export.csv --map map.csv                     map.csv: column,from,to
  survey recode export.csv --collapse 'q7:Satisfait|Très satisfait=Satisfaits' \
                           --collapse 'q7:Insatisfait|Peu satisfait=Insatisfaits'
  survey recode export.csv --preset fr-regions               every postal code, département or region column
  survey recode export.csv --preset 'fr-regions:Code postal' | survey freq - q7 --by 'Code postal')EX";

struct Options {
  InputOptions input;
  OutputOptions output;
  std::string codebook;
  std::vector<std::string> maps;
  std::vector<std::string> collapses;
  std::vector<std::string> presets;
};

bool resolves_any(std::string_view spec, const std::function<bool(std::string_view)>& resolves) {
  for (std::size_t i = spec.find(':'); i != std::string_view::npos; i = spec.find(':', i + 1))
    if (resolves(trim(spec.substr(0, i)))) return true;
  return false;
}

int run(const std::string& program, const Options& o) {
  std::optional<Codebook> codebook;
  if (!o.codebook.empty()) codebook = read_codebook(o.codebook);
  std::vector<std::vector<RecodeRule>> maps;
  for (const auto& m : o.maps) maps.push_back(read_recode_map(m));
  CsvReader reader(open_input(o.input.path), o.input.reader_options());
  const auto& header = reader.header();
  Diagnostics warnings;
  std::vector<Selectable> items;
  if (codebook) {
    for (const auto& q : build_questions(*codebook, header, warnings))
      items.push_back(Selectable{q.id, q.label, q.columns});
  } else {
    items = header_selectables(header);
  }
  auto find_column = [&](std::string_view name) {
    const Selectable& item = items[select_item(items, header, name)];
    if (item.columns.size() != 1)
      throw usage_error(
          fmt::format("{} spans {} columns", item.id, item.columns.size()),
          "recode one column at a time (an option column of a multi-select, by its header)");
    return item.columns[0];
  };
  auto column_of = [&](std::string_view name, const std::string& option) {
    try {
      return find_column(name);
    } catch (const Error& e) {
      throw Error(e.kind(), fmt::format("{}: {}", option, e.what()), e.file(), e.line(), e.hint());
    }
  };

  Recoding recoding;
  for (const auto& rules : maps)
    for (const auto& rule : rules) {
      std::size_t column = 0;
      try {
        column = find_column(rule.column);
      } catch (const Error& e) {
        throw data_error(e.what(), rule.source, rule.line, e.hint());
      }
      recoding.add(column, rule);
    }
  for (const auto& spec : o.collapses) {
    auto resolves = [&](std::string_view name) {
      try {
        column_of(name, "--collapse");
        return true;
      } catch (const Error&) {
        return false;
      }
    };
    // No column part names a column: say why for the first one.
    if (auto colon = spec.find(':'); colon != std::string::npos && !resolves_any(spec, resolves))
      column_of(trim(std::string_view(spec).substr(0, colon)),
                fmt::format("--collapse \"{}\"", spec));
    for (const auto& rule : parse_collapse(spec, resolves))
      recoding.add(column_of(rule.column, "--collapse"), rule);
  }
  for (const auto& p : o.presets) {
    auto colon = p.find(':');
    std::string name = p.substr(0, colon);
    auto preset = parse_preset(name);
    if (!preset) throw usage_error(fmt::format("unknown --preset \"{}\"", name), "use fr-regions");
    std::vector<std::size_t> columns;
    if (colon != std::string::npos) {
      columns.push_back(column_of(trim(std::string_view(p).substr(colon + 1)), "--preset " + p));
    } else {
      columns = preset_columns(*preset, header);
      if (columns.empty())
        throw usage_error(
            fmt::format("--preset {}: no column looks like a postal code, département or region",
                        name),
            fmt::format("name it: --preset '{}:COLUMN'", name));
    }
    for (std::size_t c : columns) recoding.add_preset(c, *preset);
  }
  if (recoding.columns().empty())
    throw usage_error("nothing to recode", "give --map, --collapse or --preset");

  const std::vector<std::size_t> columns = recoding.columns();
  UncoveredValues uncovered(1000);
  std::vector<std::uint64_t> changed(header.size(), 0);
  std::vector<std::string> recoded(header.size());
  std::vector<std::string_view> values;
  std::uint64_t rows = 0;
  Output out = o.output.open();
  CsvWriter writer(out);
  writer.row(header);
  stream_rows(
      program, reader, o.input,
      [&](const Row& row) {
        ++rows;
        values.assign(row.values().begin(), row.values().end());
        for (std::size_t c : columns) {
          if (c >= values.size()) continue;
          const auto& v = recoding.apply(c, values[c]);
          if (!v) {
            uncovered.add(c, values[c]);
            continue;
          }
          if (*v != values[c]) {
            ++changed[c];
            recoded[c] = *v;
            values[c] = recoded[c];
          }
        }
        writer.row(values);
      },
      o.input.path);
  out.commit();
  report_read(program, reader, o.input.quiet);
  print_warnings(program, warnings);
  for (const auto& r : uncovered.reports()) {
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < r.values.size() && i < 10; ++i)
      shown.push_back(fmt::format("\"{}\" ({})", r.values[i].first, r.values[i].second));
    std::string more;
    if (r.values.size() > 10 || r.more)
      more = fmt::format(" and {}{} more", r.more ? "over " : "", r.distinct - shown.size());
    eprint(
               "{}: warning: \"{}\": {} row{} with a value no rule covers, kept as {}: {}{}\n",
               program, header[r.column], r.rows, r.rows == 1 ? "" : "s",
               r.rows == 1 ? "it is" : "they are", fmt::join(shown, ", "), more);
  }
  if (!o.input.quiet) {
    std::vector<std::string> parts;
    for (std::size_t c : columns) parts.push_back(fmt::format("\"{}\" {}", header[c], changed[c]));
    eprint("{}: {} rows; values changed: {}\n", program, rows, fmt::join(parts, ", "));
  }
  return 0;
}

}  // namespace

int recode_main(const std::string& program, int argc, char** argv) {
  Options o;
  CLI::App app{
      "Give answers new values: from a map file, by collapsing answers together, or with a "
      "built-in "
      "preset; write canonical CSV.",
      program};
  app.add_option("file", o.input.path, "Export to read (- or nothing: standard input)");
  app.add_option("--map", o.maps,
                 "CSV of rules column,from,to (in `column`, `from` becomes `to`); repeatable");
  app.add_option("--collapse", o.collapses,
                 "COLUMN:A|B=NEW: answers A and B of COLUMN become NEW; repeatable");
  app.add_option(
      "--preset", o.presets,
      "fr-regions[:COLUMN]: French postal codes, départements and region names (also before 2016) "
      "become the 18 regions; repeatable");
  app.add_option("--codebook", o.codebook, "Codebook CSV: question ids to name columns by");
  add_output_options(app, o.output);
  add_input_options(app, o.input);
  add_threads_option(app, o.input);
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, o); });
}

}  // namespace survey::tools
