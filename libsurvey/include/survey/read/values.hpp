// Numbers, dates and durations as questionnaire exports write them: decimal
// commas and thousands separators, the timestamp formats of the usual
// platforms (ISO 8601, French day-first, Google Forms, SurveyMonkey, Drupal),
// and the short durations of `survey filter --last 7d`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace survey {

// Reads a number written by a person or a spreadsheet. Leading and trailing
// white space (including no-break spaces) is ignored. Accepted:
// - an optional sign (`+`, `-` or the minus sign U+2212), then digits;
// - a decimal separator, `.` or `,`, followed by at least one digit; the
//   integer part may be left out (`.5`, `,5`);
// - thousands separators between groups of exactly three digits (the first
//   group has one to three): a space, U+00A0 or U+202F (`1 234 567,5`), `,`
//   (`1,234,567.5`) or `.` (`1.234.567,5`);
// - an exponent after a number without thousands separators (`1e3`, `2,5E-2`).
// The rule for `.` and `,`: when a separator character occurs once and is the
// last separator, it is the decimal separator; every other separator groups
// thousands. So `3,5` and `1 234,5` are decimal commas, `1,234.5` and
// `1.234,5` are both 1234.5, `1,234,567` is 1234567, and a lone `1,234` is
// 1.234: a French reading, since French exports are this toolkit's first
// audience (an English export that groups thousands writes `1,234.0` or has
// several groups). Rejected: empty text, `12abc`, `nan`, `inf`, hexadecimal,
// `1.`, misplaced or mixed group separators (`12 34`, `1,23,456`), values that
// overflow a double, and texts longer than 100 bytes after trimming.
// Never throws and never allocates.
std::optional<double> parse_number(std::string_view text) noexcept;

// A point in time read from an export. `seconds` counts from
// 1970-01-01T00:00:00 in the proleptic Gregorian calendar. When the text gave
// a UTC offset (`Z`, `+02:00`, `UTC+2`), the time was converted to UTC and
// `utc` is true; otherwise `seconds` is the local wall-clock time as written,
// with no time zone applied. A date without a time is midnight with
// `has_time` false. Fractions of a second are accepted and dropped.
struct DateTime {
  std::int64_t seconds = 0;
  bool has_time = false;
  bool utc = false;

  friend bool operator==(const DateTime&, const DateTime&) = default;
};

// How to read the two leading numbers of `07/08/2020`.
enum class DateOrder {
  DayFirst,    // 7 August 2020: French and most European exports.
  MonthFirst,  // July 8 2020: SurveyMonkey and other US exports.
  Auto,        // Day first, except when the second number exceeds 12
               // (`07/13/2020` is then July 13). Decide per column when you
               // can: one `13/07/2020` in a column settles it.
};

// Reads a date or a date and time. Leading and trailing white space is
// ignored and letters are case-insensitive. Dates:
// - `2020-07-07` (ISO 8601, two-digit month and day);
// - `2020/07/07`, `2020/7/7` (year first, as Google Forms writes in English);
// - `07/07/2020`, `7/7/2020`, `07.07.2020`, `07-07-2020`: day and month in
//   `order`. Years always have four digits: `07/07/20` is rejected.
// A time may follow a space, a `T`, or a ` - ` or `, ` (Drupal's
// `07/07/2020 - 11:02`): `H:MM`, `H:MM:SS` or `H:MM:SS.fff` (`,fff` too), on a
// 24-hour clock, or a 12-hour clock when `AM`/`PM` (or `a.m.`/`p.m.`)
// follows. After the time, a zone:
// - `Z`, `+02:00`, `+0200`, `+02`, `-05:00` (directly or after a space), or
//   `UTC`/`GMT` alone or with an offset (`UTC+2`, `GMT-03:30`): the time is
//   converted to UTC, up to ±14:00;
// - any other word of two to five letters (`AST`, `CEST`, `EDT`): ignored, the
//   wall time is taken as is, since abbreviations are ambiguous (AST is both
//   UTC-4 and UTC+3).
// Invalid dates and times are rejected (`31/02/2020`, `25:00`, `13:00 PM`,
// `0:30 AM`, seconds past 59), as is anything left over. Years run from 1 to
// 9999. Never throws and never allocates.
std::optional<DateTime> parse_datetime(std::string_view text,
                                       DateOrder order = DateOrder::Auto) noexcept;

// ISO 8601: `2020-07-07` without a time, `2020-07-07T11:02:13` with one, and
// `2020-07-07T09:02:13Z` for a UTC time. parse_datetime() reads it back.
std::string format_datetime(const DateTime& value);

// Reads a duration in seconds: one or more numbers each followed by a unit,
// `s` (seconds), `m` (minutes), `h` (hours), `d` (days) or `w` (weeks), as in
// `7d`, `24h`, `30m`, `2w` or `1d12h`. Units are lower case (`M` could be
// mistaken for months); spaces are allowed around and between the parts.
// Returns nullopt for anything else, negative values and overflow. Zero
// (`0d`) is accepted: the caller decides whether it makes sense.
std::optional<std::int64_t> parse_duration(std::string_view text) noexcept;

// For fuzzing: runs parse_number(), parse_datetime() in every order,
// format_datetime() and parse_duration() on arbitrary bytes, and checks that
// what parse_datetime() accepts formats and reads back to the same value.
// Throws std::logic_error when that does not hold (a fuzzer reports it as a
// crash); invalid input is not an error. A libFuzzer target only has to call
// it.
void fuzz_values(std::string_view bytes);

}  // namespace survey
