// survey xtab: a cross-tabulation of one question (rows) by another
// (columns), with margins, percentages of the column, row or total,
// confidence intervals, Pearson's chi-square, Cramér's V, Fisher's exact
// test (2×2) and SPSS-style column letters; with --weight, weighted
// percentages, effective bases and the Rao–Scott test; summary CSV,
// Markdown or JSON.
#include "survey/render/xtab.hpp"

#include <fmt/format.h>

#include "survey/count/plan.hpp"
#include "survey/count/scan.hpp"
#include "survey/count/tabulate.hpp"
#include "survey/model/conditions.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/render/output.hpp"
#include "survey/stats/xtab.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey xtab export.csv q7 region                    satisfaction by region: column percentages, chi-square
  survey xtab export.csv q7 region --format md --letters
  survey xtab export.csv q5 q1 --percent row --ci wilson
  survey xtab export.csv q7 region --weight poids     weighted %, effective bases, Rao-Scott test
  survey ingest export.csv | survey xtab - q7 q4 --format json)EX";

struct Options {
  InputOptions input;
  std::vector<std::string> args;  // [FILE] ROW COL
  std::string codebook;
  std::string weight;
  OutputOptions output;
  std::string format = "csv";
  std::string percent = "col";
  std::string lang = "en";
  std::string base = "qualified";
  std::string ci;
  std::optional<double> level;
  double alpha = 0.05;
  bool letters = false;
  bool decimal_comma = false;
  bool excel_safe = false;
  int decimals = 1;
};

int run(const std::string& program, Options o) {
  if (o.args.size() < 2 || o.args.size() > 3)
    throw usage_error(fmt::format("expected [FILE] ROW COL, got {} argument{}", o.args.size(),
                                  o.args.size() == 1 ? "" : "s"),
                      "name the row question and the column question");
  if (o.args.size() == 2 && is_regular_file(o.args[0]))
    throw usage_error(
        fmt::format("one question after the file {}: expected [FILE] ROW COL", o.args[0]),
        "name the row question and the column question");
  if (o.args.size() == 3) o.input.path = o.args[0];
  const std::string row_name = o.args[o.args.size() - 2], col_name = o.args.back();
  XtabOptions xo;
  xo.decimals = o.decimals;
  auto percent = parse_percent_of(o.percent);
  if (!percent)
    throw usage_error(fmt::format("unknown --percent \"{}\"", o.percent),
                      "use col, row, total or none");
  xo.percent = *percent;
  xo.intervals = interval_options(o.ci, o.level, o.decimals);
  if (xo.intervals && xo.percent == PercentOf::None)
    throw usage_error("--ci needs percentages", "drop --percent none, or --ci");
  check_probability_option(o.alpha, "--alpha");
  xo.alpha = o.alpha;
  xo.letters = o.letters;
  FreqOptions freq;
  freq.decimals = o.decimals;
  if (o.base == "answered")
    freq.base_qualified = false;
  else if (o.base != "qualified")
    throw usage_error(fmt::format("unknown --base \"{}\"", o.base), "use qualified or answered");
  RenderOptions render = render_options(o.lang, o.decimal_comma, false);
  if (o.format != "csv" && o.format != "md" && o.format != "json")
    throw usage_error(fmt::format("unknown --format \"{}\"", o.format), "use csv, md or json");
  Output out = o.output.open(o.format == "csv");

  CsvReader reader(open_input(o.input.path), o.input.reader_options());
  const auto& header = reader.header();
  Diagnostics warnings;

  // 1. The row question's columns, and the column question's one column.
  CountPlan plan(header, o.codebook, warnings);
  plan.add(row_name, "ROW");
  const std::size_t col_column = plan.add_single_column(col_name, "COL");
  if (!o.weight.empty()) {
    plan.set_weight(o.weight);
    freq.weighted = true;
    freq.weight_name = header[*plan.weight()];
  }

  // 2. Count the row question per answer to the column question.
  Conditions conditions(plan.given_questions(), header);
  ScanOptions scan;
  scan.threads = o.input.threads;
  ProgressMeter progress(program, reader.input_size(), o.input.quiet);
  scan.progress = progress.callback();
  Counts counts;
  try {
    counts = tally_input(reader, o.input.path, plan.spec(col_column), conditions, scan);
  } catch (...) {
    progress.finish();
    print_warnings(program, reader.warnings());
    throw;
  }
  progress.finish();

  // 3. The questions; the table from freq's per-group tables.
  std::vector<Question> questions = plan.questions(counts, reader.info().format, warnings);
  const Question& row_q = questions[find_question_for(questions, header, row_name, "ROW")];
  const Question* col_q = nullptr;
  for (const auto& q : questions)
    if (q.columns.size() == 1 && q.columns[0] == col_column) col_q = &q;
  FreqQuestion fq = freq_question(row_q, plan.has_codebook(), conditions.bit(row_q.base));
  if (!is_categorical(row_q.type)) {
    if (counts.rows)
      warnings.push_back(Warning{"", 0,
                                 fmt::format("{} looks like {} answers; counted anyway", row_q.id,
                                             type_name(row_q.type))});
    fq.question.type = QuestionType::Single;
  }
  GroupOrder groups = order_groups(counts, col_q);
  if (groups.by.empty()) groups.by = col_q ? col_q->id : header[col_column];
  std::vector<SummaryRow> rows = tabulate({fq}, counts, &groups, freq, warnings);
  Xtab table = build_xtab(rows, groups, col_q, freq.weighted);
  table.design_rows = counts.rows;
  if (table.question.empty()) {
    table.question = row_q.id;
    table.label = row_q.label;
  }
  XtabTests tests = test_xtab(table, xo);
  if (tests.chi_square && tests.chi_square->small_expected_warning()) {
    const ChiSquareTest& c = *tests.chi_square;
    warnings.push_back(Warning{
        "", 0,
        fmt::format("{} by {}: {} of the {} expected counts are under 5 (more than 20 %): the "
                    "chi-square p-value is "
                    "unreliable{}",
                    table.question, table.by, c.small_expected, c.cells,
                    tests.fisher_p ? "; see Fisher's exact test" : "; merge answers or groups")});
  }

  // 4. Output.
  if (o.format == "csv") {
    SummaryColumns columns;
    columns.ci = xo.intervals.has_value();
    columns.weighted = freq.weighted;
    write_summary_csv(out, xtab_rows(table, tests, xo), o.excel_safe, columns);
  } else if (o.format == "md") {
    out.write(render_xtab_markdown(table, tests, xo, render));
  } else {
    out.write(render_xtab_json(table, tests, xo));
  }
  out.commit();

  report_read(program, reader, o.input.quiet);
  print_warnings(program, warnings);
  return 0;
}

}  // namespace

int xtab_main(const std::string& program, int argc, char** argv) {
  Options o;
  CLI::App app{
      "Cross-tabulate two questions: the answers to ROW (one row each) by the answers to COL (one "
      "column "
      "each), with totals, percentages, a chi-square test of independence, Cramér's V, Fisher's "
      "exact test "
      "for 2x2 tables and, with --letters, which columns differ significantly.",
      program};
  app.add_option("args", o.args,
                 "[FILE] ROW COL: the export (- or nothing: standard input), the row question and "
                 "the column question (id, column number, header or unique prefix)")
      ->required();
  app.add_option("--codebook", o.codebook,
                 "Codebook CSV (types, levels, missing tokens); inferred when absent");
  app.add_option("--weight", o.weight,
                 "Weight each respondent by this numeric column (0 or more): weighted percentages "
                 "beside the unweighted counts, Kish's effective bases, the Rao-Scott corrected "
                 "chi-square (no Fisher's test)");
  app.add_option("--percent", o.percent,
                 "Percentages of: col (each column), row, total, or none (counts only)")
      ->capture_default_str();
  app.add_option("--ci", o.ci,
                 "Add each percentage's confidence interval: wilson, clopper-pearson or wald");
  app.add_option("--level", o.level, "Confidence level of --ci intervals, above 0 and below 1 (default 0.95)")
      ->check(proportion());
  app.add_flag(
      "--letters", o.letters,
      "Mark percentages significantly higher than another column's (z-tests, Bonferroni-adjusted)");
  app.add_option("--alpha", o.alpha, "Significance level of --letters, above 0 and below 1")
      ->capture_default_str()
      ->check(proportion());
  app.add_option("--decimals", o.decimals,
                 "Decimals of percentages, 0 to 6 (rounded half away from zero)")
      ->capture_default_str()
      ->check(whole_number(0, 6));
  app.add_option("--base", o.base,
                 "For a row question the codebook says only some were asked: qualified (those "
                 "asked who answered) "
                 "or answered (everyone who answered)")
      ->capture_default_str();
  app.add_option("--format", o.format, "Output: csv (summary schema), md (a wide table) or json")
      ->capture_default_str();
  app.add_option("--lang", o.lang,
                 "Words of the Markdown output: en or fr (fr implies --decimal-comma)")
      ->capture_default_str();
  app.add_flag("--decimal-comma", o.decimal_comma, "Print 75,7 instead of 75.7 in Markdown");
  app.add_flag("--excel-safe", o.excel_safe,
               "Neutralise cells a spreadsheet would run as formulas (CSV output)");
  add_output_options(app, o.output);
  add_input_options(app, o.input);
  add_threads_option(app, o.input);
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, o); });
}

}  // namespace survey::tools
