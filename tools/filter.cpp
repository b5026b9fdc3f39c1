// survey filter: keeps the rows that match --where (the codebook's
// expression language) and fall in a date window on the submission column
// (--since, --until, --last, --week, --month, in --tz), as canonical CSV.
// Rows whose date cannot be read are counted and reported, and left out
// unless --keep-undated.
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "survey/model/codebook.hpp"
#include "survey/model/conditions.hpp"
#include "survey/model/expr.hpp"
#include "survey/model/infer.hpp"
#include "survey/model/select.hpp"
#include "survey/model/window.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/read/text.hpp"
#include "survey/render/output.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

constexpr const char* kExamples = R"EX(Examples:
  survey filter export.csv --last 7d                        the 7 days up to now (Europe/Paris)
  survey filter export.csv --week 2020-W27 --tz Europe/Paris
  survey filter export.csv --month 2020-07 --where 'region = "Bretagne"'
  survey filter export.csv --since 2020-07-01 --until 2020-07-07 --date-col Horodateur
  survey ingest export.csv | survey filter --last 7d --now 2020-07-07T11:00 | survey freq - --by region)EX";

struct Options {
  InputOptions input;
  OutputOptions output;
  std::string codebook;
  std::string where;
  std::string date_col;
  std::string date_order = "auto";
  std::string tz = "Europe/Paris";
  WindowSpec window;
  bool keep_undated = false;
};

int run(const std::string& program, const Options& o) {
  const TimeZone zone(o.tz);
  std::optional<DateOrder> order;
  if (o.date_order == "day")
    order = DateOrder::DayFirst;
  else if (o.date_order == "month")
    order = DateOrder::MonthFirst;
  else if (o.date_order != "auto")
    throw usage_error(fmt::format("unknown --date-order \"{}\"", o.date_order),
                      "use auto, day or month");
  const DateWindow window = make_window(o.window, zone, window_now(o.window.now, zone));
  if (!window.bounded() && !o.date_col.empty())
    throw usage_error("--date-col without a date window",
                      "give --since, --until, --last, --week or --month");

  std::optional<Codebook> codebook;
  if (!o.codebook.empty()) codebook = read_codebook(o.codebook);
  // Standard input may have to be read twice (a sample to find the date column).
  std::unique_ptr<SpooledInput> spool;
  if (window.bounded() && o.date_col.empty() && !is_regular_file(o.input.path)) {
    auto in = open_input(o.input.path);
    spool = std::make_unique<SpooledInput>(*in);
  }
  const std::string path = spool ? spool->path() : o.input.path;
  const ReaderOptions reader_options = o.input.reader_options();
  CsvReader reader(spool ? spool->open() : open_input(path), reader_options);
  const auto& header = reader.header();
  Diagnostics warnings;
  std::vector<Question> questions;
  if (codebook) questions = build_questions(*codebook, header, warnings);
  const DateOrder date_order = order.value_or(default_date_order(reader.info().format));

  std::optional<std::size_t> date_column;
  if (window.bounded()) {
    if (!o.date_col.empty()) {
      std::vector<Selectable> items;
      if (codebook)
        for (const auto& q : questions) items.push_back(Selectable{q.id, q.label, q.columns});
      else
        items = header_selectables(header);
      try {
        const Selectable& item = items[select_item(items, header, o.date_col)];
        if (item.columns.size() != 1)
          throw usage_error(fmt::format("{} spans {} columns", item.id, item.columns.size()),
                            "name the column holding the submission time");
        date_column = item.columns[0];
      } catch (const Error& e) {
        throw Error(e.kind(), fmt::format("--date-col {}: {}", o.date_col, e.what()), e.file(),
                    e.line(), e.hint());
      }
    } else {
      date_column = find_date_column(header, questions, {}, date_order);
      if (!date_column)
        date_column =
            find_date_column(header, questions, sample_rows(path, reader_options, 200), date_order);
      if (!date_column)
        throw usage_error(fmt::format("no column of {} holds submission dates", reader.info().name),
                          "name it with --date-col");
    }
  }

  Expression where;
  if (!o.where.empty()) {
    try {
      where = Expression::parse(o.where, question_resolver(questions, header),
                                ExpressionOptions{CompareMode::Exact, date_order});
    } catch (const Error& e) {
      throw Error(e.kind(), fmt::format("--where: {}", e.what()), e.file(), e.line(), e.hint());
    }
  }

  Output out = o.output.open();
  CsvWriter writer(out);
  writer.row(header);
  std::uint64_t rows = 0, kept = 0, outside = 0, undated = 0, other_order = 0;
  std::vector<std::string> undated_examples;
  stream_rows(
      program, reader, o.input,
      [&](const Row& row) {
        ++rows;
        if (!where.evaluate(row.values())) return;
        if (date_column) {
          std::string_view cell =
              *date_column < row.size() ? row[*date_column] : std::string_view();
          auto dt = cell.empty() ? std::nullopt : parse_datetime(cell, date_order);
          if (!dt) {
            ++undated;
            if (!cell.empty() &&
                parse_datetime(cell, date_order == DateOrder::DayFirst ? DateOrder::MonthFirst
                                                                       : DateOrder::DayFirst))
              ++other_order;
            if (undated_examples.size() < 3)
              undated_examples.push_back(
                  fmt::format("line {}: {}", row.line(),
                              cell.empty() ? std::string("empty") : fmt::format("\"{}\"", cell)));
            if (!o.keep_undated) return;
          } else if (!window.contains(instant_of(*dt, zone))) {
            ++outside;
            return;
          }
        }
        ++kept;
        writer.row(row.values());
      },
      path);
  out.commit();
  report_read(program, reader, o.input.quiet);
  print_warnings(program, warnings);
  if (undated) {
    std::string hint;
    if (!o.keep_undated) hint = "; --keep-undated keeps them";
    if (other_order)
      hint += fmt::format("; {} of them read {} first: --date-order {}", other_order,
                          date_order == DateOrder::DayFirst ? "month" : "day",
                          date_order == DateOrder::DayFirst ? "month" : "day");
    eprint("{}: warning: {} row{} without a readable date in \"{}\" ({}{}): {}{}\n",
               program, undated, undated == 1 ? "" : "s", header[*date_column],
               fmt::join(undated_examples, ", "), undated > undated_examples.size() ? ", ..." : "",
               o.keep_undated ? "kept" : "left out", hint);
  }
  if (!o.input.quiet) {
    std::string what;
    if (date_column)
      what = fmt::format(", \"{}\" {} in {}", header[*date_column], describe_window(window, zone),
                         zone.name());
    eprint("{}: kept {} of {} rows{}{}\n", program, kept, rows, what,
               date_column ? fmt::format("; {} outside the window", outside) : std::string());
  }
  return 0;
}

}  // namespace

int filter_main(const std::string& program, int argc, char** argv) {
  Options o;
  CLI::App app{
      "Keep the rows that match an expression and fall in a date window on the submission column; "
      "write them as canonical CSV.",
      program};
  app.add_option("file", o.input.path, "Export to read (- or nothing: standard input)");
  app.add_option("--where", o.where,
                 "Keep rows where this expression holds: region = \"Bretagne\" and q1 != \"Non\" "
                 "(docs/formats.md)");
  app.add_option("--since", o.window.since,
                 "From this date (2020-07-01) or time (2020-07-01T08:00) on");
  app.add_option("--until", o.window.until, "Up to this date (the whole day) or time (included)");
  app.add_option("--last", o.window.last, "The last 7d, 2w, 1m (months) or 36h up to --now");
  app.add_option("--week", o.window.week, "An ISO week, Monday to Sunday: 2020-W27");
  app.add_option("--month", o.window.month, "A calendar month: 2020-07");
  app.add_option("--now", o.window.now,
                 "The time --last counts back from (default: now), for reproducible runs");
  app.add_option("--tz", o.tz, "Time zone of the dates without an offset, and of days and weeks")
      ->capture_default_str();
  app.add_option(
      "--date-col", o.date_col,
      "The submission column (default: the codebook's datetime column, or one named like "
      "Horodateur, Timestamp, Date de soumission, or the first holding dates)");
  app.add_option("--date-order", o.date_order,
                 "How to read 07/08/2020: auto (month first for SurveyMonkey, else day first), day "
                 "or month")
      ->capture_default_str();
  app.add_flag("--keep-undated", o.keep_undated,
               "Keep the rows whose date cannot be read (left out by default)");
  app.add_option("--codebook", o.codebook,
                 "Codebook CSV: question ids for --where and --date-col, datetime columns");
  add_output_options(app, o.output);
  add_input_options(app, o.input);
  add_threads_option(app, o.input);
  app.footer(kExamples);
  return guard(program, app, argc, argv, [&] { return run(program, o); });
}

}  // namespace survey::tools
