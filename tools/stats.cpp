// survey stats: statistics of scored questions (scales, NPS, numbers): n,
// mean, standard deviation, quartiles and the mean's interval; Cronbach's
// alpha of a set of items; Pearson or Spearman correlation matrices; a
// key-driver analysis of an outcome on items. Streams: level counts for the
// descriptives, sums and cross-products for the rest.
#include "survey/render/stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "survey/count/plan.hpp"
#include "survey/count/scan.hpp"
#include "survey/model/conditions.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/render/output.hpp"
#include "survey/stats/descriptive.hpp"
#include "survey/stats/items.hpp"
#include "survey/stats/proportion.hpp"
#include "survey/stats/scores.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey stats export.csv                           every scale, NPS and number: n, mean, sd, quartiles, CI
  survey stats export.csv q4 q7 --format md         two questions as a Markdown table
  survey stats export.csv q1 q2 q3 q4 --cronbach    Cronbach's alpha of four items
  survey stats export.csv q4 q7 --weight poids      weighted mean, sd, quartiles, design-based CI
  survey stats export.csv q1 q2 q3 --cor spearman   a correlation matrix
  survey stats export.csv q1 q2 q3 --drivers q9     what drives q9: correlations and standardised betas)EX";

struct Options {
  InputOptions input;
  std::vector<std::string> questions;
  std::string codebook;
  std::string weight;
  OutputOptions output;
  std::string format = "csv";
  std::string lang = "en";
  std::string cor;
  std::string drivers;
  bool cronbach = false;
  bool decimal_comma = false;
  bool excel_safe = false;
  double level = 0.95;
  int decimals = 2;
};

int run(const std::string& program, const Options& o) {
  StatsReport report;
  int modes = 0;
  if (o.cronbach) {
    report.analysis = Analysis::Cronbach;
    ++modes;
  }
  if (!o.cor.empty()) {
    if (o.cor != "pearson" && o.cor != "spearman")
      throw usage_error(fmt::format("unknown --cor \"{}\"", o.cor), "use pearson or spearman");
    report.analysis = Analysis::Correlation;
    report.spearman = o.cor == "spearman";
    ++modes;
  }
  if (!o.drivers.empty()) {
    report.analysis = Analysis::Drivers;
    ++modes;
  }
  if (modes > 1)
    throw usage_error("--cronbach, --cor and --drivers are different analyses",
                      "ask for one per run");
  check_probability_option(o.level, "--level");
  report.level = o.level;
  if (!o.weight.empty() && report.analysis != Analysis::Describe)
    throw usage_error(fmt::format("--weight with {}: weighted {} are not computed",
                                  o.cronbach ? "--cronbach" : !o.cor.empty() ? "--cor" : "--drivers",
                                  o.cronbach ? "reliabilities" : !o.cor.empty() ? "correlations"
                                                                                : "key drivers"),
                      "drop --weight (unweighted), or describe the questions with --weight alone");
  RenderOptions render = render_options(o.lang, o.decimal_comma, false);
  if (o.format != "csv" && o.format != "md" && o.format != "json")
    throw usage_error(fmt::format("unknown --format \"{}\"", o.format), "use csv, md or json");
  Output out = o.output.open(o.format == "csv");
  const ReaderOptions reader_options = o.input.reader_options();

  // Cross-products take a second read (a third for Spearman), and so do the
  // quartiles of numbers with more distinct values than a count keeps:
  // standard input goes through a temporary copy.
  const RereadableInput input(o.input.path);
  const std::string& path = input.path();
  auto open = [&] { return input.open(); };

  CsvReader reader(open(), reader_options);
  const auto& header = reader.header();
  Diagnostics warnings;

  // 1. Level counts of the questions (all of them when none is named).
  CountPlan plan(header, o.codebook, warnings);
  for (const auto& name : o.questions) plan.add(name);
  if (!o.drivers.empty()) plan.add(o.drivers, "--drivers");
  if (o.questions.empty()) plan.add_all();
  std::optional<std::size_t> weight_column;
  if (!o.weight.empty()) {
    weight_column = plan.set_weight(o.weight);
    report.weight = header[*weight_column];
  }
  Conditions conditions(plan.given_questions(), header);
  ScanOptions scan;
  scan.threads = o.input.threads;
  ProgressMeter progress(program, reader.input_size(), o.input.quiet);
  scan.progress = progress.callback();
  const TallySpec spec = plan.spec(std::nullopt);
  Counts counts;
  try {
    counts = tally_input(reader, path, spec, conditions, scan);
  } catch (...) {
    progress.finish();
    print_warnings(program, reader.warnings());
    throw;
  }
  progress.finish();

  // 2. The scored questions.
  std::vector<Question> questions = plan.questions(counts, reader.info().format, warnings);
  std::vector<const Question*> items;
  std::vector<std::string> skipped;
  auto take = [&](const Question& q) {
    if (std::find(items.begin(), items.end(), &q) == items.end()) items.push_back(&q);
  };
  const Question* outcome = nullptr;
  if (!o.drivers.empty()) {
    outcome = &questions[find_question_for(questions, header, o.drivers, "--drivers")];
    if (counts.rows && !Scorer::scorable(*outcome))
      throw usage_error(fmt::format("--drivers {}: {} answers have no scores", outcome->id,
                                    type_name(outcome->type)),
                        "name a scale, an NPS or a numeric question");
  }
  for (const auto& name : o.questions) {
    const Question& q = questions[find_question_for(questions, header, name, "")];
    // Without a single row (a form on the day it opens) nothing tells the types: report n = 0.
    if (counts.rows && !Scorer::scorable(q))
      throw usage_error(
          fmt::format("{}: {} answers have no scores", q.id, type_name(q.type)),
          "name scales, NPS or numeric questions, or give the levels scores in a codebook "
          "(Insatisfait=1|...)");
    take(q);
  }
  if (o.questions.empty())
    for (const auto& q : questions) {
      if (&q == outcome || q.type == QuestionType::Ignore) continue;
      if (weight_column && q.columns.size() == 1 && q.columns[0] == *weight_column) continue;
      if (Scorer::scorable(q))
        take(q);
      else if (is_categorical(q.type))
        skipped.push_back(fmt::format("{} ({})", q.id, type_name(q.type)));
    }
  if (outcome) items.erase(std::remove(items.begin(), items.end(), outcome), items.end());
  for (const Question* q : items) report.items.push_back(ItemLabel{q->id, q->label});
  const std::size_t need = report.analysis == Analysis::Drivers    ? 1
                           : report.analysis == Analysis::Describe ? 0
                                                                   : 2;
  if (items.size() < need)
    throw usage_error(fmt::format("{} needs at least {} scored question{}, got {}",
                                  report.analysis == Analysis::Drivers    ? "--drivers"
                                  : report.analysis == Analysis::Cronbach ? "--cronbach"
                                                                          : "--cor",
                                  need, need == 1 ? "" : "s", items.size()),
                      report.analysis == Analysis::Drivers
                          ? "name the items that may drive the outcome"
                          : "name the items");
  auto bit = [&](const Question& q) { return conditions.bit(q.base); };
  auto note_outside = [&](const Question& q, std::uint64_t outside) {
    if (outside)
      warnings.push_back(
          Warning{"", 0,
                  fmt::format("{}: {} answer{} without a score (outside the scale, or not a "
                              "number) left out",
                              q.id, outside, outside == 1 ? "" : "s")});
  };

  auto read_again = [&](const std::vector<const Question*>& questions,
                        const std::function<void(const Row&)>& visit) {
    std::vector<bool> wanted(header.size(), false);
    for (const Question* q : questions) wanted[q->columns.at(0)] = true;
    for (std::size_t c : conditions.columns()) wanted[c] = true;
    CsvReader again(open(), reader_options);
    again.select_columns(wanted);
    ScanOptions quiet;
    quiet.threads = o.input.threads;
    for_each_row(again, path, visit, quiet);
  };

  // 3. The statistics.
  if (report.analysis == Analysis::Describe) {
    std::vector<const Question*> recount;  // Numbers past the count's distinct values: read again.
    std::vector<std::size_t> recount_index;
    for (const Question* q : items) {
      Scorer scorer(*q);
      Selection s;
      s.condition = bit(*q);
      std::uint64_t outside = 0, overflow = 0;
      std::vector<ScoreCount> scores =
          score_counts(counts, q->columns.at(0), scorer, s, &outside, &overflow);
      report.descriptives.push_back(weight_column
                                        ? describe_weighted(std::move(scores), o.level, counts.rows)
                                        : describe(std::move(scores), o.level));
      if (overflow && weight_column)
        throw usage_error(
            fmt::format("--weight: {} has more distinct answers than a count keeps: weighted "
                        "quartiles of it are not computed",
                        q->id),
            "drop --weight for this question");
      if (overflow) {
        recount.push_back(q);
        recount_index.push_back(report.descriptives.size() - 1);
      } else {
        note_outside(*q, outside);
      }
    }
    if (!recount.empty()) {
      std::vector<int> bits;
      for (const Question* q : recount) bits.push_back(bit(*q));
      ScoreScan scores(recount, bits);
      read_again(recount, [&](const Row& row) { scores.add(row, conditions.evaluate(row)); });
      for (std::size_t i = 0; i < recount.size(); ++i) {
        report.descriptives[recount_index[i]] = describe(scores.counts(i), o.level);
        note_outside(*recount[i], scores.outside(i));
      }
    }
  } else {
    std::vector<const Question*> scanned = items;
    if (outcome) scanned.push_back(outcome);
    std::vector<int> bits;
    for (const Question* q : scanned) bits.push_back(bit(*q));
    ItemScan item_scan(scanned, bits, report.spearman);
    auto pass = [&](bool ranks) {
      read_again(scanned, [&](const Row& row) {
        if (ranks)
          item_scan.add_ranks(row, conditions.evaluate(row));
        else
          item_scan.add(row, conditions.evaluate(row));
      });
    };
    pass(false);
    if (report.spearman) pass(true);
    for (std::size_t i = 0; i < scanned.size(); ++i)
      note_outside(*scanned[i], item_scan.outside(i));
    const CrossProducts& cp = report.spearman ? item_scan.ranks() : item_scan.scores();
    const CrossProducts& raw = item_scan.scores();
    report.n = raw.n();
    report.rows = item_scan.rows();
    for (std::size_t i = 0; i < scanned.size(); ++i) {
      report.means.push_back(raw.mean(i));
      report.sds.push_back(raw.sd(i));
    }
    const std::size_t k = items.size();
    switch (report.analysis) {
      case Analysis::Correlation:
        report.matrix.resize(k * k);
        for (std::size_t i = 0; i < k; ++i)
          for (std::size_t j = 0; j < k; ++j) report.matrix[i * k + j] = correlation(cp, i, j);
        break;
      case Analysis::Cronbach:
        report.reliability = cronbach_alpha(raw);
        break;
      case Analysis::Drivers: {
        report.outcome = ItemLabel{outcome->id, outcome->label};
        std::vector<std::size_t> predictors(k);
        for (std::size_t i = 0; i < k; ++i) predictors[i] = i;
        report.drivers = key_drivers(raw, k, predictors);
        if (!report.drivers.valid && report.n > k + 1)
          warnings.push_back(
              Warning{"", 0, "the items are collinear or constant: no regression coefficients"});
        break;
      }
      case Analysis::Describe:
        break;
    }
  }

  // 4. Output.
  if (o.format == "csv")
    write_stats_csv(out, report, o.excel_safe);
  else if (o.format == "md")
    out.write(render_stats_markdown(report, o.decimals, render));
  else
    out.write(render_stats_json(report));
  out.commit();

  report_read(program, reader, o.input.quiet);
  print_warnings(program, warnings);
  if (!skipped.empty() && !o.input.quiet)
    eprint("{}: no scores, left out: {}\n", program, fmt::join(skipped, ", "));
  return 0;
}

}  // namespace

int stats_main(const std::string& program, int argc, char** argv) {
  Options o;
  CLI::App app{
      "Statistics of scored questions (scales, NPS, numbers): n, mean, standard deviation, median, "
      "quartiles and the mean's confidence interval; or Cronbach's alpha of a set of items, a "
      "correlation "
      "matrix, or what drives an outcome (key-driver analysis).",
      program};
  app.add_option("file", o.input.path, "Export to read (- or nothing: standard input)");
  app.add_option(
      "questions", o.questions,
      "Questions (id, column number, header or unique prefix); every scored question by default");
  app.add_option("--codebook", o.codebook,
                 "Codebook CSV (types, levels and their scores); inferred when absent");
  app.add_option("--weight", o.weight,
                 "Weight each respondent by this numeric column (0 or more): weighted n (the "
                 "unweighted n beside it), mean, SD, quartiles and the mean's design-based "
                 "interval; not with --cronbach, --cor or --drivers");
  app.add_flag("--cronbach", o.cronbach,
               "Cronbach's alpha of the questions, with each item's alpha if deleted");
  app.add_option("--cor", o.cor, "Correlation matrix of the questions: pearson or spearman");
  app.add_option(
      "--drivers", o.drivers,
      "Key drivers of this outcome question: its correlation with each question, and standardised "
      "regression coefficients");
  app.add_option("--level", o.level, "Confidence level of the mean's interval, above 0 and below 1")
      ->capture_default_str()
      ->check(proportion());
  app.add_option("--decimals", o.decimals,
                 "Decimals in Markdown, 0 to 9 (CSV and JSON keep 10 significant digits)")
      ->capture_default_str()
      ->check(whole_number(0, 9));
  app.add_option("--format", o.format, "Output: csv (long statistics CSV), md or json")
      ->capture_default_str();
  app.add_option("--lang", o.lang,
                 "Words of the Markdown output: en or fr (fr implies --decimal-comma)")
      ->capture_default_str();
  app.add_flag("--decimal-comma", o.decimal_comma, "Print 3,27 instead of 3.27 in Markdown");
  app.add_flag("--excel-safe", o.excel_safe,
               "Neutralise cells a spreadsheet would run as formulas (CSV output)");
  add_output_options(app, o.output);
  add_input_options(app, o.input);
  add_threads_option(app, o.input);
  app.positionals_at_end(false);
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, o); });
}

}  // namespace survey::tools
