// survey ingest: any questionnaire export in, canonical CSV out (UTF-8
// without BOM, ',', LF, one header row, trimmed values, quotes only where
// needed), with a one-line summary of what was read on stderr.
#include <fmt/format.h>

#include "survey/csv_reader.hpp"
#include "survey/output.hpp"
#include "survey/scan.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"(Examples:
  survey ingest export.csv > clean.csv
  survey ingest --format surveymonkey responses.csv -o clean.csv
  survey ingest --encoding windows-1252 --delimiter ';' excel.csv
  cat export.csv | survey ingest - | survey freq - q1)";

struct Options {
  InputOptions input;
  std::string output;
};

int run(const std::string& program, const Options& options) {
  CsvReader reader(open_input(options.input.path), options.input.reader_options());
  Output out(options.output);
  CsvWriter writer(out);
  writer.row(reader.header());
  ScanOptions scan;
  scan.threads = options.input.threads;
  ProgressMeter progress(program, reader.input_size(), options.input.quiet);
  scan.progress = progress.callback();
  try {
    for_each_row(reader, options.input.path, [&](const Row& row) { writer.row(row.values()); }, scan);
    progress.finish();
  } catch (...) {
    progress.finish();
    print_warnings(program, reader.warnings());
    throw;
  }
  out.commit();
  report_read(program, reader, options.input.quiet);
  return 0;
}

}  // namespace

int ingest_main(const std::string& program, int argc, char** argv) {
  Options options;
  CLI::App app{"Read a questionnaire export (any platform, encoding or delimiter) and write it as "
               "canonical CSV: UTF-8, ',', LF, one header row, trimmed values.",
               program};
  app.add_option("file", options.input.path, "Export to read (- or nothing: standard input)");
  app.add_option("-o,--output", options.output, "Write to this file (atomically) instead of stdout");
  add_input_options(app, options.input, /*format_alias=*/true);
  add_threads_option(app, options.input);
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, options); });
}

}  // namespace survey::tools
