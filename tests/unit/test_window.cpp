// Date windows: TimeZone, instant_of on every export date format, make_window
// (weeks, months, --last across daylight-saving changes), find_date_column.
// Expected instants are worked out by hand: Europe/Paris is UTC+1, and UTC+2
// from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00
// UTC (29 March and 25 October in 2020).
#include <doctest/doctest.h>

#include <string>

#include "survey/model/window.hpp"
#include "survey/read/error.hpp"

using namespace survey;

namespace {

// Seconds since 1970 of a civil UTC time (Howard Hinnant's days_from_civil,
// written out so that the test does not use the library it checks).
std::int64_t at(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
  return days * 86400 + hh * 3600 + mm * 60 + ss;
}

std::int64_t instant(std::string_view text, DateOrder order = DateOrder::DayFirst) {
  auto dt = parse_datetime(text, order);
  REQUIRE_MESSAGE(dt.has_value(), text);
  return instant_of(*dt, TimeZone("Europe/Paris"));
}

std::string usage_message(const WindowSpec& spec, std::int64_t now = 0) {
  try {
    make_window(spec, TimeZone("Europe/Paris"), now);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("TimeZone rejects an unknown zone, naming --tz") {
  try {
    TimeZone zone("Europe/Pariss");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK(std::string(e.what()) == "--tz Europe/Pariss: unknown time zone");
  }
}

TEST_CASE("TimeZone::to_utc and to_local") {
  TimeZone paris("Europe/Paris");
  CHECK(paris.to_utc(at(2020, 7, 7, 11, 2)) == at(2020, 7, 7, 9, 2));
  CHECK(paris.to_utc(at(2020, 1, 15, 12)) == at(2020, 1, 15, 11));
  // 29 March 2020, 02:30 does not exist (02:00 -> 03:00): the instant of the change.
  CHECK(paris.to_utc(at(2020, 3, 29, 2, 30)) == at(2020, 3, 29, 1));
  // 25 October 2020, 02:30 occurs twice (03:00 -> 02:00): the first one, in summer time.
  CHECK(paris.to_utc(at(2020, 10, 25, 2, 30)) == at(2020, 10, 25, 0, 30));
  CHECK(paris.to_local(at(2020, 10, 25, 0, 30)) == at(2020, 10, 25, 2, 30));
  CHECK(paris.to_local(at(2020, 10, 25, 1, 30)) == at(2020, 10, 25, 2, 30));
  CHECK(paris.format(at(2020, 7, 5, 22)) == "2020-07-06T00:00:00+02:00");
  CHECK(paris.format(at(2020, 10, 31, 23)) == "2020-11-01T00:00:00+01:00");
  CHECK(TimeZone("UTC").to_utc(at(2020, 7, 7, 11)) == at(2020, 7, 7, 11));
  CHECK(TimeZone("America/Guadeloupe").to_utc(at(2020, 7, 7, 11)) == at(2020, 7, 7, 15));
}

TEST_CASE("instant_of reads every export's date format") {
  // ISO 8601 with an offset (LimeSurvey API, Kobo's start/end), and UTC.
  CHECK(instant("2020-07-07T11:02:00+02:00") == at(2020, 7, 7, 9, 2));
  CHECK(instant("2020-07-07T08:00:14.406+02:00") == at(2020, 7, 7, 6, 0, 14));
  CHECK(instant("2020-07-07T09:02:00Z") == at(2020, 7, 7, 9, 2));
  // ISO without an offset (LimeSurvey's submitdate, Kobo's _submission_time): wall time in --tz.
  CHECK(instant("2020-07-07T11:02:00") == at(2020, 7, 7, 9, 2));
  CHECK(instant("2020-07-06 19:12:44") == at(2020, 7, 6, 17, 12, 44));
  // French day first (Google Forms in French, Excel, Microsoft Forms).
  CHECK(instant("07/07/2020 11:02") == at(2020, 7, 7, 9, 2));
  CHECK(instant("02/03/2020 19:13:25") == at(2020, 3, 2, 18, 13, 25));
  // Google Forms in English: year first, 12-hour clock, a zone abbreviation taken as --tz.
  CHECK(instant("2022/06/22 11:07:29 AM AST") == at(2022, 6, 22, 9, 7, 29));
  CHECK(instant("2022/06/22 1:07:29 PM AST") == at(2022, 6, 22, 11, 7, 29));
  // SurveyMonkey: month first, 12-hour clock.
  CHECK(instant("07/07/2020 11:02:13 AM", DateOrder::MonthFirst) == at(2020, 7, 7, 9, 2, 13));
  CHECK(instant("07/08/2020 01:02:13 PM", DateOrder::MonthFirst) == at(2020, 7, 8, 11, 2, 13));
  // Framaforms (Drupal): "dd/mm/yyyy - hh:mm".
  CHECK(instant("06/07/2020 - 20:43") == at(2020, 7, 6, 18, 43));
  // A date alone is its midnight.
  CHECK(instant("2020-07-07") == at(2020, 7, 6, 22));
}

TEST_CASE("make_window: ISO weeks and months in local time") {
  TimeZone paris("Europe/Paris");
  WindowSpec w27;
  w27.week = "2020-W27";
  DateWindow w = make_window(w27, paris, 0);
  CHECK(*w.begin == at(2020, 6, 28, 22));
  CHECK(*w.end == at(2020, 7, 5, 22));
  CHECK(w.contains(at(2020, 7, 5, 21, 59, 59)));
  CHECK_FALSE(w.contains(at(2020, 7, 5, 22)));
  // The week of the change to summer time has 167 hours.
  WindowSpec w13;
  w13.week = "2020w13";
  w = make_window(w13, paris, 0);
  CHECK(*w.begin == at(2020, 3, 22, 23));
  CHECK(*w.end == at(2020, 3, 29, 22));
  WindowSpec october;
  october.month = "2020-10";
  w = make_window(october, paris, 0);
  CHECK(*w.begin == at(2020, 9, 30, 22));
  CHECK(*w.end == at(2020, 10, 31, 23));
  WindowSpec w53;
  w53.week = "2020-W53";  // 2020 has 53 ISO weeks: 28 December 2020 to 3 January 2021.
  w = make_window(w53, paris, 0);
  CHECK(*w.begin == at(2020, 12, 27, 23));
  CHECK(*w.end == at(2021, 1, 3, 23));
}

TEST_CASE("make_window: --last counts calendar days back across a daylight-saving change") {
  TimeZone paris("Europe/Paris");
  const std::int64_t now =
      at(2020, 10, 28, 11);  // Wednesday 28 October, 12:00 in Paris (winter time).
  WindowSpec week;
  week.last = "7d";
  DateWindow w = make_window(week, paris, now);
  // Wednesday 21 October, 12:00 in Paris (summer time): 169 hours before.
  CHECK(*w.begin == at(2020, 10, 21, 10));
  CHECK(*w.end == now + 1);
  CHECK(*w.end - *w.begin == 169 * 3600 + 1);
  WindowSpec weeks;
  weeks.last = "1w";
  CHECK(*make_window(weeks, paris, now).begin == at(2020, 10, 21, 10));
  WindowSpec hours;
  hours.last = "36h";  // Hours are exact.
  CHECK(*make_window(hours, paris, now).begin == now - 36 * 3600);
  WindowSpec month;
  month.last = "1m";  // Months, calendar: 31 March back to 29 February 2020.
  CHECK(*make_window(month, paris, at(2020, 3, 31, 8)).begin == at(2020, 2, 29, 9));
  CHECK(*make_window(month, paris, now).begin == at(2020, 9, 28, 10));
}

TEST_CASE("make_window: --since and --until, dates and times") {
  TimeZone paris("Europe/Paris");
  WindowSpec spec;
  spec.since = "2020-07-01";
  spec.until = "2020-07-07";  // The whole of 7 July.
  DateWindow w = make_window(spec, paris, 0);
  CHECK(*w.begin == at(2020, 6, 30, 22));
  CHECK(*w.end == at(2020, 7, 7, 22));
  spec.until = "2020-07-07T11:00";  // Up to 11:00:00 included.
  CHECK(*make_window(spec, paris, 0).end == at(2020, 7, 7, 9) + 1);
  spec.until = "07/07/2020";  // Day first.
  CHECK(*make_window(spec, paris, 0).end == at(2020, 7, 7, 22));
  spec.since = "2020-07-01T00:00:00Z";  // With an offset: as given.
  CHECK(*make_window(spec, paris, 0).begin == at(2020, 7, 1));
  // Options together: their intersection.
  spec = WindowSpec{};
  spec.month = "2020-07";
  spec.week = "2020-W27";
  w = make_window(spec, paris, 0);
  CHECK(*w.begin == at(2020, 6, 30, 22));
  CHECK(*w.end == at(2020, 7, 5, 22));
  CHECK_FALSE(make_window(WindowSpec{}, paris, 0).bounded());
}

TEST_CASE("make_window rejects what it cannot read, naming the option") {
  WindowSpec s;
  s.week = "2020-W54";
  CHECK(usage_message(s) == "--week \"2020-W54\" is not an ISO week");
  s.week = "2021-W53";  // 2021 has 52 weeks.
  CHECK(usage_message(s) == "--week \"2021-W53\" is not an ISO week");
  s = WindowSpec{};
  s.last = "0d";
  CHECK(usage_message(s) == "--last must be a positive duration");
  s.last = "-3d";
  CHECK(usage_message(s) == "--last \"-3d\" is not a duration");
  s.last = "7 days";
  CHECK(usage_message(s) == "--last \"7 days\" is not a duration");
  s.last = "99999999m";
  CHECK(usage_message(s) == "--last 99999999m: too many months");
  s.last = "100000w";
  CHECK(usage_message(s) == "--last 100000w: too long");
  s = WindowSpec{};
  s.month = "2020-13";
  CHECK(usage_message(s) == "--month \"2020-13\" is not a month");
  s = WindowSpec{};
  s.since = "31/02/2020";
  CHECK(usage_message(s) == "--since \"31/02/2020\" is not a date");
  s.since = "2020-07-08";
  s.until = "2020-07-01";
  CHECK(usage_message(s).starts_with("the date window is empty"));
}

TEST_CASE("find_date_column") {
  std::vector<Question> none;
  std::vector<std::vector<std::string>> no_sample;
  CHECK(find_date_column({"Horodateur", "Région"}, none, no_sample, DateOrder::DayFirst) == 0u);
  // LimeSurvey: the submission date, not the start date.
  CHECK(find_date_column({"ID de la réponse", "Date de lancement", "Date de soumission"}, none,
                         no_sample, DateOrder::DayFirst) == 2u);
  // Kobo: `end` carries an offset, `_submission_time` does not.
  CHECK(find_date_column({"start", "end", "q1", "_submission_time"}, none, no_sample,
                         DateOrder::DayFirst) == 1u);
  CHECK(find_date_column({"Respondent ID", "Start Date", "End Date"}, none, no_sample,
                         DateOrder::MonthFirst) == 2u);
  // No telling header: the first column of dates in the sample.
  std::vector<std::vector<std::string>> sample = {
      {"1", "Oui", "07/07/2020 10:00"}, {"2", "Non", ""}, {"3", "Oui", "08/07/2020 09:00"}};
  CHECK(find_date_column({"n", "q1", "quand"}, none, sample, DateOrder::DayFirst) == 2u);
  CHECK_FALSE(find_date_column({"n", "q1"}, none, sample, DateOrder::DayFirst).has_value());
  // The codebook's datetime questions come first.
  Question started;
  started.id = "debut";
  started.type = QuestionType::Datetime;
  started.columns = {1};
  CHECK(find_date_column({"Horodateur", "Début"}, {started}, no_sample, DateOrder::DayFirst) == 1u);
}
