// survey ingest: any questionnaire export in, canonical CSV out (UTF-8
// without BOM, ',', LF, one header row, trimmed values, quotes only where
// needed), with a one-line summary of what was read on stderr. With a
// codebook, its missing tokens are written as empty cells.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "survey/model/codebook.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/render/output.hpp"
#include "survey/count/scan.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"(Examples:
  survey ingest export.csv > clean.csv
  survey ingest --format surveymonkey responses.csv -o clean.csv
  survey ingest --encoding windows-1252 --delimiter ';' excel.csv
  cat export.csv | survey ingest - | survey freq - q1
  survey ingest export.csv --codebook codebook.csv   codebook's missing tokens -> empty cells
  survey ingest export.csv --excel -o clean.csv      for Excel in a French locale)";

struct Options {
  InputOptions input;
  OutputOptions output;
  std::string codebook;
};

int run(const std::string& program, const Options& options) {
  std::optional<Codebook> codebook;
  if (!options.codebook.empty()) codebook = read_codebook(options.codebook);
  CsvReader reader(open_input(options.input.path), options.input.reader_options());
  // The columns whose codebook entry lists missing tokens.
  Diagnostics warnings;
  std::vector<const Question*> blank_when(reader.header().size(), nullptr);
  std::vector<Question> questions;
  if (codebook) {
    questions = build_questions(*codebook, reader.header(), warnings);
    for (const auto& q : questions)
      if (!q.missing.empty())
        for (std::size_t c : q.columns) blank_when[c] = &q;
  }
  const bool blanking = std::any_of(blank_when.begin(), blank_when.end(), [](auto* q) { return q != nullptr; });
  std::uint64_t blanked = 0;
  std::vector<std::string_view> values;
  Output out = options.output.open();
  CsvWriter writer(out);
  writer.row(reader.header());
  ScanOptions scan;
  scan.threads = options.input.threads;
  ProgressMeter progress(program, reader.input_size(), options.input.quiet);
  scan.progress = progress.callback();
  try {
    for_each_row(
        reader, options.input.path,
        [&](const Row& row) {
          if (!blanking) {
            writer.row(row.values());
            return;
          }
          values.assign(row.values().begin(), row.values().end());
          for (std::size_t j = 0; j < values.size(); ++j)
            if (blank_when[j] && !values[j].empty() && is_missing_answer(*blank_when[j], values[j])) {
              values[j] = {};
              ++blanked;
            }
          writer.row(values);
        },
        scan);
    progress.finish();
  } catch (...) {
    progress.finish();
    print_warnings(program, reader.warnings());
    throw;
  }
  out.commit();
  report_read(program, reader, options.input.quiet);
  print_warnings(program, warnings);
  if (codebook && !options.input.quiet)
    eprint("{}: {} missing token{} written as empty cells\n", program, blanked, blanked == 1 ? "" : "s");
  return 0;
}

}  // namespace

int ingest_main(const std::string& program, int argc, char** argv) {
  Options options;
  CLI::App app{"Read a questionnaire export (any platform, encoding or delimiter) and write it as "
               "canonical CSV: UTF-8, ',', LF, one header row, trimmed values.",
               program};
  app.add_option("file", options.input.path, "Export to read (- or nothing: standard input)");
  app.add_option("--codebook", options.codebook,
                 "Write the codebook's missing tokens (its `missing` column) as empty cells");
  add_output_options(app, options.output);
  add_input_options(app, options.input, /*format_alias=*/true);
  add_threads_option(app, options.input);
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, options); });
}

}  // namespace survey::tools
