// Numbers, dates and durations: parse_number, parse_datetime, format_datetime,
// parse_duration.
#include <doctest/doctest.h>

#include <string>

#include "survey/read/values.hpp"

using namespace survey;

namespace {

// Seconds since 1970 for a civil date and time, computed independently of the
// library (Howard Hinnant's days_from_civil).
std::int64_t at(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
  return days * 86400 + hh * 3600 + mm * 60 + ss;
}

DateTime local(std::int64_t seconds, bool has_time = true) { return {seconds, has_time, false}; }
DateTime utc(std::int64_t seconds) { return {seconds, true, true}; }

}  // namespace

TEST_CASE("parse_number reads plain integers and decimals") {
  CHECK(parse_number("12") == 12.0);
  CHECK(parse_number("-3.5") == -3.5);
  CHECK(parse_number("+7") == 7.0);
  CHECK(parse_number("0") == 0.0);
  CHECK(parse_number("007") == 7.0);
  CHECK(parse_number(".5") == 0.5);
  CHECK(parse_number("\xE2\x88\x92" "2") == -2.0);  // U+2212 MINUS SIGN
  CHECK(parse_number("1e3") == 1000.0);
  CHECK(parse_number("2.5E-2") == 0.025);
  CHECK(parse_number("2,5e+1") == 25.0);
  CHECK(parse_number("1,234e3") == 1234.0);
}

TEST_CASE("parse_number reads decimal commas") {
  CHECK(parse_number("3,5") == 3.5);
  CHECK(parse_number("-0,25") == -0.25);
  CHECK(parse_number(",5") == 0.5);
  CHECK(parse_number("1,234") == 1.234);  // A lone comma is decimal: the French reading.
  CHECK(parse_number("1,5") == 1.5);
  CHECK(parse_number("1,2345") == 1.2345);
}

TEST_CASE("parse_number reads thousands separators") {
  CHECK(parse_number("1 234,5") == 1234.5);
  CHECK(parse_number("1\xC2\xA0" "234,5") == 1234.5);      // U+00A0
  CHECK(parse_number("1\xE2\x80\xAF" "234,5") == 1234.5);  // U+202F
  CHECK(parse_number("1 234 567") == 1234567.0);
  CHECK(parse_number("12 345.25") == 12345.25);
  CHECK(parse_number("1,234.5") == 1234.5);
  CHECK(parse_number("1.234,5") == 1234.5);
  CHECK(parse_number("1,234,567") == 1234567.0);
  CHECK(parse_number("1.234.567") == 1234567.0);
  CHECK(parse_number("1.234.567,89") == doctest::Approx(1234567.89));
  CHECK(parse_number("-1 000") == -1000.0);
}

TEST_CASE("parse_number ignores surrounding white space") {
  CHECK(parse_number("  12 ") == 12.0);
  CHECK(parse_number("\t3,5\r\n") == 3.5);
  CHECK(parse_number("\xC2\xA0" "42\xE2\x80\xAF") == 42.0);
}

TEST_CASE("parse_number rejects what is not a number") {
  for (std::string text :
       {"", "   ", "12abc", "abc", "nan", "NaN", "inf", "-inf", "infinity", "0x10", "1.", "1,",
        ".", ",", "-", "+", "+-1", "--1", "1..2", "1,,2", "12 34", "1 2", "1,23,456", "1 234 56",
        "1234 567", "1.234 567", "12,345.678,9", "1,234,567.8.9", "1 e3", "1e", "1e+", "e3",
        "1e3.5", "1e999", "- 1", "12%", "3/4", "1_000", "\xE2\x88\x92", "1\xC2", "\xFF"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_number(text).has_value());
  }
  CHECK_FALSE(parse_number(std::string(101, '1')).has_value());
  CHECK(parse_number(std::string(100, '1')).has_value());
}

TEST_CASE("parse_datetime reads ISO 8601 dates and times") {
  CHECK(parse_datetime("2020-07-07") == local(at(2020, 7, 7), false));
  CHECK(parse_datetime("2020-07-07 11:02:13") == local(at(2020, 7, 7, 11, 2, 13)));
  CHECK(parse_datetime("2020-07-07T11:02:13") == local(at(2020, 7, 7, 11, 2, 13)));
  CHECK(parse_datetime("2020-07-07t11:02") == local(at(2020, 7, 7, 11, 2)));
  CHECK(parse_datetime("2020-07-07T11:02:13.123") == local(at(2020, 7, 7, 11, 2, 13)));
  CHECK(parse_datetime("2020-07-07T11:02:13,5") == local(at(2020, 7, 7, 11, 2, 13)));
  CHECK(parse_datetime("  2020-07-07 11:02  ") == local(at(2020, 7, 7, 11, 2)));
  CHECK(parse_datetime("1970-01-01") == local(0, false));
  CHECK(parse_datetime("1969-12-31 23:59:59") == local(-1));
  CHECK(parse_datetime("0001-01-01") == local(at(1, 1, 1), false));
  CHECK(parse_datetime("9999-12-31 23:59:59") == local(at(9999, 12, 31, 23, 59, 59)));
}

TEST_CASE("parse_datetime converts to UTC when an offset is given") {
  CHECK(parse_datetime("2020-07-07T11:02:13.123+02:00") == utc(at(2020, 7, 7, 9, 2, 13)));
  CHECK(parse_datetime("2020-07-07T11:02:13Z") == utc(at(2020, 7, 7, 11, 2, 13)));
  CHECK(parse_datetime("2020-07-07T11:02:13z") == utc(at(2020, 7, 7, 11, 2, 13)));
  CHECK(parse_datetime("2020-07-07 11:02:13 Z") == utc(at(2020, 7, 7, 11, 2, 13)));
  CHECK(parse_datetime("2020-07-07T11:02:13+0200") == utc(at(2020, 7, 7, 9, 2, 13)));
  CHECK(parse_datetime("2020-07-07T11:02:13+02") == utc(at(2020, 7, 7, 9, 2, 13)));
  CHECK(parse_datetime("2020-07-07 11:02:13 -05:30") == utc(at(2020, 7, 7, 16, 32, 13)));
  CHECK(parse_datetime("2020-07-07T01:00:00+02:00") == utc(at(2020, 7, 6, 23, 0, 0)));
  CHECK(parse_datetime("2020-07-07 11:02 UTC") == utc(at(2020, 7, 7, 11, 2)));
  CHECK(parse_datetime("2020-07-07 11:02 UTC+2") == utc(at(2020, 7, 7, 9, 2)));
  CHECK(parse_datetime("2020-07-07 11:02 GMT+2") == utc(at(2020, 7, 7, 9, 2)));
  CHECK(parse_datetime("2020-07-07 11:02 gmt-03:30") == utc(at(2020, 7, 7, 14, 32)));
  CHECK(parse_datetime("2020-07-07 11:02 UTC+14") == utc(at(2020, 7, 6, 21, 2)));
}

TEST_CASE("parse_datetime reads French and European day-first dates") {
  CHECK(parse_datetime("07/07/2020") == local(at(2020, 7, 7), false));
  CHECK(parse_datetime("08/07/2020") == local(at(2020, 7, 8), false));
  CHECK(parse_datetime("7/8/2020") == local(at(2020, 8, 7), false));
  CHECK(parse_datetime("07/07/2020 11:02") == local(at(2020, 7, 7, 11, 2)));
  CHECK(parse_datetime("07/07/2020 11:02:13") == local(at(2020, 7, 7, 11, 2, 13)));
  CHECK(parse_datetime("07/07/2020 9:05") == local(at(2020, 7, 7, 9, 5)));
  CHECK(parse_datetime("07.07.2020 11:02") == local(at(2020, 7, 7, 11, 2)));
  CHECK(parse_datetime("07-08-2020") == local(at(2020, 8, 7), false));
  CHECK(parse_datetime("7/7/2020, 11:02:13") == local(at(2020, 7, 7, 11, 2, 13)));
}

TEST_CASE("parse_datetime reads Google Forms' year-first English timestamps") {
  CHECK(parse_datetime("2022/06/22 11:07:29 AM AST") == local(at(2022, 6, 22, 11, 7, 29)));
  CHECK(parse_datetime("2022/06/22 11:07:29 PM AST") == local(at(2022, 6, 22, 23, 7, 29)));
  CHECK(parse_datetime("2022/6/2 1:07:29 pm CEST") == local(at(2022, 6, 2, 13, 7, 29)));
  CHECK(parse_datetime("2022/06/22 12:07:29 AM EDT") == local(at(2022, 6, 22, 0, 7, 29)));
  CHECK(parse_datetime("2022/06/22 12:07:29 PM") == local(at(2022, 6, 22, 12, 7, 29)));
  CHECK(parse_datetime("2022/06/22 11:07:29 AM GMT+2") == utc(at(2022, 6, 22, 9, 7, 29)));
  CHECK(parse_datetime("2022/06/22 11:07:29 PM UTC-4") == utc(at(2022, 6, 23, 3, 7, 29)));
  CHECK(parse_datetime("2022/06/22 11:07:29 a.m.") == local(at(2022, 6, 22, 11, 7, 29)));
  CHECK(parse_datetime("2022/06/22 11:07:29 p.m.") == local(at(2022, 6, 22, 23, 7, 29)));
  CHECK(parse_datetime("2022/06/22 11:07:29\xE2\x80\xAF" "AM") == local(at(2022, 6, 22, 11, 7, 29)));
  CHECK(parse_datetime("2022/06/22 11:07:29AM") == local(at(2022, 6, 22, 11, 7, 29)));
}

TEST_CASE("parse_datetime reads SurveyMonkey's month-first dates when told so") {
  CHECK(parse_datetime("07/08/2020 11:02:13 AM", DateOrder::MonthFirst) ==
        local(at(2020, 7, 8, 11, 2, 13)));
  CHECK(parse_datetime("07/08/2020 11:02:13 AM", DateOrder::DayFirst) ==
        local(at(2020, 8, 7, 11, 2, 13)));
  CHECK(parse_datetime("12/31/2020 11:02:13 PM", DateOrder::MonthFirst) ==
        local(at(2020, 12, 31, 23, 2, 13)));
  CHECK_FALSE(parse_datetime("31/12/2020", DateOrder::MonthFirst));
  CHECK_FALSE(parse_datetime("12/31/2020", DateOrder::DayFirst));
  // ISO and year-first dates ignore the order.
  CHECK(parse_datetime("2020-07-08", DateOrder::MonthFirst) == local(at(2020, 7, 8), false));
  CHECK(parse_datetime("2020/07/08", DateOrder::MonthFirst) == local(at(2020, 7, 8), false));
}

TEST_CASE("parse_datetime in Auto order is day first unless the second number exceeds 12") {
  CHECK(parse_datetime("07/08/2020") == local(at(2020, 8, 7), false));
  CHECK(parse_datetime("07/13/2020") == local(at(2020, 7, 13), false));
  CHECK(parse_datetime("13/07/2020") == local(at(2020, 7, 13), false));
  CHECK(parse_datetime("12/12/2020") == local(at(2020, 12, 12), false));
  CHECK_FALSE(parse_datetime("13/13/2020"));
}

TEST_CASE("parse_datetime reads Drupal's short format") {
  CHECK(parse_datetime("07/07/2020 - 11:02") == local(at(2020, 7, 7, 11, 2)));
  CHECK(parse_datetime("07/07/2020 - 11:02", DateOrder::MonthFirst) == local(at(2020, 7, 7, 11, 2)));
  CHECK(parse_datetime("08/07/2020 - 23:59") == local(at(2020, 7, 8, 23, 59)));
}

TEST_CASE("parse_datetime rejects invalid dates and times") {
  for (std::string text :
       {"", " ", "2020", "2020-07", "2020-7-7", "20-07-07", "07/07/20", "07/07", "31/02/2020",
        "29/02/2019", "2020-02-30", "2020-13-01", "2020-00-10", "2020-01-00", "0000-01-01",
        "32/01/2020", "07/07/2020 25:00", "07/07/2020 24:00", "07/07/2020 11:60",
        "07/07/2020 11:02:60", "07/07/2020 11", "07/07/2020 11:2", "07/07/2020 111:02",
        "07/07/2020 13:00 PM", "07/07/2020 0:30 AM", "07/07/2020T",
        "2020-07-07T", "2020-07-07 T11:02", "2020-07-07x11:02", "07/07/2020 -11:02",
        "07/07/2020,11:02", "07/07-2020", "07/07/2020/", "2020/07-07", "2020-07-07Z",
        "2020-07-07 11:02:13 +2", "2020-07-07 11:02:13 +15:00", "2020-07-07 11:02:13 +02:60",
        "2020-07-07 11:02:13 +02:0", "2020-07-07 11:02:13 UTC+", "2020-07-07 11:02:13 UTC+2x",
        "2020-07-07 11:02:13 A", "2020-07-07 11:02:13 ABCDEF", "2020-07-07 11:02:13AST",
        "2020-07-07 11:02:13 AST PDT", "2020-07-07 11:02:13.", "2020-07-07 11:02:13 12",
        "0001-01-01 00:30 +01:00", "9999-12-31 23:30 -01:00", "12020-07-07", "7/7/2020 a",
        "hier", "2020-07-07\xFF", "\xC2"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_datetime(text).has_value());
  }
}

TEST_CASE("format_datetime writes ISO 8601 that reads back") {
  CHECK(format_datetime(local(at(2020, 7, 7), false)) == "2020-07-07");
  CHECK(format_datetime(local(at(2020, 7, 7, 11, 2, 13))) == "2020-07-07T11:02:13");
  CHECK(format_datetime(utc(at(2020, 7, 7, 9, 2, 13))) == "2020-07-07T09:02:13Z");
  CHECK(format_datetime(local(-1)) == "1969-12-31T23:59:59");
  CHECK(format_datetime(local(at(1, 1, 1), false)) == "0001-01-01");
  for (std::string text : {"2022/06/22 11:07:29 PM AST", "07/07/2020 - 11:02", "2020-07-07",
                           "2020-07-07T11:02:13.123+02:00", "1900-02-28 00:00"}) {
    CAPTURE(text);
    auto value = parse_datetime(text);
    REQUIRE(value);
    CHECK(parse_datetime(format_datetime(*value)) == value);
  }
}

TEST_CASE("parse_duration reads numbers with units") {
  CHECK(parse_duration("7d") == 7 * 86400);
  CHECK(parse_duration("24h") == 24 * 3600);
  CHECK(parse_duration("30m") == 30 * 60);
  CHECK(parse_duration("2w") == 14 * 86400);
  CHECK(parse_duration("45s") == 45);
  CHECK(parse_duration("1d12h") == 36 * 3600);
  CHECK(parse_duration(" 1w 2d ") == 9 * 86400);
  CHECK(parse_duration("7 d") == 7 * 86400);
  CHECK(parse_duration("0d") == 0);
}

TEST_CASE("parse_duration rejects other texts") {
  for (std::string text : {"", " ", "7", "d", "7D", "30M", "-7d", "+7d", "7.5d", "7,5d", "7days",
                           "7y", "7d3", "d7", "999999999999999w", "1234567890123456s"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_duration(text).has_value());
  }
}
