// survey codebook: infer a codebook from the data (types, scale order,
// multi-select packing, missing tokens, short ids) and write it as CSV for
// people to check and edit; what was uncertain goes to stderr.
#include <fmt/format.h>

#include <optional>

#include "survey/model/codebook.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/model/infer.hpp"
#include "survey/render/output.hpp"
#include "survey/count/scan.hpp"
#include "survey/count/tally.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey codebook export.csv > codebook.csv       infer, then edit in a spreadsheet
  survey codebook export.csv -o codebook.csv
  survey freq export.csv --codebook codebook.csv
  survey codebook new-export.csv --codebook codebook.csv -o codebook.csv
                                     keep your entries, infer new columns)EX";

struct Options {
  InputOptions input;
  OutputOptions output;
  std::string codebook;
};

int run(const std::string& program, const Options& o) {
  // The codebook first: a mistake in it shows before the data is read, and
  // `-o` may name the same file.
  std::optional<Codebook> given;
  if (!o.codebook.empty()) given = read_codebook(o.codebook);
  CsvReader reader(open_input(o.input.path), o.input.reader_options());
  Diagnostics notes;
  Codebook cb;
  try {
    ScanOptions scan;
    scan.threads = o.input.threads;
    ProgressMeter progress(program, reader.input_size(), o.input.quiet);
    scan.progress = progress.callback();
    cb = infer_codebook(reader, o.input.path, scan, notes);
  } catch (...) {
    print_warnings(program, reader.warnings());
    throw;
  }
  Diagnostics warnings;
  if (given) cb = update_codebook(*given, cb, reader.header(), warnings, notes);
  Output out = o.output.open();
  write_codebook(out, cb);
  out.commit();
  report_read(program, reader, o.input.quiet);
  print_warnings(program, warnings);
  for (const auto& n : notes) eprint("{}: note: {}\n", program, n.message);
  return 0;
}

}  // namespace

int codebook_main(const std::string& program, int argc, char** argv) {
  Options o;
  CLI::App app{"Infer a codebook from the data: an id, label, type, ordered levels, multi-select packing and "
               "missing tokens for each column. Check it, edit it, and pass it to the other verbs with --codebook.",
               program};
  app.add_option("file", o.input.path, "Export to read (- or nothing: standard input)");
  app.add_option("--codebook", o.codebook,
                 "Bring this codebook up to date: keep its entries for the data's columns, infer the new ones, "
                 "leave out (with a warning) those no longer in the data");
  add_output_options(app, o.output);
  add_input_options(app, o.input);
  add_threads_option(app, o.input);
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, o); });
}

}  // namespace survey::tools
