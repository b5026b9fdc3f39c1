// survey trend: summary CSVs of several periods side by side, each row's
// percentage per period, the change in points from the previous period and
// the two-proportion z-test of that change (stats/trend.hpp), as a long CSV
// or Markdown (render/trend.hpp).
#include "survey/stats/trend.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "survey/count/summary_reader.hpp"
#include "survey/model/codebook.hpp"
#include "survey/render/output.hpp"
#include "survey/render/trend.hpp"
#include "survey/stats/proportion.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey trend --label W26 w26.csv --label W27 w27.csv --format md     two weeks, Markdown
  survey trend 2020-03.csv 2020-04.csv 2020-05.csv > trend.csv       labels: the file stems
  survey trend --label avant a.csv --label après b.csv --format md --lang fr
  survey trend a.csv b.csv --alpha 0.01 --bonferroni --excel -o trend.csv)EX";

struct Options {
  std::vector<std::string> files;
  std::vector<std::string> labels;
  double alpha = 0.05;
  bool bonferroni = false;
  std::string format = "csv";
  std::string lang = "en";
  std::string codebook;
  bool decimal_comma = false;
  OutputOptions output;
  bool quiet = false;
};

// Each file's label: the --label given just before it, else its stem.
std::vector<std::string> file_labels(const CLI::App& app, const Options& o) {
  const CLI::Option* label_opt = app.get_option("--label");
  const CLI::Option* files_opt = app.get_option("files");
  std::vector<std::string> out;
  std::size_t li = 0, fi = 0;
  std::optional<std::string> pending;
  for (const CLI::Option* opt : app.parse_order()) {
    if (opt == label_opt) {
      if (pending)
        throw usage_error(fmt::format("--label {} is not followed by a file", *pending),
                          "write --label NAME FILE for each labelled file");
      pending = o.labels.at(li++);
    } else if (opt == files_opt && fi < o.files.size()) {
      const std::string& f = o.files[fi++];
      out.push_back(pending ? *pending
                    : f == "-" ? std::string("stdin")
                               : std::filesystem::path(f).stem().string());
      pending.reset();
    }
  }
  if (pending)
    throw usage_error(fmt::format("--label {} is not followed by a file", *pending),
                      "write --label NAME FILE for each labelled file");
  std::set<std::string> seen;
  for (const auto& l : out)
    if (!seen.insert(l).second)
      throw usage_error(fmt::format("two periods are labelled \"{}\"", l), "give each file its own --label");
  return out;
}

int run(const std::string& program, const CLI::App& app, const Options& o) {
  if (o.format != "csv" && o.format != "md")
    throw usage_error(fmt::format("unknown --format \"{}\"", o.format), "use csv or md");
  check_probability_option(o.alpha, "--alpha");
  RenderOptions render = render_options(o.lang, o.decimal_comma, false);
  if (!o.codebook.empty())
    for (const auto& e : read_codebook(o.codebook).entries) render.labels.emplace(e.id, e.label);
  std::size_t stdin_uses = 0;
  for (const auto& f : o.files) stdin_uses += f == "-";
  if (stdin_uses > 1) throw usage_error("standard input (-) can be read only once");
  std::vector<std::string> labels = file_labels(app, o);
  if (o.files.empty()) throw usage_error("no summary file given", "survey trend A.csv B.csv");
  Output out = o.output.open(o.format == "csv");
  std::vector<SummaryFile> files;
  for (const auto& f : o.files) files.push_back(read_summary(f));
  TrendOptions options;
  options.alpha = o.alpha;
  options.bonferroni = o.bonferroni;
  Diagnostics warnings;
  Trend trend = build_trend(labels, files, options, warnings);
  if (o.format == "csv")
    write_trend_csv(out, trend);
  else
    out.write(render_trend_markdown(trend, render));
  out.commit();
  print_warnings(program, warnings);
  if (!o.quiet) {
    std::size_t significant = 0;
    for (const auto& r : trend.rows)
      for (const auto& c : r.cells) significant += c.significant;
    eprint("{}: {} {}, {} rows, {} changes tested, {} significant\n", program, files.size(),
           files.size() == 1 ? "period" : "periods", trend.rows.size(), trend.tests, significant);
  }
  return 0;
}

}  // namespace

int trend_main(const std::string& program, int argc, char** argv) {
  Options o;
  CLI::App app{
      "Put summary CSVs of several periods (weeks, months) side by side: each answer's percentage "
      "per period, the change in points from the previous period, marked when a two-proportion "
      "z-test finds it significant.",
      program};
  app.add_option("files", o.files, "Summary CSVs (freq's output), oldest first (- : standard input, once)");
  app.add_option("--label", o.labels,
                 "Name of the period of the file that follows (default: the file's stem)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--alpha", o.alpha, "Significance level of the tests, between 0 and 1")
      ->check(decimal_number(0, 1))
      ->capture_default_str();
  app.add_flag("--bonferroni", o.bonferroni,
               "Multiply each p-value by the number of changes tested (fewer false alarms)");
  app.add_option("--format", o.format, "Output: csv (long, one row per answer and period) or md")
      ->capture_default_str();
  app.add_option("--lang", o.lang,
                 "Words of the Markdown output: en or fr (fr implies --decimal-comma)")
      ->capture_default_str();
  app.add_option("--codebook", o.codebook,
                 "Codebook CSV: labels for the headings of --by questions the summaries do not hold");
  app.add_flag("--decimal-comma", o.decimal_comma, "Print 75,7 instead of 75.7 in Markdown");
  add_output_options(app, o.output);
  app.add_flag("-q,--quiet", o.quiet, "Print no summary on stderr (warnings still print)");
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, app, o); });
}

}  // namespace survey::tools
