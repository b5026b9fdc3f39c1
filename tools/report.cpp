// survey report: the whole survey report in one Markdown document, in French
// or English: state of the data, respondents' origin, every question with
// its base, counts and percentages, extracts of the free text, data quality
// and method. One pass over the data (two when a codebook's duplicate checks
// find candidates to confirm).
#include "survey/render/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "survey/count/report_scan.hpp"
#include "survey/count/scan.hpp"
#include "survey/model/codebook.hpp"
#include "survey/model/conditions.hpp"
#include "survey/model/infer.hpp"
#include "survey/model/select.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/read/values.hpp"
#include "survey/render/output.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey report export.csv --lang fr                      the report, in French
  survey report export.csv --codebook codebook.csv -o report.md
  survey report export.csv --style table --charts bars    tables with bar columns
  survey report export.csv --by region --breakdown --min-cell 5
  survey report export.csv --as-of 2020-07-07T11:00 --verbatims 10 --seed 7
  survey report export.csv --weight poids --lang fr       weighted percentages, effective bases)EX";

struct Options {
  InputOptions input;
  std::string codebook;
  std::string lang = "en";
  std::string title;
  std::string by = "auto";
  std::string verbatims = "5";
  std::string seed = "1";
  std::string as_of = "auto";
  std::string style = "list";
  std::string charts = "none";
  std::string min_cell = "0";
  std::string min_share = "4";
  std::string max_groups = "0";
  bool breakdown = false;
  std::string weight;
  std::string output;
  std::string command;
};

// The value of a whole-number option its validator (whole_number()) passed.
std::uint64_t whole(const std::string& text) { return std::stoull(text); }

// The command line as a shell would take it back.
std::string shell_words(const std::string& program, int argc, char** argv) {
  std::string out = program;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    bool plain = !a.empty() && std::all_of(a.begin(), a.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             std::string_view("-_./:=,+@%").find(c) != std::string_view::npos;
    });
    out += ' ';
    if (plain) {
      out += a;
      continue;
    }
    out += '\'';
    for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
}

int run(const std::string& program, const Options& o) {
  ReportOptions report;
  report.lang = render_options(o.lang, false, false).lang;
  if (o.style == "table")
    report.style = ReportStyle::Table;
  else if (o.style != "list")
    throw usage_error(fmt::format("unknown --style \"{}\"", o.style), "use list or table");
  if (o.charts == "bars")
    report.charts = ChartKind::Bars;
  else if (o.charts == "mermaid")
    report.charts = ChartKind::Mermaid;
  else if (o.charts != "none")
    throw usage_error(fmt::format("unknown --charts \"{}\"", o.charts),
                      "use none, bars or mermaid");
  report.verbatims = whole(o.verbatims);
  report.seed = whole(o.seed);
  report.min_cell = whole(o.min_cell);
  report.max_groups = whole(o.max_groups);
  report.min_share = parse_number(o.min_share).value_or(0);
  report.breakdown = o.breakdown;
  report.title = o.title;
  report.command = o.command;
  std::optional<DateTime> as_of;
  if (o.as_of != "auto") {
    as_of = parse_datetime(o.as_of);
    if (!as_of)
      throw usage_error(fmt::format("--as-of must be auto or a date, not \"{}\"", o.as_of),
                        "write it as 2020-07-07, 2020-07-07T11:00 or 07/07/2020 11:00");
  }
  const ReaderOptions reader_options = o.input.reader_options();

  // Standard input may be read twice (the duplicate checks): it goes through a temporary copy.
  const RereadableInput source(o.input.path);
  const std::string& path = source.path();
  auto open = [&] { return source.open(); };

  CsvReader reader(open(), reader_options);
  const std::vector<std::string> header = reader.header();
  Diagnostics warnings;
  std::optional<Codebook> given;
  std::vector<Question> questions;
  if (!o.codebook.empty()) {
    given = read_codebook(o.codebook);
    questions = build_questions(*given, header, warnings);
  }

  // The --by column.
  std::optional<std::size_t> by_column;
  if (o.by == "auto") {
    by_column = find_region_column(header);
  } else if (o.by != "none") {
    std::vector<Selectable> items =
        given ? question_selectables(questions) : header_selectables(header);
    std::size_t pick;
    try {
      pick = select_item(items, header, o.by);
    } catch (const Error& e) {
      throw Error(e.kind(), fmt::format("--by {}: {}", o.by, e.what()), e.file(), e.line(),
                  e.hint());
    }
    if (items[pick].columns.size() != 1)
      throw usage_error(fmt::format("--by {}: {} spans {} columns", o.by, items[pick].id,
                                    items[pick].columns.size()),
                        "group by a question held in one column");
    by_column = items[pick].columns[0];
  }
  if (report.breakdown && !by_column)
    throw usage_error("--breakdown needs a --by question",
                      "no column looks like a region: name one with --by");

  // 1. Count every column, sample the free text and find the latest time, in one pass.
  TallySpec spec;
  for (std::size_t j = 0; j < header.size(); ++j) spec.columns.push_back(j);
  spec.by = by_column;
  std::optional<std::size_t> weight_column;
  if (!o.weight.empty()) {
    std::vector<Selectable> items =
        given ? question_selectables(questions) : header_selectables(header);
    weight_column = select_column(items, header, o.weight, "--weight");
    spec.weight = weight_column;
    report.weight = header[*weight_column];
  }
  if (given) {
    for (const auto& q : questions)
      if (q.option_columns) spec.option_groups.push_back(q.columns);
  } else {
    for (const auto& g : find_column_groups(header)) spec.option_groups.push_back(g.columns);
  }
  ReportScanSpec watch;
  watch.sample_size = report.verbatims ? report.verbatims + 16 : 0;
  watch.seed = report.seed;
  if (given) {
    for (const auto& q : questions) {
      if (q.columns.size() != 1) continue;
      if (q.type == QuestionType::Text && report.verbatims)
        watch.text_columns.push_back(q.columns[0]);
      if (q.type == QuestionType::Datetime) watch.date_columns.push_back(q.columns[0]);
      if (q.type == QuestionType::Id) watch.id_questions.push_back(q);
    }
    watch.submissions = SubmissionKey(questions);
  } else {
    // The types are known only after counting: every column is watched.
    for (std::size_t j = 0; j < header.size(); ++j) {
      if (report.verbatims) watch.text_columns.push_back(j);
      watch.date_columns.push_back(j);
    }
  }
  ReportScanner scanner(watch);
  Conditions conditions(questions, header);
  ScanOptions scan;
  scan.threads = o.input.threads;
  ProgressMeter progress(program, reader.input_size(), o.input.quiet);
  scan.progress = progress.callback();
  Counts counts;
  try {
    counts = tally_input(reader, path, spec, conditions, scan, &scanner);
    // 2. Confirm the duplicate candidates, when there are any.
    if (scanner.needs_second_pass()) {
      CsvReader again(open(), reader_options);
      ScanOptions quiet_scan;
      quiet_scan.threads = o.input.threads;
      tally_input(again, path, TallySpec{}, Conditions(), quiet_scan, &scanner.second_pass());
    }
    scanner.finish();
  } catch (...) {
    progress.finish();
    print_warnings(program, reader.warnings());
    throw;
  }
  progress.finish();

  // 3. The questions, inferred unless a codebook was given.
  if (!given) {
    Diagnostics notes;
    Codebook inferred =
        infer_codebook(profile_columns(counts, header), reader.info().format, notes);
    questions = build_questions(inferred, header, warnings);
  }
  ReportInput input;
  input.source = reader.info().name;
  input.header = header;
  input.form_title = reader.info().title;
  input.counts = &counts;
  input.questions = questions;
  for (const auto& q : questions) input.condition_bits.push_back(conditions.bit(q.base));
  input.codebook = given.has_value();
  input.codebook_name = o.codebook;
  input.scanner = &scanner;
  input.as_of = as_of;
  input.weight_column = weight_column;
  if (given) {
    std::size_t k = 0;
    input.id_repeats.resize(questions.size());
    for (std::size_t i = 0; i < questions.size(); ++i)
      if (questions[i].type == QuestionType::Id && questions[i].columns.size() == 1)
        input.id_repeats[i] = scanner.id_repeats(k++);
    if (!watch.submissions.empty()) input.submissions = scanner.submission_repeats();
  }
  for (const auto& q : input.questions)
    if (by_column && q.columns.size() == 1 && q.columns[0] == *by_column) input.by = &q;

  Report built = build_report(input, report, warnings);
  Output out(o.output);
  out.write(render_report_markdown(built, report));
  out.commit();
  report_read(program, reader, o.input.quiet);
  print_warnings(program, warnings);
  return 0;
}

}  // namespace

int report_main(const std::string& program, int argc, char** argv) {
  Options o;
  o.command = shell_words(program, argc, argv);
  CLI::App app{
      "Write the whole survey report as one Markdown document: the state of the data, the "
      "respondents' "
      "origin, each question with its base, counts and percentages, extracts of the free text, "
      "data "
      "quality and method.",
      program};
  app.add_option("file", o.input.path, "Export to read (- or nothing: standard input)");
  app.add_option("--codebook", o.codebook,
                 "Codebook CSV (types, scale order, who was asked, ids); inferred when absent, "
                 "then conditional "
                 "questions and duplicates are not checked");
  app.add_option("--lang", o.lang, "Language of the report: en or fr (fr: decimal commas)")
      ->capture_default_str();
  app.add_option("--title", o.title,
                 "Title of the report (default: the form's title, else \"Survey results\")");
  app.add_option(
         "--by", o.by,
         "Question giving the respondents' origin: auto (a column named like région, département, "
         "country...), none, or a question name")
      ->capture_default_str();
  app.add_option("--min-share", o.min_share,
                 "Origin groups shown on their own: those with at least this percentage of the "
                 "respondents; the "
                 "rest is \"Other\" (0 to 100)")
      ->capture_default_str()
      ->check(decimal_number(0, 100));
  app.add_option("--max-groups", o.max_groups,
                 "At most this many origin groups on their own, 0 to 1000 (0: no limit)")
      ->capture_default_str()
      ->check(whole_number(0, 1000));
  app.add_option("--weight", o.weight,
                 "Weight each respondent by this numeric column (0 or more): weighted "
                 "percentages, the respondents' counts beside them, each question's effective "
                 "base");
  app.add_flag("--breakdown", o.breakdown,
               "Add to each question a table of its answers per origin group");
  app.add_option("--verbatims", o.verbatims,
                 "Extracts quoted per free-text question, 0 to 1000 (0: none)")
      ->capture_default_str()
      ->check(whole_number(0, 1000));
  app.add_option("--seed", o.seed,
                 "Seed of the extracts' draw, 0 to 2^62 (same data and seed, same extracts)")
      ->capture_default_str()
      ->check(whole_number(0, std::uint64_t{1} << 62));
  app.add_option("--as-of", o.as_of,
                 "Date of the data: auto (the latest submission time) or a date and time")
      ->capture_default_str();
  app.add_option("--style", o.style, "Answers as a list (as printed reports) or a table")
      ->capture_default_str();
  app.add_option("--charts", o.charts,
                 "Charts: none, bars (Unicode blocks) or mermaid (blocks forges draw)")
      ->capture_default_str();
  app.add_option("--min-cell", o.min_cell,
                 "In tables by group, hide counts below this (with other cells, so that none can "
                 "be worked out), 0 to 1000000")
      ->capture_default_str()
      ->check(whole_number(0, 1000000));
  app.add_option("-o,--output", o.output, "Write to this file (atomically) instead of stdout");
  add_input_options(app, o.input);
  add_threads_option(app, o.input);
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, o); });
}

}  // namespace survey::tools
