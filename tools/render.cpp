// survey render: a summary CSV (from freq, merge, or any verb writing the
// summary schema) as Markdown tables or JSON. `survey freq data.csv | survey
// render` prints what `survey freq --format md data.csv` prints: both call
// the same render_markdown() on the same rows.
#include "survey/render/render.hpp"

#include <fmt/format.h>

#include "survey/count/summary_reader.hpp"
#include "survey/model/codebook.hpp"
#include "survey/render/output.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey freq export.csv | survey render                  Markdown, as freq --format md
  survey freq export.csv --by region | survey render --lang fr --bars
  survey merge a.csv b.csv | survey render -o summary.md
  survey render summary.csv --codebook codebook.csv      labels of --by questions not tabulated)EX";

struct Options {
  std::string path = "-";
  std::string output;
  std::string codebook;
  std::string format = "md";
  std::string lang = "en";
  bool decimal_comma = false;
  bool bars = false;
  bool quiet = false;
};

int run(const Options& o) {
  if (o.format != "md" && o.format != "json")
    throw usage_error(fmt::format("unknown --format \"{}\"", o.format), "use md or json");
  RenderOptions render = render_options(o.lang, o.decimal_comma, o.bars);
  if (!o.codebook.empty())
    for (const auto& e : read_codebook(o.codebook).entries) render.labels.emplace(e.id, e.label);
  SummaryFile summary = read_summary(o.path);
  std::vector<SummaryRow> rows = summary_rows(summary.records);
  add_row_labels(render, rows);
  Output out(o.output);
  out.write(o.format == "md" ? render_markdown(rows, render) : render_json(rows));
  out.commit();
  return 0;
}

}  // namespace

int render_main(const std::string& program, int argc, char** argv) {
  Options o;
  CLI::App app{
      "Show a summary CSV (what freq and merge write) as Markdown tables: a section per "
      "question, answers in rows, groups in columns, the base shown.",
      program};
  app.add_option("file", o.path, "Summary CSV to read (- or nothing: standard input)");
  app.add_option(
      "--codebook", o.codebook,
      "Codebook CSV: labels for the headings of --by questions the summary does not hold");
  app.add_option("--format", o.format, "Output: md or json")->capture_default_str();
  app.add_option("--lang", o.lang,
                 "Words of the Markdown output: en or fr (fr implies --decimal-comma)")
      ->capture_default_str();
  app.add_flag("--decimal-comma", o.decimal_comma, "Print 75,7 instead of 75.7");
  app.add_flag("--bars", o.bars, "Add a bar column to Markdown tables");
  app.add_option("-o,--output", o.output, "Write to this file (atomically) instead of stdout");
  app.add_flag("-q,--quiet", o.quiet,
               "Accepted for symmetry with the other verbs (render prints no summary)");
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(o); });
}

}  // namespace survey::tools
