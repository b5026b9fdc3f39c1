// survey merge: adds up summary CSVs (of shards of one export, of regional
// chambers, of weeks) on their keys and recomputes bases and percentages,
// so that freq on shards then merge gives what freq gives on the whole.
#include "survey/count/merge.hpp"

#include <fmt/format.h>

#include "survey/count/summary_reader.hpp"
#include "survey/render/output.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey merge north.csv south.csv > national.csv        summaries of two chambers
  survey merge week-*.csv | survey render --lang fr        a month from four weeks
  split -n l/4 export.csv part-   (keep the header in each part), then:
  for p in part-*; do survey freq $p --codebook cb.csv > $p.sum; done; survey merge part-*.sum)EX";

struct Options {
  std::vector<std::string> files;
  OutputOptions output;
  bool sum_to_100 = false;
  bool quiet = false;
};

int run(const std::string& program, const Options& o) {
  std::size_t stdin_uses = 0;
  for (const auto& f : o.files) stdin_uses += f == "-";
  if (stdin_uses > 1) throw usage_error("standard input (-) can be read only once");
  std::vector<SummaryFile> files;
  for (const auto& f : o.files) files.push_back(read_summary(f));
  MergeOptions options;
  options.sum_to_100 = o.sum_to_100;
  Diagnostics warnings;
  SummaryColumns columns;
  std::vector<SummaryRecord> merged = merge_summaries(files, options, columns, warnings);
  Output out = o.output.open();
  write_summary_records(out, merged, columns);
  out.commit();
  print_warnings(program, warnings);
  if (!o.quiet)
    eprint("{}: {} files merged, {} rows\n", program, files.size(), merged.size());
  return 0;
}

}  // namespace

int merge_main(const std::string& program, int argc, char** argv) {
  Options o;
  CLI::App app{
      "Add up summary CSVs (freq's output) of shards, chambers or weeks: counts and bases are "
      "summed on (question, by, group, answer, kind), percentages recomputed.",
      program};
  app.add_option("files", o.files, "Summary CSVs to add up (- : standard input, once)")->required();
  app.add_flag(
      "--sum-to-100", o.sum_to_100,
      "Round single-choice tables to add up to 100, as freq --sum-to-100 (the inputs must be too)");
  add_output_options(app, o.output);
  app.add_flag("-q,--quiet", o.quiet, "Print no summary on stderr (warnings still print)");
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, o); });
}

}  // namespace survey::tools
