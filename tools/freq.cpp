// survey freq: per-question counts and percentages of those who answered,
// in scale order, overall and per group (--by), with scores (mean,
// top/bottom-2-box, NPS), as summary CSV, Markdown or JSON.
#include <fmt/format.h>

#include <algorithm>

#include "survey/model/codebook.hpp"
#include "survey/model/conditions.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/model/infer.hpp"
#include "survey/render/output.hpp"
#include "survey/render/render.hpp"
#include "survey/count/scan.hpp"
#include "survey/model/select.hpp"
#include "survey/count/tabulate.hpp"
#include "survey/count/tally.hpp"
#include "survey/stats/intervals.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey freq export.csv                          every categorical question, summary CSV
  survey freq export.csv q1 q7 --format md        two questions as Markdown tables
  survey freq export.csv "1)" --by region         question "1) ..." per region, plus a total
  survey freq export.csv q6 --sum-to-100 --lang fr --format md
  survey freq export.csv q7 --ci wilson --level 0.90   each percentage with its 90 % interval
  survey freq export.csv q7 --weight poids --format md   weighted %, effective base
  survey ingest export.csv | survey freq - --codebook codebook.csv)EX";

struct Options {
  InputOptions input;
  std::vector<std::string> questions;
  std::string codebook;
  std::string by;
  std::string weight;
  OutputOptions output;
  std::string format = "csv";
  std::string lang = "en";
  std::string sort = "auto";
  std::string multi_base = "respondents";
  std::string base = "qualified";
  bool decimal_comma = false;
  bool bars = false;
  bool missing = false;
  bool sum_to_100 = false;
  bool excel_safe = false;
  int decimals = 1;
  std::size_t top = 0;
  std::string ci;
  std::optional<double> level;
};

int run(const std::string& program, const Options& o) {
  FreqOptions freq;
  freq.missing_row = o.missing;
  freq.decimals = o.decimals;
  freq.sum_to_100 = o.sum_to_100;
  freq.top = o.top;
  if (o.sort == "auto") freq.sort = SortOrder::Auto;
  else if (o.sort == "count") freq.sort = SortOrder::Count;
  else if (o.sort == "level") freq.sort = SortOrder::Level;
  else if (o.sort == "label") freq.sort = SortOrder::Label;
  else throw usage_error(fmt::format("unknown --sort \"{}\"", o.sort), "use auto, count, level or label");
  if (o.base == "answered") freq.base_qualified = false;
  else if (o.base != "qualified")
    throw usage_error(fmt::format("unknown --base \"{}\"", o.base), "use qualified or answered");
  if (o.multi_base == "responses") freq.multi_base_responses = true;
  else if (o.multi_base != "respondents")
    throw usage_error(fmt::format("unknown --multi-base \"{}\"", o.multi_base), "use respondents or responses");
  RenderOptions render = render_options(o.lang, o.decimal_comma, o.bars);
  if (o.format != "csv" && o.format != "md" && o.format != "json")
    throw usage_error(fmt::format("unknown --format \"{}\"", o.format), "use csv, md or json");
  const std::optional<IntervalOptions> intervals = interval_options(o.ci, o.level, o.decimals);
  if (intervals) render.ci_level = intervals->level;
  Output out = o.output.open(o.format == "csv");

  CsvReader reader(open_input(o.input.path), o.input.reader_options());
  const auto& header = reader.header();
  Diagnostics warnings;

  // 1. Which columns to count.
  std::optional<Codebook> given;
  std::vector<Question> questions;
  if (!o.codebook.empty()) {
    given = read_codebook(o.codebook);
    questions = build_questions(*given, header, warnings);
  }
  std::vector<Selectable> items = given ? question_selectables(questions) : header_selectables(header);
  std::vector<std::size_t> tracked;
  auto track = [&](const std::vector<std::size_t>& columns) {
    for (std::size_t c : columns)
      if (std::find(tracked.begin(), tracked.end(), c) == tracked.end()) tracked.push_back(c);
  };
  for (const auto& name : o.questions) track(items[select_item(items, header, name)].columns);
  if (o.questions.empty()) {
    if (given) {
      for (const auto& q : questions)
        if (is_categorical(q.type)) track(q.columns);
    } else {
      for (std::size_t j = 0; j < header.size(); ++j) tracked.push_back(j);
    }
  }
  std::optional<std::size_t> by_column;
  if (!o.by.empty()) {
    const Selectable& by = items[select_item(items, header, o.by, "--by")];
    if (by.columns.size() != 1)
      throw usage_error(fmt::format("--by {} spans {} columns", by.id, by.columns.size()),
                        "group by a question held in one column");
    by_column = by.columns[0];
    track(by.columns);
  }
  std::optional<std::size_t> weight_column;
  if (!o.weight.empty()) weight_column = select_column(items, header, o.weight, "--weight");
  std::vector<std::vector<std::size_t>> option_groups;
  if (given) {
    for (const auto& q : questions)
      if (q.option_columns) option_groups.push_back(q.columns);
  } else {
    for (const auto& g : find_column_groups(header))
      if (std::all_of(g.columns.begin(), g.columns.end(),
                      [&](std::size_t c) { return std::find(tracked.begin(), tracked.end(), c) != tracked.end(); }))
        option_groups.push_back(g.columns);
  }
  std::sort(tracked.begin(), tracked.end());

  // 2. Count, by who was asked each question (the codebook's bases).
  Conditions conditions(questions, header);
  ScanOptions scan;
  scan.threads = o.input.threads;
  ProgressMeter progress(program, reader.input_size(), o.input.quiet);
  scan.progress = progress.callback();
  TallySpec spec;
  spec.columns = tracked;
  spec.by = by_column;
  spec.option_groups = option_groups;
  spec.weight = weight_column;
  Counts counts;
  try {
    counts = tally_input(reader, o.input.path, spec, conditions, scan);
  } catch (...) {
    progress.finish();
    print_warnings(program, reader.warnings());
    throw;
  }
  progress.finish();

  // 3. The questions, inferred unless a codebook was given.
  if (!given) {
    Diagnostics notes;
    Codebook inferred = infer_codebook(profile_columns(counts, header), reader.info().format, notes);
    questions = build_questions(inferred, header, warnings);
  }
  std::vector<FreqQuestion> selected;
  std::vector<std::string> skipped;
  if (o.questions.empty()) {
    for (const auto& q : questions) {
      if (weight_column && q.columns.size() == 1 && q.columns[0] == *weight_column) continue;
      if (is_categorical(q.type)) selected.push_back(freq_question(q, given.has_value(), conditions.bit(q.base)));
      else skipped.push_back(fmt::format("{} ({})", q.id, type_name(q.type)));
    }
  } else {
    for (const auto& name : o.questions) {
      const Question& q = questions[find_question(questions, header, name)];
      FreqQuestion fq = freq_question(q, given.has_value(), conditions.bit(q.base));
      if (!is_categorical(q.type)) {
        warnings.push_back(Warning{"", 0, fmt::format("{} looks like {} answers; counted anyway", q.id, type_name(q.type))});
        fq.question.type = QuestionType::Single;
      }
      selected.push_back(std::move(fq));
    }
  }
  const Question* by_question = nullptr;
  if (by_column)
    for (const auto& q : questions)
      if (q.columns.size() == 1 && q.columns[0] == *by_column) by_question = &q;
  GroupOrder groups;
  if (by_column) groups = order_groups(counts, by_question);
  if (by_question) render.labels[by_question->id] = by_question->label;

  // 4. Tables.
  if (weight_column) {
    freq.weighted = true;
    freq.weight_name = header[*weight_column];
  }
  std::vector<SummaryRow> rows = tabulate(selected, counts, by_column ? &groups : nullptr, freq, warnings);
  if (intervals) {
    IntervalOptions io = *intervals;
    io.weighted = weight_column.has_value();
    io.design_rows = counts.rows;
    add_intervals(rows, io);
  }
  SummaryColumns columns;
  columns.weighted = weight_column.has_value();
  columns.ci = intervals.has_value();
  if (o.format == "csv") write_summary_csv(out, rows, o.excel_safe, columns);
  else if (o.format == "md") out.write(render_markdown(rows, render));
  else out.write(render_json(rows));
  out.commit();

  report_read(program, reader, o.input.quiet);
  print_warnings(program, warnings);
  if (!skipped.empty() && !o.input.quiet)
    eprint("{}: not tabulated: {}; name them to count them anyway\n", program, fmt::join(skipped, ", "));
  return 0;
}

}  // namespace

int freq_main(const std::string& program, int argc, char** argv) {
  Options o;
  CLI::App app{"Count the answers to each question: how many answered, how many chose each answer, and the "
               "percentage of those who answered; overall and per group.",
               program};
  app.add_option("file", o.input.path, "Export to read (- or nothing: standard input)");
  app.add_option("questions", o.questions, "Questions to count (id, column number, header or unique prefix); all by default");
  app.add_option("--codebook", o.codebook, "Codebook CSV (types, levels, missing tokens); inferred when absent");
  app.add_option("--by", o.by, "Break every table down by this question's answers (e.g. the region), plus a total");
  app.add_option(
      "--weight", o.weight,
      "Weight each respondent by this numeric column (0 or more): weighted counts and percentages, "
      "the unweighted base beside them, Kish's effective base");
  app.add_flag("--missing", o.missing, "Add a row for those who did not answer, as a share of all respondents");
  app.add_option("--decimals", o.decimals,
                 "Decimals of percentages, 0 to 6 (rounded half away from zero)")
      ->capture_default_str()
      ->check(whole_number(0, 6));
  app.add_flag("--sum-to-100", o.sum_to_100, "Largest-remainder rounding: each table adds up to exactly 100");
  app.add_option("--sort", o.sort, "Answer order: auto (scale or codebook order, else count), count, level, label")
      ->capture_default_str();
  app.add_option("--top", o.top,
                 "Keep the N first answers, 1 to 1000000; the rest are summed in one row")
      ->check(whole_number(1, 1000000));
  app.add_option("--multi-base", o.multi_base, "Multi-select percentages of: respondents or responses")->capture_default_str();
  app.add_option("--base", o.base,
                 "For questions the codebook says only some were asked: qualified (those asked who answered) "
                 "or answered (everyone who answered)")
      ->capture_default_str();
  app.add_option("--ci", o.ci,
                 "Add each percentage's confidence interval (ci_low,ci_high): wilson, clopper-pearson or wald");
  app.add_option("--level", o.level, "Confidence level of --ci intervals, above 0 and below 1 (default 0.95)")
      ->check(proportion());
  app.add_option("--format", o.format, "Output: csv (summary schema), md or json")->capture_default_str();
  app.add_option("--lang", o.lang, "Words of the Markdown output: en or fr (fr implies --decimal-comma)")->capture_default_str();
  app.add_flag("--decimal-comma", o.decimal_comma, "Print 75,7 instead of 75.7 in Markdown");
  app.add_flag("--bars", o.bars, "Add a bar column to Markdown tables");
  app.add_flag("--excel-safe", o.excel_safe, "Neutralise cells a spreadsheet would run as formulas (CSV output)");
  add_output_options(app, o.output);
  add_input_options(app, o.input);
  add_threads_option(app, o.input);
  // The input file comes first; the rest of the positionals are questions.
  app.positionals_at_end(false);
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, o); });
}

}  // namespace survey::tools
