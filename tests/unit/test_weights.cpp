// Weighted counting (CompensatedSum, row_weight, tally_input with a weight
// column), weighted rounding, raking (Raker) and the Rao-Scott test
// (rao_scott, checked against R's svychisq on the weighted sample: the
// reference values are tests/reference/weights/svychisq.csv, written by
// scripts/r-reference-weights).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <random>

#include "helpers.hpp"
#include "survey/count/scan.hpp"
#include "survey/count/summary.hpp"
#include "survey/model/infer.hpp"
#include "survey/stats/descriptive.hpp"
#include "survey/stats/intervals.hpp"
#include "survey/stats/raking.hpp"
#include "survey/stats/rao_scott.hpp"

using namespace survey;

namespace {

std::string weighted_sample(std::size_t rows, unsigned seed) {
  std::mt19937 rng(seed);
  const char* regions[] = {"Bretagne", "Corse", "\"Provence, Alpes\"", "Île-de-France", ""};
  const char* answers[] = {"\"Oui, une fois\"", "Non", "\"Oui, plusieurs fois\"", ""};
  const char* comments[] = {"", "\"bien\"", "\"ligne 1\nligne 2\"", "\"a\r\nb\""};
  std::uniform_real_distribution<double> weight(0.0, 5.0);
  std::string out = "id,Région,Q1,Commentaire,w\n";
  for (std::size_t i = 0; i < rows; ++i) {
    char w[32];
    std::snprintf(w, sizeof w, "%.6f", i % 17 == 0 ? 0.0 : weight(rng));
    std::string text = w;
    if (i % 5 == 0) std::replace(text.begin(), text.end(), '.', ',');  // a decimal comma, quoted
    out += std::to_string(i + 1) + "," + regions[rng() % 5] + "," + answers[rng() % 4] + "," +
           comments[rng() % 4] + "," + (i % 5 == 0 ? "\"" + text + "\"" : text) + "\n";
  }
  return out;
}

Counts tally_file(const std::string& path, unsigned threads, std::uint64_t min_chunk,
                  std::size_t by, std::size_t column, std::size_t weight) {
  CsvReader reader(open_input(path));
  TallySpec spec;
  spec.columns = {column};
  spec.by = by;
  spec.weight = weight;
  ScanOptions so;
  so.threads = threads;
  so.min_chunk_bytes = min_chunk;
  return tally_input(reader, path, spec, Conditions(), so);
}

// Every weight sum, by group and value, as exact text.
std::string dump_weights(const Counts& c) {
  std::map<std::string, std::pair<double, double>> flat;
  for (const auto& col : c.columns)
    for (std::size_t v = 0; v < col.values.size(); ++v)
      for (std::size_t g = 0; g < c.groups.size(); ++g) {
        Selection s;
        s.group = static_cast<std::ptrdiff_t>(g);
        WeightSums w = c.weight(col, v, s);
        flat[c.groups[g] + "|" + col.values[v]] = {w.sum.value(), w.squares.value()};
      }
  std::string out =
      fmt::format("all {:a} {:a}\n", c.all_weights.sum.value(), c.all_weights.squares.value());
  for (const auto& [k, w] : flat) out += fmt::format("{} {:a} {:a}\n", k, w.first, w.second);
  return out;
}

std::string weight_error(const std::string& cell) {
  std::string text = "id,w\n1,1\n2," + cell + "\n";
  CsvReader reader(memory_input(text, "w.csv"));
  TallySpec spec;
  spec.columns = {0};
  spec.weight = 1;
  try {
    tally_input(reader, "", spec, Conditions());
  } catch (const Error& e) {
    return format_error("t", e);
  }
  return "";
}

// The reference CSV files written by scripts/r-reference-weights.
std::vector<std::map<std::string, std::string>> read_reference(const std::string& name) {
  CsvReader reader(open_input(std::string(SURVEY_TESTS_DIR) + "/reference/weights/" + name));
  std::vector<std::map<std::string, std::string>> rows;
  Row row;
  while (reader.next(row)) {
    std::map<std::string, std::string> r;
    for (std::size_t j = 0; j < reader.header().size(); ++j)
      r[reader.header()[j]] = std::string(row[j]);
    rows.push_back(std::move(r));
  }
  return rows;
}

bool near(double a, double b, double tol = 1e-6) {
  return std::fabs(a - b) <= tol * std::max(1.0, std::fabs(b));
}

}  // namespace

TEST_CASE("CompensatedSum gives the same value in any order") {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1e3);
  std::vector<double> xs(20000);
  for (auto& x : xs) x = u(rng) * (rng() % 7 == 0 ? 1e-9 : 1.0);
  CompensatedSum forward, backward, halves, a, b;
  for (double x : xs) forward.add(x);
  for (auto it = xs.rbegin(); it != xs.rend(); ++it) backward.add(*it);
  for (std::size_t i = 0; i < xs.size(); ++i) (i % 3 ? a : b).add(xs[i]);
  halves.add(a);
  halves.add(b);
  CHECK(forward.value() == backward.value());
  CHECK(forward.value() == halves.value());
  CompensatedSum tiny;
  tiny.add(1e16);
  tiny.add(1.0);
  tiny.add(-1e16);
  CHECK(tiny.value() == 1.0);
}

TEST_CASE("tally_input with a weight column gives the same sums for every chunking") {
  test::TempFile file(weighted_sample(400, 5));
  const std::string one = dump_weights(tally_file(file.path, 1, 1, 1, 2, 4));
  CHECK(one.find("all ") == 0);
  for (unsigned threads : {2u, 3u, 9u, 40u}) {
    CAPTURE(threads);
    CHECK(dump_weights(tally_file(file.path, threads, 1, 1, 2, 4)) == one);
  }
  // Weights and counts agree with a direct computation.
  test::Parsed p = test::read_all(weighted_sample(400, 5));
  double sum = 0, squares = 0;
  for (const auto& r : p.rows) {
    double w = *parse_number(r[4]);
    sum += w;
    squares += w * w;
  }
  Counts c = tally_file(file.path, 1, 1, 1, 2, 4);
  CHECK(c.weighted);
  CHECK(near(c.all_weights.sum.value(), sum, 1e-12));
  CHECK(near(c.all_weights.squares.value(), squares, 1e-12));
  CHECK(near(c.weight_in(Selection{}).sum.value(), sum, 1e-12));
}

TEST_CASE("row_weight rejects empty, non-numeric and negative weights at their line") {
  CHECK(weight_error("\"2,5\"") == "");
  CHECK(weight_error("0") == "");
  CHECK(weight_error("-0") == "");
  CHECK(weight_error("\"1 234,5\"") == "");
  CHECK(
      weight_error("") ==
      "t: w.csv:3: error: no weight in column \"w\", give every respondent a weight of 0 or more");
  CHECK(weight_error("abc") ==
        "t: w.csv:3: error: weight \"abc\" in column \"w\" is not a number, give every respondent "
        "a weight of 0 or more");
  CHECK(weight_error("-1.5") ==
        "t: w.csv:3: error: negative weight \"-1.5\" in column \"w\", give every respondent a "
        "weight of 0 or more");
  CHECK(weight_error("\"1e999\"").find("is not a number") != std::string::npos);
}

TEST_CASE("weighted_percent_text") {
  CHECK(weighted_percent_text(1, 8, 0) == "13");  // whole numbers: exact, half away from zero
  CHECK(weighted_percent_text(2, 16, 1) == "12.5");
  CHECK(weighted_percent_text(0.5, 4, 0) == "13");  // 12.5 exactly
  CHECK(weighted_percent_text(1.0 / 3, 1, 2) == "33.33");
  CHECK(weighted_percent_text(-0.25, 2, 1) == "-12.5");
  CHECK(weighted_percent_text(1, 0, 1) == "");
  CHECK(weighted_ratio_text(7.5, 2.5, 2) == "3.00");
  CHECK(weighted_ratio_text(1, 3, 3) == "0.333");
  auto p = weighted_percent_texts_sum_to_100({1.0 / 3, 1.0 / 3, 1.0 / 3}, 1.0, 1);
  CHECK(p == std::vector<std::string>{"33.4", "33.3", "33.3"});
}

TEST_CASE("Raker fits a two-way table to its margins") {
  // 2 x 2 cells with 10, 20, 30, 40 respondents; margins a: 50/50, b: 30/70.
  std::string data = "a,b\n";
  auto rows = [&](const char* a, const char* b, int n) {
    for (int i = 0; i < n; ++i) data += std::string(a) + "," + b + "\n";
  };
  rows("x", "u", 10);
  rows("x", "v", 20);
  rows("y", "u", 30);
  rows("y", "v", 40);
  test::TempFile margins("variable,category,target\na,x,50\na,y,50\nb,u,30\nb,v,70\n");
  CsvReader reader(memory_input(data, "d.csv"));
  const auto header = reader.header();
  Raker raker(read_margins(margins.path, header_selectables(header), header), "d.csv");
  Row row;
  while (reader.next(row)) raker.add(row);
  RakingReport report = raker.solve(RakingOptions{});
  CHECK(report.converged);
  CHECK(report.total == 100);
  // Margins hold; the weights of a cell are equal.
  CsvReader again(memory_input(data, "d.csv"));
  std::map<std::string, double> margin;
  while (again.next(row)) {
    double w = raker.weight(row);
    margin["a" + std::string(row[0])] += w;
    margin["b" + std::string(row[1])] += w;
  }
  CHECK(near(margin["ax"], 50, 1e-9));
  CHECK(near(margin["ay"], 50, 1e-9));
  CHECK(near(margin["bu"], 30, 1e-9));
  CHECK(near(margin["bv"], 70, 1e-9));
}

TEST_CASE(
    "Raker reports categories without targets, targets without respondents, and totals that "
    "disagree") {
  std::string data = "a,b\nx,u\ny,v\nz,u\n";
  auto error = [&](const std::string& margins_text) -> std::string {
    test::TempFile margins(margins_text);
    try {
      CsvReader reader(memory_input(data, "d.csv"));
      const auto header = reader.header();
      Margins m = read_margins(margins.path, header_selectables(header), header);
      m.file = "m.csv";
      Raker raker(std::move(m), "d.csv");
      Row row;
      while (reader.next(row)) raker.add(row);
      raker.solve(RakingOptions{});
    } catch (const Error& e) {
      std::string s = format_error("t", e);
      if (auto at = s.find(margins.path); at != std::string::npos)
        s.replace(at, margins.path.size(), "m.csv");
      return s;
    }
    return "";
  };
  CHECK(error("variable,category,target\na,x,1\na,y,1\na,z,1\n") == "");
  CHECK(error("variable,category,target\na,x,1\na,y,1\n") ==
        "t: d.csv:4: error: a \"z\" has no target in m.csv, add a line for it to m.csv, or recode "
        "it into a category "
        "that has one");
  CHECK(error("variable,category,target\na,x,1\na,y,1\na,z,1\na,w,2\n") ==
        "t: m.csv:5: error: a \"w\" has a target but no respondent in d.csv, remove it from the "
        "margins, or merge it "
        "with a category that has respondents");
  CHECK(error("variable,category,target\na,x,1\na,y,1\na,z,1\nb,u,2\nb,v,2\n") ==
        "t: m.csv:5: error: the margins disagree on the total: b adds up to 4, a to 3, every "
        "variable's targets must "
        "add up to the same population (or to 1, as shares)");
  CHECK(error("variable,category,target\na,x,1\na,x,2\n")
            .find("m.csv:3: error: a \"x\" is given twice") != std::string::npos);
  CHECK(error("variable,category,target\nnosuch,x,1\n")
            .find("m.csv:2: error: no question is called \"nosuch\"") != std::string::npos);
  CHECK(error("variable,category,target\na,x,abc\n").find("m.csv:2: error: target \"abc\"") !=
        std::string::npos);
  // A zero target with no respondent is no error; shares are scaled to the rows.
  CHECK(error("variable,category,target\na,x,0.5\na,y,0.25\na,z,0.25\na,w,0\n") == "");
}

TEST_CASE("Raker keeps trimmed weights within their bounds") {
  std::string data = "a,b\n";
  for (int i = 0; i < 40; ++i)
    data += std::string(i % 4 ? "x" : "y") + "," + (i % 3 ? "u" : "v") + "\n";
  test::TempFile margins("variable,category,target\na,x,50\na,y,50\nb,u,60\nb,v,40\n");
  CsvReader reader(memory_input(data, "d.csv"));
  const auto header = reader.header();
  Raker raker(read_margins(margins.path, header_selectables(header), header), "d.csv");
  Row row;
  while (reader.next(row)) raker.add(row);
  RakingOptions options;
  RakingReport free = raker.solve(RakingOptions{});
  REQUIRE(free.converged);
  options.max = free.max_weight * 0.95;  // binding, still feasible
  options.min = 1.0;
  RakingReport report = raker.solve(options);
  CHECK(report.converged);
  CHECK(report.trimmed_rows > 0);
  CHECK(report.max_weight <= *options.max * (1 + 1e-12));
  CHECK(report.min_weight >= 1.0);
  options.max = 4.5;  // y needs 50 from 10 respondents: impossible below 5
  CHECK_FALSE(raker.solve(options).converged);
}

TEST_CASE("rao_scott agrees with R's svychisq on the weighted sample") {
  const std::string path = std::string(SURVEY_SAMPLES_DIR) + "/coet-mof-2020-weighted.csv";
  auto reference = read_reference("svychisq.csv");
  REQUIRE(reference.size() >= 6);
  auto raked = read_reference("rake.csv");
  CsvReader probe(open_input(path));
  const auto header = probe.header();
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t poids = column("Poids");
  for (const auto& ref : reference) {
    CAPTURE(ref.at("row"));
    CAPTURE(ref.at("col"));
    CAPTURE(ref.at("weights"));
    const std::size_t rc = column(ref.at("row")), cc = column(ref.at("col"));
    WeightedTable table;
    if (ref.at("weights") == "Poids") {
      // Through the tally, as xtab --weight counts: the row question as groups.
      Counts counts = tally_file(path, 2, 1, rc, cc, poids);
      const ColumnCounts& col = *counts.find(cc);
      std::vector<std::size_t> groups, values;
      for (std::size_t g = 0; g < counts.groups.size(); ++g)
        if (!counts.groups[g].empty()) groups.push_back(g);
      for (std::size_t v = 0; v < col.values.size(); ++v)
        if (!col.values[v].empty()) values.push_back(v);
      table = weighted_table(counts, col, groups, values);
    } else {
      // The raked weights of R, row by row: the cell sums directly.
      CsvReader reader(open_input(path));
      std::map<std::string, std::size_t> rows_index, cols_index;
      std::vector<std::pair<std::pair<std::size_t, std::size_t>, double>> entries;
      Row row;
      std::size_t k = 0;
      while (reader.next(row)) {
        const double w = std::stod(raked.at(k++).at("raked"));
        std::string a(row[rc]), b(row[cc]);
        if (a.empty() || b.empty()) continue;
        auto ia = rows_index.emplace(a, rows_index.size()).first->second;
        auto ib = cols_index.emplace(b, cols_index.size()).first->second;
        entries.push_back({{ia, ib}, w});
      }
      table.rows = rows_index.size();
      table.cols = cols_index.size();
      table.weights.assign(table.rows * table.cols, 0);
      table.squares.assign(table.rows * table.cols, 0);
      for (const auto& [cell, w] : entries) {
        table.weights[cell.first * table.cols + cell.second] += w;
        table.squares[cell.first * table.cols + cell.second] += w * w;
      }
      table.respondents = k;
    }
    CHECK(table.respondents == std::stoull(ref.at("rows")));
    std::optional<RaoScott> rs = rao_scott(table);
    REQUIRE(rs);
    CHECK(near(rs->pearson, std::stod(ref.at("pearson"))));
    CHECK(near(rs->f, std::stod(ref.at("f"))));
    CHECK(near(rs->ndf, std::stod(ref.at("ndf"))));
    CHECK(near(rs->ddf, std::stod(ref.at("ddf"))));
    CHECK(near(rs->p_f, std::stod(ref.at("p_f"))));
    CHECK(near(rs->first_order, std::stod(ref.at("chisq"))));
    CHECK(rs->df == std::stod(ref.at("df")));
    CHECK(near(rs->p_first_order, std::stod(ref.at("p_chisq"))));
    // The eigenvalues are Delta's: they add up to its trace.
    double sum = 0;
    for (double d : rs->design_effects) sum += d;
    CHECK(near(sum, rs->trace, 1e-9));
  }
}

TEST_CASE("rao_scott leaves out empty rows and needs a 2 x 2 table") {
  WeightedTable t;
  t.rows = 3;
  t.cols = 2;
  t.weights = {10, 20, 0, 0, 30, 5};
  t.squares = {12, 25, 0, 0, 40, 6};
  t.respondents = 50;
  auto rs = rao_scott(t);
  REQUIRE(rs);
  CHECK(rs->rows == 2);
  CHECK(rs->df == 1);
  t.weights = {10, 20, 0, 0, 0, 0};
  CHECK_FALSE(rao_scott(t));
}

TEST_CASE("describe_weighted agrees with R's svymean, svyvar and svyquantile") {
  // Scores 1, 2, 2, 3, 4, 4, 5 of weights 1, 2, 0, 1, 0.5, 1.5, 0, in a
  // design of 8 rows (one blank). R: svymean 2.666666667 (SE 0.537811884),
  // sqrt(svyvar) 1.236033081, svyquantile(qrule = "math") 2, 2, 4,
  // confint 1.612574744 to 3.720758590.
  auto level = [](double score, std::uint64_t count, std::vector<double> weights) {
    ScoreCount s;
    s.score = score;
    s.count = count;
    for (double w : weights) {
      s.weight += w;
      s.squares += w * w;
      if (w > 0) ++s.positive;
    }
    return s;
  };
  std::vector<ScoreCount> scores = {level(4, 2, {0.5, 1.5}), level(1, 1, {1}), level(2, 2, {2, 0}),
                                    level(3, 1, {1}), level(5, 1, {0})};
  const Descriptives d = describe_weighted(scores, 0.95, 8);
  CHECK(d.n == 7);
  CHECK(d.weighted_n == doctest::Approx(6));
  CHECK(d.mean == doctest::Approx(2.666666667).epsilon(1e-9));
  CHECK(d.mean_se == doctest::Approx(0.537811884).epsilon(1e-9));
  CHECK(d.sd == doctest::Approx(1.236033081).epsilon(1e-9));
  CHECK(d.min == 1);
  CHECK(d.max == 4);  // the 5 weighs 0
  CHECK(d.q1 == 2);
  CHECK(d.median == 2);  // the cumulative share of 2 is exactly 0.5
  CHECK(d.q3 == 4);
  REQUIRE(d.has_ci);
  CHECK(d.mean_ci.low == doctest::Approx(1.612574744).epsilon(1e-9));
  CHECK(d.mean_ci.high == doctest::Approx(3.720758590).epsilon(1e-9));
  CHECK(describe_weighted({}, 0.95, 0).n == 0);
}

TEST_CASE("weighted intervals use the design-based effective n") {
  // p = 30 / 60, the yes' squared weights 50, the base's 140, a design of
  // 4 rows: V = 4/3 · (0.25 · 50 + 0.25 · 90) / 3600 = 0.012963,
  // n* = 0.25 / V = 19.29.
  SummaryRow r;
  r.kind = "answer";
  r.count = 2;
  r.base = 3;
  r.weighted_count = 30;
  r.weighted_base = 60;
  r.weighted_squares = 50;
  r.weighted_base_squares = 140;
  const WeightedShare share = weighted_share(r, 4);
  CHECK(share.p == doctest::Approx(0.5));
  CHECK(share.trials == doctest::Approx(0.25 / (4.0 / 3 * 35 / 3600)));
  std::vector<SummaryRow> rows = {r};
  IntervalOptions o;
  o.method = IntervalMethod::Wald;
  o.decimals = 6;
  o.weighted = true;
  o.design_rows = 4;
  add_intervals(rows, o);
  const double half = 1.959963985 * std::sqrt(4.0 / 3 * 35 / 3600);
  CHECK(std::stod(rows[0].ci_low) == doctest::Approx(100 * (0.5 - half)).epsilon(1e-6));
  CHECK(std::stod(rows[0].ci_high) == doctest::Approx(100 * (0.5 + half)).epsilon(1e-6));
  // A base of weight 0: no interval.
  rows[0].weighted_base = rows[0].weighted_base_squares = rows[0].weighted_count = 0;
  rows[0].ci_low.clear();
  add_intervals(rows, o);
  CHECK(rows[0].ci_low.empty());
}
