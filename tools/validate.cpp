// survey validate: check the data against the codebook before publishing:
// answers from respondents who were not asked, answers outside the declared
// levels, duplicate ids and submissions, empty columns, straight-lining,
// response rates. Exits 1 when a problem at or above --fail-on is found, so
// a cron job can stop a publication, and 3 when the check could not be made.
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "survey/model/codebook.hpp"
#include "survey/model/conditions.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/model/infer.hpp"
#include "survey/render/output.hpp"
#include "survey/count/scan.hpp"
#include "survey/count/validate.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey validate export.csv --codebook codebook.csv
  survey validate export.csv --codebook codebook.csv --fail-on warning --format csv -o checks.csv
  survey validate export.csv --codebook codebook.csv -q && survey freq export.csv --codebook codebook.csv)EX";

// The exit code when the check could not be made (unreadable or malformed
// input or codebook, a report that could not be written): 1 is for findings.
constexpr int kUnreadable = 3;

struct Options {
  InputOptions input;
  std::string codebook;
  OutputOptions output;
  std::string format = "md";
  std::string fail_on = "error";
};

int run(const std::string& program, const Options& o) {
  if (o.format != "md" && o.format != "csv")
    throw usage_error(fmt::format("unknown --format \"{}\"", o.format), "use md or csv");
  std::optional<Severity> fail_on;
  if (o.fail_on != "never") {
    fail_on = parse_severity(o.fail_on);
    if (!fail_on || *fail_on == Severity::Info)
      throw usage_error(fmt::format("unknown --fail-on \"{}\"", o.fail_on), "use error, warning or never");
  }
  ReaderOptions reader_options = o.input.reader_options();
  Output out = o.output.open(o.format == "csv");

  // The input may be read up to three times (inference without a codebook,
  // the checks, the confirmation of duplicate candidates): standard input
  // goes through a temporary copy.
  const RereadableInput input(o.input.path);
  const std::string& path = input.path();
  auto open = [&] { return input.open(); };
  std::vector<Question> questions;
  std::string codebook_name = o.codebook;
  Diagnostics warnings;
  std::vector<std::string> header;
  if (o.codebook.empty()) {
    CsvReader first(open(), reader_options);
    Diagnostics notes;
    ScanOptions scan;
    scan.threads = o.input.threads;
    Codebook inferred = infer_codebook(first, path, scan, notes);
    questions = build_questions(inferred, first.header(), warnings);
    codebook_name = "inferred";
  }
  CsvReader reader(open(), reader_options);
  header = reader.header();
  if (!o.codebook.empty()) questions = build_questions(read_codebook(o.codebook), header, warnings);

  Conditions conditions(questions, header);
  std::vector<int> bits;
  for (const auto& q : questions) bits.push_back(conditions.bit(q.base));
  Validator validator(questions, bits, header);
  ScanOptions scan;
  scan.threads = o.input.threads;
  ProgressMeter progress(program, reader.input_size(), o.input.quiet);
  scan.progress = progress.callback();
  try {
    for_each_row(reader, path, [&](const Row& row) { validator.add(row, conditions.evaluate(row)); }, scan);
    if (validator.needs_second_pass()) {
      CsvReader again(open(), reader_options);
      ScanOptions quiet_scan;
      quiet_scan.threads = o.input.threads;
      for_each_row(again, path, [&](const Row& row) { validator.add_second(row); }, quiet_scan);
    }
    progress.finish();
  } catch (...) {
    progress.finish();
    print_warnings(program, reader.warnings());
    throw;
  }
  std::vector<Finding> findings = validator.finish();

  if (o.format == "csv") write_findings_csv(out, findings);
  else out.write(render_findings_markdown(findings, reader.info().name, reader.stats().records, codebook_name));
  out.commit();
  report_read(program, reader, o.input.quiet);
  print_warnings(program, warnings);

  std::size_t failing = 0;
  for (const auto& f : findings)
    if (fail_on && f.severity >= *fail_on) ++failing;
  if (failing) {
    eprint("{}: {} problem{} at or above \"{}\"\n", program, failing, failing == 1 ? "" : "s", o.fail_on);
    return 1;
  }
  return 0;
}

}  // namespace

int validate_main(const std::string& program, int argc, char** argv) {
  Options o;
  CLI::App app{"Check the data against the codebook: answers from respondents who were not asked, answers outside "
               "the declared levels, duplicate ids and submissions, empty columns, straight-lining, response rates. "
               "Exit 0 when clean, 1 when a problem at or above --fail-on is found, 2 on bad usage, 3 when the "
               "input or the codebook cannot be read.",
               program};
  app.add_option("file", o.input.path, "Export to read (- or nothing: standard input)");
  app.add_option("--codebook", o.codebook, "Codebook CSV (types, levels, bases); inferred when absent");
  app.add_option("--format", o.format, "Report: md or csv")->capture_default_str();
  app.add_option("--fail-on", o.fail_on, "Exit 1 on problems at or above: error, warning, or never")
      ->capture_default_str();
  add_output_options(app, o.output);
  add_input_options(app, o.input);
  add_threads_option(app, o.input);
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, o); }, kUnreadable);
}

}  // namespace survey::tools
