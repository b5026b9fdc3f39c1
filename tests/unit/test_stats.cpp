// The statistics layer against R: every value of tests/reference/r-stats.csv
// (written by scripts/r-reference with R's own functions on data-samples/)
// is recomputed by the library from the same inputs and compared to 1e-6.
// Small cases checked by hand complete them.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "survey/model/codebook.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/stats/crosstab.hpp"
#include "survey/stats/descriptive.hpp"
#include "survey/stats/intervals.hpp"
#include "survey/stats/items.hpp"
#include "survey/stats/multivariate.hpp"
#include "survey/stats/proportion.hpp"
#include "survey/stats/scores.hpp"
#include "survey/stats/xtab.hpp"

using namespace survey;

namespace {

struct Ref {
  std::string case_name, statistic, row, col, col2;
  double value = 0;
};

const std::vector<Ref>& reference() {
  static const std::vector<Ref> rows = [] {
    std::vector<Ref> out;
    CsvReader reader(open_input(std::string(SURVEY_TESTS_DIR) + "/reference/r-stats.csv"));
    Row row;
    while (reader.next(row))
      out.push_back(Ref{std::string(row[0]), std::string(row[1]), std::string(row[2]),
                        std::string(row[3]), std::string(row[4]), std::stod(std::string(row[5]))});
    return out;
  }();
  return rows;
}

// The reference cases whose name starts with `prefix`, in file order.
std::vector<std::string> cases(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& r : reference())
    if (r.case_name.rfind(prefix, 0) == 0 && (out.empty() || out.back() != r.case_name))
      out.push_back(r.case_name);
  return out;
}

std::vector<Ref> rows_of(const std::string& case_name) {
  std::vector<Ref> out;
  for (const auto& r : reference())
    if (r.case_name == case_name) out.push_back(r);
  return out;
}

double value(const std::string& case_name, const std::string& statistic,
             const std::string& row = "", const std::string& col = "") {
  for (const auto& r : reference())
    if (r.case_name == case_name && r.statistic == statistic && r.row == row && r.col == col)
      return r.value;
  FAIL("no reference value " << case_name << " " << statistic << " " << row << " " << col);
  return NAN;
}

// Equal to 1e-6, relative for values above 1.
bool near(double got, double want) {
  return std::fabs(got - want) <= 1e-6 * std::max(1.0, std::fabs(want));
}

#define CHECK_NEAR(got, want, what) \
  CHECK_MESSAGE(near(got, want), what << ": " << (got) << " vs R " << (want))

CrossCounts table_of(const std::string& case_name, std::vector<std::string>* row_labels = nullptr,
                     std::vector<std::string>* col_labels = nullptr) {
  std::vector<std::string> rows, cols;
  std::map<std::pair<std::string, std::string>, double> cells;
  for (const auto& r : rows_of(case_name)) {
    if (r.statistic != "cell") continue;
    if (std::find(rows.begin(), rows.end(), r.row) == rows.end()) rows.push_back(r.row);
    if (std::find(cols.begin(), cols.end(), r.col) == cols.end()) cols.push_back(r.col);
    cells[{r.row, r.col}] = r.value;
  }
  CrossCounts t(rows.size(), cols.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < cols.size(); ++j) t.at(i, j) = cells[{rows[i], cols[j]}];
  if (row_labels) *row_labels = rows;
  if (col_labels) *col_labels = cols;
  return t;
}

Question likert(std::string id, std::size_t column, std::vector<std::string> labels) {
  Question q;
  q.id = std::move(id);
  q.type = QuestionType::Likert;
  q.columns = {column};
  for (std::size_t i = 0; i < labels.size(); ++i)
    q.levels.push_back(Level{labels[i], static_cast<double>(i + 1)});
  return q;
}

Question numeric(std::string id, std::size_t column, QuestionType type = QuestionType::Numeric) {
  Question q;
  q.id = std::move(id);
  q.type = type;
  q.columns = {column};
  return q;
}

const std::vector<std::string> kAgree5 = {"Pas du tout d'accord", "Plutôt pas d'accord",
                                          "Ni d'accord ni pas d'accord", "Plutôt d'accord",
                                          "Tout à fait d'accord"};

const char* const kItemIds[] = {"accueil_etait_chaleureux", "supports_etaient_clairs",
                                "formateur_maitrisait_son", "rythme_etait_adapte",
                                "exercices_etaient_utiles"};

// The formation sample's five agreement items (columns 5-9), with the overall mark (column 10) when
// asked.
std::vector<Question> formation_items(bool with_outcome) {
  std::vector<Question> items;
  for (std::size_t i = 0; i < 5; ++i) items.push_back(likert(kItemIds[i], 4 + i, kAgree5));
  items.back().missing = {"Sans réponse"};
  if (with_outcome) items.push_back(numeric("note_globale_formation", 9, QuestionType::Nps));
  return items;
}

// Streams a sample through ItemScan (twice, for the midranks).
ItemScan scan_sample(const std::string& sample, const std::vector<Question>& questions) {
  std::vector<const Question*> items;
  for (const auto& q : questions) items.push_back(&q);
  ItemScan scan(items, std::vector<int>(items.size(), -1), true);
  for (int pass = 0; pass < 2; ++pass) {
    CsvReader reader(open_input(std::string(SURVEY_SAMPLES_DIR) + "/" + sample));
    Row row;
    while (reader.next(row)) pass == 0 ? scan.add(row, 0) : scan.add_ranks(row, 0);
  }
  return scan;
}

}  // namespace

TEST_CASE("proportion_interval") {
  const auto all = cases("prop/");
  REQUIRE(all.size() >= 10);
  for (const auto& c : all) {
    const double x = value(c, "x"), n = value(c, "n");
    for (const char* level : {"0.95", "0.9"}) {
      const double l = std::stod(level);
      const struct {
        IntervalMethod method;
        const char* name;
      } methods[] = {{IntervalMethod::Wilson, "wilson"},
                     {IntervalMethod::ClopperPearson, "clopper_pearson"},
                     {IntervalMethod::Wald, "wald"}};
      for (const auto& m : methods) {
        Interval ci = proportion_interval(x, n, m.method, l);
        CHECK_NEAR(ci.low, value(c, std::string(m.name) + "_low", level),
                   c << " " << m.name << " low " << level);
        CHECK_NEAR(ci.high, value(c, std::string(m.name) + "_high", level),
                   c << " " << m.name << " high " << level);
        CHECK(ci.low >= 0);
        CHECK(ci.high <= 1);
      }
    }
  }
}

TEST_CASE("two_proportion_test") {
  const auto all = cases("ztest/");
  REQUIRE(all.size() == 2);
  for (const auto& c : all) {
    ProportionTest t =
        two_proportion_test(value(c, "x1"), value(c, "n1"), value(c, "x2"), value(c, "n2"));
    REQUIRE(t.valid);
    CHECK_NEAR(t.p, value(c, "p"), c);
    CHECK_NEAR(t.z * t.z, value(c, "z2"), c);
  }
  // Checked by hand: equal proportions give z = 0, p = 1; a pooled proportion of 0 is not a test.
  CHECK(two_proportion_test(5, 10, 10, 20).p == doctest::Approx(1.0));
  CHECK_FALSE(two_proportion_test(0, 10, 0, 20).valid);
  CHECK_FALSE(two_proportion_test(1, 0, 1, 2).valid);
}

TEST_CASE("bonferroni") {
  CHECK(bonferroni(0.01, 3) == doctest::Approx(0.03));
  CHECK(bonferroni(0.4, 3) == 1.0);
  CHECK(bonferroni(0.2, 0) == doctest::Approx(0.2));
}

TEST_CASE("two_sided_z") {
  CHECK(two_sided_z(0.95) == doctest::Approx(1.959963985).epsilon(1e-9));
}

TEST_CASE("pearson_chi_square") {
  const auto all = cases("xtab/");
  REQUIRE(all.size() == 7);
  for (const auto& c : all) {
    ChiSquareTest t = pearson_chi_square(table_of(c));
    REQUIRE(t.valid);
    CHECK_NEAR(t.statistic, value(c, "chi2"), c << " chi2");
    CHECK_NEAR(t.df, value(c, "df"), c << " df");
    CHECK_NEAR(t.p, value(c, "p"), c << " p");
    CHECK_NEAR(t.n, value(c, "n"), c << " n");
    CHECK_NEAR(t.cramers_v, value(c, "cramers_v"), c << " V");
    CHECK_NEAR(static_cast<double>(t.small_expected), value(c, "expected_under_5"),
               c << " expected < 5");
    CHECK_NEAR(static_cast<double>(t.cells), value(c, "cells"), c << " cells");
    CHECK_NEAR(t.min_expected, value(c, "min_expected"), c << " min expected");
  }
  // An empty row and column are left out: the same test as without them.
  CrossCounts t(3, 3);
  t.at(0, 0) = 10, t.at(0, 1) = 20, t.at(1, 0) = 30, t.at(1, 1) = 5;
  ChiSquareTest with_empty = pearson_chi_square(t);
  CrossCounts u(2, 2);
  u.at(0, 0) = 10, u.at(0, 1) = 20, u.at(1, 0) = 30, u.at(1, 1) = 5;
  CHECK(with_empty.statistic == doctest::Approx(pearson_chi_square(u).statistic));
  CHECK(with_empty.df == 1);
  CHECK(with_empty.cells == 4);
  // One row with answers is no test.
  CrossCounts one(2, 2);
  one.at(0, 0) = 3, one.at(0, 1) = 4;
  CHECK_FALSE(pearson_chi_square(one).valid);
}

TEST_CASE("ChiSquareTest::small_expected_warning") {
  ChiSquareTest t;
  t.valid = true;
  t.cells = 10;
  t.small_expected = 2;
  CHECK_FALSE(t.small_expected_warning());  // 20 % is not more than 20 %.
  t.small_expected = 3;
  CHECK(t.small_expected_warning());
}

TEST_CASE("fisher_exact_2x2") {
  std::size_t tables = 0;
  for (const auto& c : cases("xtab/")) {
    const auto refs = rows_of(c);
    if (std::any_of(refs.begin(), refs.end(),
                    [](const Ref& r) { return r.statistic == "fisher_p"; })) {
      ++tables;
      CrossCounts t = table_of(c);
      REQUIRE(t.rows == 2);
      auto u = [&](std::size_t i, std::size_t j) { return static_cast<std::uint64_t>(t.at(i, j)); };
      CHECK_NEAR(fisher_exact_2x2(u(0, 0), u(0, 1), u(1, 0), u(1, 1)), value(c, "fisher_p"), c);
    }
  }
  CHECK(tables == 1);
  const auto edges = cases("fisher/");
  REQUIRE(edges.size() == 3);
  for (const auto& c : edges) {
    auto v = [&](const char* s) { return static_cast<std::uint64_t>(value(c, s)); };
    CHECK_NEAR(fisher_exact_2x2(v("a"), v("b"), v("c"), v("d")), value(c, "fisher_p"), c);
  }
  CHECK(fisher_exact_2x2(0, 0, 0, 0) == 1);
}

TEST_CASE("compare_column_proportions") {
  for (const auto& c : cases("xtab/")) {
    std::vector<std::string> rows, cols;
    CrossCounts t = table_of(c, &rows, &cols);
    // R's significant pairs at 0.05, as (row, higher, lower) labels.
    std::set<std::tuple<std::string, std::string, std::string>> want;
    std::map<std::tuple<std::string, std::string, std::string>, double> p_of;
    const auto refs = rows_of(c);
    for (const auto& r : refs) {
      if (r.statistic != "pair_p" || r.value >= 0.05) continue;
      double diff = 0;
      for (const auto& d : refs)
        if (d.statistic == "pair_diff" && d.row == r.row && d.col == r.col && d.col2 == r.col2)
          diff = d.value;
      auto key =
          diff > 0 ? std::make_tuple(r.row, r.col, r.col2) : std::make_tuple(r.row, r.col2, r.col);
      want.insert(key);
      p_of[key] = r.value;
    }
    std::set<std::tuple<std::string, std::string, std::string>> got;
    for (const auto& d : compare_column_proportions(t, 0.05)) {
      auto key = std::make_tuple(rows[d.row], cols[d.higher], cols[d.lower]);
      got.insert(key);
      if (p_of.count(key)) CHECK_NEAR(d.p, p_of[key], c);
    }
    CHECK_MESSAGE(got == want, c);
  }
}

TEST_CASE("quantile_type7") {
  // R: quantile(1:4, c(0.25, 0.5, 0.75)) = 1.75 2.5 3.25; quantile(c(1, 1, 1, 5), 0.75) = 2.
  std::vector<ScoreCount> one_to_four = {{1, 1}, {2, 1}, {3, 1}, {4, 1}};
  CHECK(quantile_type7(one_to_four, 0.25) == doctest::Approx(1.75));
  CHECK(quantile_type7(one_to_four, 0.5) == doctest::Approx(2.5));
  CHECK(quantile_type7(one_to_four, 0.75) == doctest::Approx(3.25));
  CHECK(quantile_type7({{1, 3}, {5, 1}}, 0.75) == doctest::Approx(2));
  CHECK(quantile_type7({{7, 1}}, 0.5) == 7);
  CHECK(quantile_type7(one_to_four, 0) == 1);
  CHECK(quantile_type7(one_to_four, 1) == 4);
}

TEST_CASE("describe") {
  const auto all = cases("describe/");
  REQUIRE(all.size() >= 12);
  for (const auto& c : all) {
    std::vector<ScoreCount> counts;
    for (const auto& r : rows_of(c))
      if (r.statistic == "count")
        counts.push_back(ScoreCount{std::stod(r.row), static_cast<std::uint64_t>(r.value)});
    for (const char* level : {"0.95", "0.9"}) {
      Descriptives d = describe(counts, std::stod(level));
      CHECK_NEAR(static_cast<double>(d.n), value(c, "n"), c);
      CHECK_NEAR(d.mean, value(c, "mean"), c << " mean");
      CHECK_NEAR(d.sd, value(c, "sd"), c << " sd");
      CHECK_NEAR(d.min, value(c, "min"), c << " min");
      CHECK_NEAR(d.q1, value(c, "q1"), c << " q1");
      CHECK_NEAR(d.median, value(c, "median"), c << " median");
      CHECK_NEAR(d.q3, value(c, "q3"), c << " q3");
      CHECK_NEAR(d.max, value(c, "max"), c << " max");
      REQUIRE(d.has_ci);
      CHECK_NEAR(d.mean_ci.low, value(c, "mean_ci_low", level), c << " ci low " << level);
      CHECK_NEAR(d.mean_ci.high, value(c, "mean_ci_high", level), c << " ci high " << level);
    }
  }
  Descriptives none = describe({}, 0.95);
  CHECK(none.n == 0);
  CHECK_FALSE(none.has_ci);
  Descriptives single = describe({{4, 1}, {2, 0}}, 0.95);
  CHECK(single.n == 1);
  CHECK(single.mean == 4);
  CHECK(single.sd == 0);
  CHECK_FALSE(single.has_ci);
}

TEST_CASE("Scorer") {
  Question q = likert("q7", 0, {"Insatisfait", "Peu satisfait", "Satisfait", "Très satisfait"});
  q.missing = {"NSP"};
  Scorer s(q);
  CHECK(s("Satisfait") == 3.0);
  CHECK(s("TRES SATISFAIT") == 4.0);  // Loosely, as freq matches levels.
  CHECK_FALSE(s(""));
  CHECK_FALSE(s("NSP"));
  CHECK_FALSE(s.outside("NSP"));
  CHECK_FALSE(s("Bof"));
  CHECK(s.outside("Bof"));
  Scorer nps(numeric("nps", 0, QuestionType::Nps));
  CHECK(nps("10") == 10.0);
  CHECK_FALSE(nps("11"));
  CHECK_FALSE(nps("7,5"));
  Scorer number(numeric("hours", 0));
  CHECK(number("7,5") == 7.5);
  CHECK(Scorer::scorable(q));
  Question single;
  single.type = QuestionType::Single;
  single.levels = {Level{"Oui", std::nullopt}, Level{"Non", std::nullopt}};
  CHECK_FALSE(Scorer::scorable(single));
  single.levels = {Level{"Oui", 1.0}, Level{"Non", 0.0}};
  CHECK(Scorer::scorable(single));
}

TEST_CASE("Midranks") {
  // R: rank(c(1, 1, 2, 3, 3, 3)) = 1.5 1.5 3 5 5 5.
  Midranks m({{1.0, 2}, {2.0, 1}, {3.0, 3}});
  CHECK(m(1.0) == 1.5);
  CHECK(m(2.0) == 3);
  CHECK(m(3.0) == 5);
  CHECK(std::isnan(m(4.0)));
}

TEST_CASE("CrossProducts::merge") {
  CrossProducts all(2), a(2), b(2);
  const double rows[][2] = {{1, 2}, {3, 5}, {4, 4}, {2, 8}, {9, 1}};
  for (int i = 0; i < 5; ++i) {
    all.add(rows[i]);
    (i < 2 ? a : b).add(rows[i]);
  }
  a.merge(b);
  CHECK(a.n() == 5);
  CHECK(a.mean(0) == doctest::Approx(all.mean(0)));
  CHECK(a.covariance(0, 1) == doctest::Approx(all.covariance(0, 1)));
  CHECK(a.covariance(1, 1) == doctest::Approx(all.covariance(1, 1)));
  // By hand: x = 1, 3, 4, 2, 9 has mean 3.8 and variance 9.7.
  CHECK(all.mean(0) == doctest::Approx(3.8));
  CHECK(all.covariance(0, 0) == doctest::Approx(9.7));
}

TEST_CASE("correlation") {
  // COET-MOF q4 (column 6) and q7 (column 9).
  std::vector<Question> qs = {
      likert("q4", 5, {"Insatisfaisant", "Peu satisfaisant", "Satisfaisant", "Très satisfaisant"}),
      likert("q7", 8, {"Insatisfait", "Peu satisfait", "Satisfait", "Très satisfait"})};
  ItemScan coet = scan_sample("coet-mof-2020.csv", qs);
  const std::string c = "cor/coet/q4-q7";
  CHECK(static_cast<double>(coet.scores().n()) == value(c, "n"));
  CHECK_NEAR(correlation(coet.scores(), 0, 1), value(c, "pearson", "q4", "q7"), "pearson");
  CHECK_NEAR(correlation(coet.ranks(), 0, 1), value(c, "spearman", "q4", "q7"), "spearman");

  // The formation sample: five agreement items (columns 5-9) and the overall mark (10).
  std::vector<Question> items = formation_items(true);
  ItemScan form = scan_sample("formation-2021.csv", items);
  const std::string f = "cor/formation/items-overall";
  CHECK(static_cast<double>(form.scores().n()) == value(f, "n"));
  for (std::size_t i = 0; i < items.size(); ++i)
    for (std::size_t j = 0; j < items.size(); ++j) {
      CHECK_NEAR(correlation(form.scores(), i, j), value(f, "pearson", items[i].id, items[j].id),
                 items[i].id);
      CHECK_NEAR(correlation(form.ranks(), i, j), value(f, "spearman", items[i].id, items[j].id),
                 items[i].id);
    }

  // Numbers with decimal commas (the hours) and an NPS-like mark.
  std::vector<Question> numbers = {numeric("age", 10), numeric("heures_formation_suivies", 11),
                                   numeric("note_globale_formation", 9, QuestionType::Nps)};
  ItemScan n = scan_sample("formation-2021.csv", numbers);
  const std::string g = "cor/formation/age-hours-overall";
  CHECK(static_cast<double>(n.scores().n()) == value(g, "n"));
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      CHECK_NEAR(correlation(n.scores(), i, j), value(g, "pearson", numbers[i].id, numbers[j].id),
                 numbers[i].id);
      CHECK_NEAR(correlation(n.ranks(), i, j), value(g, "spearman", numbers[i].id, numbers[j].id),
                 numbers[i].id);
    }
}

TEST_CASE("cronbach_alpha") {
  std::vector<Question> items = formation_items(false);
  const char* const* ids = kItemIds;
  ItemScan scan = scan_sample("formation-2021.csv", items);
  Reliability r = cronbach_alpha(scan.scores());
  const std::string c = "alpha/formation/items";
  REQUIRE(r.valid);
  CHECK(static_cast<double>(r.n) == value(c, "n"));
  CHECK_NEAR(r.alpha, value(c, "alpha"), "alpha");
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK_NEAR(r.items[i].alpha_if_deleted, value(c, "alpha_if_deleted", ids[i]), ids[i]);
    CHECK_NEAR(r.items[i].item_rest, value(c, "item_rest_r", ids[i]), ids[i]);
    CHECK_NEAR(scan.scores().mean(i), value(c, "mean", ids[i]), ids[i]);
    CHECK_NEAR(scan.scores().sd(i), value(c, "sd", ids[i]), ids[i]);
  }
  // Two identical items: alpha 1. One item: no alpha.
  CrossProducts same(2);
  for (double v : {1.0, 2.0, 4.0}) {
    const double row[] = {v, v};
    same.add(row);
  }
  CHECK(cronbach_alpha(same).alpha == doctest::Approx(1.0));
  CHECK_FALSE(cronbach_alpha(CrossProducts(1)).valid);
}

TEST_CASE("key_drivers") {
  std::vector<Question> items = formation_items(true);
  const char* const* ids = kItemIds;
  ItemScan scan = scan_sample("formation-2021.csv", items);
  DriverAnalysis a = key_drivers(scan.scores(), 5, {0, 1, 2, 3, 4});
  const std::string c = "drivers/formation/note_globale_formation";
  REQUIRE(a.valid);
  CHECK(static_cast<double>(a.n) == value(c, "n"));
  CHECK_NEAR(a.r_squared, value(c, "r_squared"), "R2");
  CHECK_NEAR(a.adj_r_squared, value(c, "adj_r_squared"), "adjusted R2");
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK_NEAR(a.drivers[i].beta, value(c, "beta", ids[i]), ids[i]);
    CHECK_NEAR(a.drivers[i].se, value(c, "se", ids[i]), ids[i]);
    CHECK_NEAR(a.drivers[i].t, value(c, "t", ids[i]), ids[i]);
    CHECK_NEAR(a.drivers[i].p, value(c, "p", ids[i]), ids[i]);
    CHECK_NEAR(a.drivers[i].r, value(c, "r", ids[i]), ids[i]);
  }
  // Collinear predictors (one is twice the other) give no coefficients.
  CrossProducts collinear(3);
  for (double v : {1.0, 2.0, 3.0, 5.0, 8.0}) {
    const double row[] = {v, 2 * v, v * v};
    collinear.add(row);
  }
  CHECK_FALSE(key_drivers(collinear, 2, {0, 1}).valid);
  CHECK(key_drivers(collinear, 2, {0}).valid);
}

TEST_CASE("add_intervals") {
  std::vector<SummaryRow> rows = {
      SummaryRow{"q", "Q", "", "", "Oui", 109, 692, "15.8", "answer"},
      SummaryRow{"q", "Q", "", "", "1-4", 2173, 665, "3.27", "mean"},
      SummaryRow{"q", "Q", "", "", "Non", 0, 0, "", "answer"},
  };
  add_intervals(rows, IntervalOptions{IntervalMethod::Wilson, 0.95, 1});
  // prop.test(109, 692, correct = FALSE): 13.23 %–18.65 %.
  CHECK(rows[0].ci_low == "13.2");
  CHECK(rows[0].ci_high == "18.7");
  CHECK(rows[1].ci_low.empty());
  CHECK(rows[2].ci_low.empty());
  CHECK(percent_bound_text(1.0, 2) == "100.00");
  CHECK(percent_bound_text(0.0, 0) == "0");
}

TEST_CASE("interval_options") {
  CHECK_FALSE(interval_options("", std::nullopt, 1));
  CHECK(interval_options("wald", 0.9, 1)->level == 0.9);
  CHECK_THROWS_AS(interval_options("", 0.9, 1), Error);
  CHECK_THROWS_AS(interval_options("agresti", std::nullopt, 1), Error);
  CHECK_THROWS_AS(interval_options("wilson", 95.0, 1), Error);
  CHECK_THROWS_AS(interval_options("wilson", 0.0, 1), Error);
}

TEST_CASE("column_letter") {
  CHECK(column_letter(0) == "A");
  CHECK(column_letter(25) == "Z");
  CHECK(column_letter(26) == "AA");
  CHECK(column_letter(27) == "AB");
  CHECK(column_letter(26 * 27) == "AAA");
}

TEST_CASE("statistic_text") {
  CHECK(statistic_text(0) == "0");
  CHECK(statistic_text(1.0 / 3) == "0.3333333333");
  CHECK(statistic_text(7.444462882e-24) == "7.444462882e-24");
  CHECK(statistic_text(NAN).empty());
}
