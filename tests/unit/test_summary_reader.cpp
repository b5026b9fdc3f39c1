// Summary CSV reading: SummaryReader (columns by name, optional pairs, the
// checks that reject a file that is not a summary), write_summary_records.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "survey/count/summary_reader.hpp"
#include "survey/read/error.hpp"
#include "survey/render/output.hpp"

using namespace survey;

namespace {

std::string fmt_line(const Error& e) {
  return std::to_string(e.line()) + ": " + e.what();
}

std::vector<SummaryRecord> read(std::string bytes, SummaryColumns* columns = nullptr) {
  SummaryReader reader(memory_input(std::move(bytes), "s.csv"));
  if (columns) *columns = reader.columns();
  std::vector<SummaryRecord> out;
  SummaryRecord rec;
  while (reader.next(rec)) out.push_back(rec);
  return out;
}

std::string error_of(std::string bytes) {
  try {
    read(std::move(bytes));
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Data);
    return fmt_line(e);
  }
  return "";
}

}  // namespace

TEST_CASE("SummaryReader finds columns by name and keeps the optional pairs") {
  SummaryColumns columns;
  auto rows = read(
      "kind;percent;base;count;answer;group;by;label;question;weighted_count;weighted_base\r\n"
      "answer;75,7;692;524;Oui, une fois;;;Participation;q1;530,25;700\r\n"
      "mean;3,27;665;2174;1-4;;;Satisfaction;q7;;\r\n"
      "nps;-33;3;-1;0-10;;;Recommandation;q9;;\r\n",
      &columns);
  CHECK(columns.weighted);
  CHECK_FALSE(columns.ci);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].row.question == "q1");
  CHECK(rows[0].row.answer == "Oui, une fois");
  CHECK(rows[0].row.count == 524);
  CHECK(rows[0].row.base == 692);
  CHECK(rows[0].row.percent == "75.7");  // Decimal comma read as a point.
  CHECK(rows[0].weighted_count == "530,25");
  CHECK(rows[0].line == 2);
  CHECK(rows[1].row.kind == "mean");
  CHECK(rows[2].row.count == -1);
  CHECK(read("question,label,by,group,answer,count,base,percent,kind\n").empty());
}

TEST_CASE("SummaryReader rejects files that are not summaries") {
  const std::string h = "question,label,by,group,answer,count,base,percent,kind\n";
  CHECK(error_of("id,q1\n1,Oui\n").starts_with("1: not a summary CSV: unknown column \"id\""));
  CHECK(error_of(h + "q1,Q,,,Oui,1.5,2,75.0,answer\n") ==
        "2: count \"1.5\" is not a whole number from 0");
  CHECK(error_of(h + "q1,Q,,,Oui,-1,2,,answer\n") ==
        "2: count \"-1\" is not a whole number from 0");
  CHECK(error_of(h + "q1,Q,,,Oui,3,2,150.0,answer\n") == "2: count 3 is larger than its base 2");
  CHECK(error_of(h + "q1,Q,,,0-10,-3,2,,nps\n") == "2: count -3 is larger than its base 2");
  CHECK(error_of(h + "q1,Q,,,Oui,1,x,,answer\n") == "2: base \"x\" is not a whole number from 0");
  CHECK(error_of(h + "q1,Q,,,Oui,1,2,abc,answer\n") == "2: percent \"abc\" is not a number");
  CHECK(error_of(h + "q1,Q,,,Oui,1,2,50.0,Answer\n") == "2: bad kind \"Answer\"");
  CHECK(error_of(h + ",Q,,,Oui,1,2,50.0,answer\n") == "2: empty \"question\"");
  CHECK(error_of(h + "q1,Q,,Bretagne,Oui,1,2,50.0,answer\n") ==
        "2: group \"Bretagne\" without a \"by\" question");
  CHECK(error_of(h + "q1,Q,,,Oui,1,2,50.0,answer\nq1,R,,,Non,1,2,50.0,answer\n") ==
        "3: question q1 is labelled \"R\" here but \"Q\" on line 2");
  CHECK(error_of(h + "q1,Q,,,Oui,1,2,50.0,answer\nq1,Q,,,Non,1,3,33.3,answer\n") ==
        "3: base 3 of answer \"Non\" differs from base 2 of the same table on line 2");
  CHECK(
      error_of(
          h +
          "q1,Q,,,Oui,1,2,50.0,answer\nq2,R,,,A,1,1,100.0,answer\nq1,Q,,,Non,1,2,50.0,answer\n") ==
      "4: rows of question q1 are not together (it started on line 2)");
  CHECK(error_of("question,label,by,group,answer,count,base,percent,kind,ci_low,ci_high\n"
                 "q1,Q,,,Oui,1,2,50.0,answer,60.0,40.0\n") ==
        "2: ci_low 60.0 is above ci_high 40.0");
  // A mean row's count is a sum of scores; other kinds need no check of their base.
  CHECK(error_of(h + "q7,Q,,,1-4,13.5,5,2.70,mean\nq7,Q,,,x,7,2,,custom\n").empty());
}

TEST_CASE("write_summary_records writes what the reader reads") {
  const std::string text =
      "question,label,by,group,answer,count,base,percent,kind,weighted_count,weighted_base,ci_low,"
      "ci_high\n"
      "q1,\"Participation, en %\",region,Bretagne,Oui,3,4,75.0,answer,3.5,4.25,30.1,95.4\n";
  SummaryColumns columns;
  auto rows = read(text, &columns);
  std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") +
                     "/survey-summary-test.csv";
  {
    Output out(path);
    write_summary_records(out, rows, columns);
    out.commit();
  }
  SummaryFile back = read_summary(path);
  std::remove(path.c_str());
  REQUIRE(back.records.size() == 1);
  CHECK(back.columns == columns);
  CHECK(back.records[0].row.label == "Participation, en %");
  CHECK(back.records[0].ci_high == "95.4");
}
