// survey weight: rakes the respondents to population margins (iterative
// proportional fitting on one or more variables) and writes the input as
// canonical CSV with a weight column appended; a report of the fit on
// stderr. The input is read twice (standard input through a temporary
// copy): once to count the raking cells, once to write the weights.
#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <optional>

#include "survey/count/scan.hpp"
#include "survey/count/tally.hpp"
#include "survey/model/codebook.hpp"
#include "survey/model/infer.hpp"
#include "survey/model/select.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/read/text.hpp"
#include "survey/render/output.hpp"
#include "survey/stats/raking.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey weight export.csv --targets margins.csv > weighted.csv
  survey weight export.csv --targets margins.csv --trim-ratio 5 --name poids -o weighted.csv
  survey weight export.csv --targets margins.csv --weight design_weight --max-iter 200
  survey weight export.csv --targets margins.csv | survey freq - q7 --weight weight --format md

A margins file has one line per category: variable,category,target (counts, or shares adding up to
1 per variable); see docs/formats.md.)EX";

struct Options {
  InputOptions input;
  std::string targets;
  std::string codebook;
  std::string name = "weight";
  std::string weight;
  OutputOptions output;
  double tolerance = 1e-10;
  int max_iter = 1000;
  std::optional<double> trim_min, trim_max, trim_ratio;
};

std::vector<Selectable> question_items(const std::vector<Question>& questions) {
  std::vector<Selectable> items;
  for (const auto& q : questions) items.push_back(Selectable{q.id, q.label, q.columns});
  return items;
}

RakingOptions raking_options(const Options& o) {
  RakingOptions r;
  if (!(o.tolerance > 0 && o.tolerance < 1))
    throw usage_error("--tolerance must be a number between 0 and 1 (exclusive)",
                      "the default is 1e-10");
  r.tolerance = o.tolerance;
  if (o.max_iter < 1 || o.max_iter > 1000000)
    throw usage_error("--max-iter must be a whole number from 1 to 1000000");
  r.max_iterations = o.max_iter;
  if (o.trim_min && !(std::isfinite(*o.trim_min) && *o.trim_min >= 0))
    throw usage_error("--trim-min must be a number of 0 or more");
  if (o.trim_max && !(std::isfinite(*o.trim_max) && *o.trim_max > 0))
    throw usage_error("--trim-max must be a positive number");
  if (o.trim_min && o.trim_max && !(*o.trim_min < *o.trim_max))
    throw usage_error("--trim-min must be below --trim-max");
  if (o.trim_ratio && !(std::isfinite(*o.trim_ratio) && *o.trim_ratio > 1))
    throw usage_error("--trim-ratio must be a number above 1",
                      "5 keeps every weight between a fifth and five times the mean");
  if (o.trim_ratio && (o.trim_min || o.trim_max))
    throw usage_error("--trim-ratio cannot be combined with --trim-min or --trim-max",
                      "give bounds one way");
  r.min = o.trim_min;
  r.max = o.trim_max;
  r.ratio = o.trim_ratio;
  return r;
}

std::string variables_text(const Margins& m) {
  std::vector<std::string> parts;
  for (const auto& v : m.variables)
    parts.push_back(fmt::format("{} ({} categor{})", v.name, v.targets.size(),
                                v.targets.size() == 1 ? "y" : "ies"));
  if (parts.size() == 1) return parts[0];
  std::string last = parts.back();
  parts.pop_back();
  return fmt::format("{} and {}", fmt::join(parts, ", "), last);
}

std::string short_number(double x) {
  if (x == std::floor(x) && std::fabs(x) < 1e15)
    return fmt::format("{}", static_cast<long long>(x));
  return fmt::format("{:.6g}", x);
}

int run(const std::string& program, const Options& o) {
  const RakingOptions raking = raking_options(o);
  if (o.targets.empty())
    throw usage_error("--targets is required", "give the margins file (variable,category,target)");
  if (trim(o.name).empty()) throw usage_error("--name must not be empty");
  ReaderOptions reader_options = o.input.reader_options();

  // Read twice: standard input goes through a temporary copy.
  const RereadableInput input(o.input.path);
  const std::string& path = input.path();
  auto open = [&] { return input.open(); };

  CsvReader first(open(), reader_options);
  const auto header = first.header();
  Diagnostics warnings;
  std::vector<Selectable> items;
  if (!o.codebook.empty())
    items = question_items(build_questions(read_codebook(o.codebook), header, warnings));
  else
    items = header_selectables(header);
  for (const auto& h : header)
    if (h == o.name)
      throw usage_error(fmt::format("--name {}: the input already has a column \"{}\"", o.name, h),
                        "choose another name for the weight column");
  std::optional<std::size_t> base_column;
  if (!o.weight.empty()) base_column = select_column(items, header, o.weight, "--weight");
  Raker raker(read_margins(o.targets, items, header), first.info().name);

  ScanOptions scan;
  scan.threads = o.input.threads;
  ProgressMeter progress(program, first.input_size(), o.input.quiet);
  scan.progress = progress.callback();
  auto base_of = [&](const Row& row, const CsvReader& reader) {
    if (!base_column) return 1.0;
    return parse_weight(row[*base_column], header[*base_column], reader.info().name, row.line());
  };
  try {
    for_each_row(
        first, path, [&](const Row& row) { raker.add(row, base_of(row, first)); }, scan);
  } catch (...) {
    progress.finish();
    print_warnings(program, first.warnings());
    throw;
  }
  progress.finish();

  Output out = o.output.open();
  CsvWriter writer(out);
  for (const auto& h : header) writer.field(h);
  writer.field(o.name);
  writer.end_row();
  if (first.stats().records == 0) {
    out.commit();
    report_read(program, first, o.input.quiet);
    print_warnings(program, warnings);
    if (!o.input.quiet) eprint("{}: 0 rows: nothing to weight\n", program);
    return 0;
  }
  const RakingReport report = raker.solve(raking);
  if (!report.converged)
    throw data_error(
        fmt::format(
            "raking did not converge in {} iteration{}: a margin is still {} of the total from "
            "its target",
            report.iterations, report.iterations == 1 ? "" : "s", short_number(report.gap)),
        "", 0,
        report.min_bound || report.max_bound
            ? "loosen the trimming bounds, raise --max-iter or --tolerance"
            : "raise --max-iter or --tolerance, or merge sparse categories");

  // Second reading: the rows with their weights.
  CsvReader second(open(), reader_options);
  ScanOptions quiet_scan;
  quiet_scan.threads = o.input.threads;
  std::string text;
  for_each_row(
      second, path,
      [&](const Row& row) {
        for (auto v : row.values()) writer.field(v);
        text = fmt::format("{}", raker.weight(row, base_of(row, second)));
        writer.field(text);
        writer.end_row();
      },
      quiet_scan);
  out.commit();

  report_read(program, first, o.input.quiet);
  print_warnings(program, warnings);
  if (!o.input.quiet) {
    eprint("{}: raked {} rows on {}: converged in {} iteration{} (largest gap {} of the total)\n",
        program, report.rows, variables_text(raker.margins()), report.iterations,
        report.iterations == 1 ? "" : "s", short_number(report.gap));
    std::string bounds;
    if (report.min_bound || report.max_bound)
      bounds = fmt::format("; trimmed to [{}, {}]{}: {} row{} at a bound",
                           short_number(report.min_bound.value_or(0)),
                           report.max_bound ? short_number(*report.max_bound) : std::string("inf"),
                           base_column ? " times the starting weight" : "", report.trimmed_rows,
                           report.trimmed_rows == 1 ? "" : "s");
    eprint("{}: weights from {} to {}, total {}; design effect {} (1 + CV²), effective base {}{}\n",
        program, short_number(report.min_weight), short_number(report.max_weight),
        short_number(report.total), fmt::format("{:.3f}", report.design_effect),
        fmt::format("{:.1f}", report.effective_base), bounds);
  }
  return 0;
}

}  // namespace

int weight_main(const std::string& program, int argc, char** argv) {
  Options o;
  CLI::App app{
      "Rake the respondents to population margins (iterative proportional fitting on one or more "
      "variables): write the input with a weight column appended, and a report of the fit on "
      "stderr.",
      program};
  app.add_option("file", o.input.path, "Export to read (- or nothing: standard input)");
  app.add_option("--targets", o.targets,
                 "Margins CSV: variable,category,target (counts, or shares adding up to 1)")
      ->required();
  app.add_option("--name", o.name, "Name of the weight column appended")->capture_default_str();
  app.add_option("--weight", o.weight,
                 "Start from this column's weights (design weights) instead of 1");
  app.add_option("--tolerance", o.tolerance,
                 "Stop when every margin is within this share of the total from its target")
      ->capture_default_str();
  app.add_option("--max-iter", o.max_iter, "At most this many passes over the variables")
      ->capture_default_str();
  app.add_option(
      "--trim-min", o.trim_min,
      "No weight below this (with --weight: no weight below this times the starting weight)");
  app.add_option("--trim-max", o.trim_max,
                 "No weight above this (with --weight: ... times the starting weight)");
  app.add_option("--trim-ratio", o.trim_ratio,
                 "Keep every weight between mean/R and mean*R (R > 1)");
  app.add_option("--codebook", o.codebook, "Codebook CSV, to name variables by question id");
  add_output_options(app, o.output);
  add_input_options(app, o.input);
  add_threads_option(app, o.input);
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, o); });
}

}  // namespace survey::tools
