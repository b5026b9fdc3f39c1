// Trends across periods (stats/trend.hpp): statuses, changes, tests.
#include "survey/stats/trend.hpp"

#include <doctest/doctest.h>

#include "helpers.hpp"

using namespace survey;

namespace {

SummaryFile summary(const std::string& body) {
  test::TempFile f("question,label,by,group,answer,count,base,percent,kind\n" + body);
  return read_summary(f.path);
}

}  // namespace

TEST_CASE("trend: changes are the differences of the percentages as written, tests from counts") {
  // 30/40 = 75.0 % then 20/50 = 40.0 %: -35.0 points; R: prop.test(c(30, 20),
  // c(40, 50), correct = FALSE)$p.value = 0.0008989127881
  std::vector<SummaryFile> files{summary("q1,Q,,,Oui,30,40,75.0,answer\nq1,Q,,,Non,10,40,25.0,answer\n"),
                                 summary("q1,Q,,,Oui,20,50,40.0,answer\nq1,Q,,,Non,30,50,60.0,answer\n")};
  Diagnostics w;
  Trend t = build_trend({"a", "b"}, files, {}, w);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].cells[0].change == "");
  CHECK(t.rows[0].cells[1].change == "-35.0");
  CHECK(t.rows[1].cells[1].change == "+35.0");
  REQUIRE(t.rows[0].cells[1].p);
  CHECK(*t.rows[0].cells[1].p == doctest::Approx(0.0008989127881).epsilon(1e-9));
  CHECK(t.rows[0].cells[1].significant);
  CHECK(t.tests == 2);
  TrendOptions bonf;
  bonf.bonferroni = true;
  Trend tb = build_trend({"a", "b"}, files, bonf, w);
  CHECK(*tb.rows[0].cells[1].p == doctest::Approx(2 * *t.rows[0].cells[1].p));
}

TEST_CASE("trend: not listed, absent, 0 responses") {
  std::vector<SummaryFile> files{
      summary("q1,Q,,,Oui,3,4,75.0,answer\nq1,Q,,,Non,1,4,25.0,answer\nq2,R,,,x,1,1,100.0,answer\n"),
      summary("q1,Q,,,Oui,2,2,100.0,answer\n"), summary("")};
  Diagnostics w;
  Trend t = build_trend({"a", "b", "c"}, files, {}, w);
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[1].answer == "Non");
  CHECK(t.rows[1].cells[1].status == TrendStatus::NotListed);
  CHECK(t.rows[1].cells[1].percent == "0.0");
  CHECK(t.rows[1].cells[1].base == 2);
  CHECK(t.rows[1].cells[1].change == "-25.0");
  CHECK(t.rows[2].cells[1].status == TrendStatus::Absent);
  CHECK(t.rows[2].cells[1].change == "");
  CHECK(t.rows[0].cells[2].status == TrendStatus::NoResponses);
  CHECK_FALSE(t.rows[0].cells[2].p);
  CHECK(t.period_empty == std::vector<bool>{false, false, true});
}

TEST_CASE("trend: summaries that cannot be compared") {
  Diagnostics w;
  std::vector<SummaryFile> decimals{summary("q1,Q,,,Oui,1,3,33.3,answer\n"),
                                    summary("q1,Q,,,Oui,1,3,33.33,answer\n")};
  CHECK_THROWS_AS(build_trend({"a", "b"}, decimals, {}, w), Error);
  std::vector<SummaryFile> by{summary("q1,Q,,,Oui,1,1,100.0,answer\nq1,Q,r,N,Oui,1,1,100.0,answer\n"),
                              summary("q1,Q,,,Oui,1,1,100.0,answer\nq1,Q,s,N,Oui,1,1,100.0,answer\n")};
  CHECK_THROWS_AS(build_trend({"a", "b"}, by, {}, w), Error);
  TrendOptions bad;
  bad.alpha = 1;
  CHECK_THROWS_AS(build_trend({"a", "b"}, decimals, bad, w), Error);
}
