// Date windows on the submission column, for `survey filter`: --since,
// --until, --last 7d|4w|1m, --week 2020-W27, --month 2020-07, read in a time
// zone of the tz database (Howard Hinnant's date/tz over the system's
// /usr/share/zoneinfo) so that days and weeks follow the local calendar
// across daylight-saving changes; and finding which column says when each
// response was submitted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "survey/model/codebook.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/read/formats.hpp"
#include "survey/read/values.hpp"

namespace date {
class time_zone;
}

namespace survey {

// A time zone of the tz database ("Europe/Paris", "UTC", "America/Halifax").
class TimeZone {
 public:
  // Throws a usage error naming --tz when the zone is unknown.
  explicit TimeZone(const std::string& name);

  const std::string& name() const noexcept { return m_name; }

  // The UTC instant of a local wall-clock time (seconds since 1970-01-01 in
  // the proleptic Gregorian calendar, as DateTime holds them). A time that
  // occurs twice (when clocks go back) is the first of the two; a time that
  // does not occur (when clocks go forward) is the instant of the change.
  std::int64_t to_utc(std::int64_t local_seconds) const;
  // The local wall-clock time of a UTC instant.
  std::int64_t to_local(std::int64_t utc_seconds) const;
  // `utc_seconds` as local ISO 8601 with its offset: 2020-07-06T00:00:00+02:00.
  std::string format(std::int64_t utc_seconds) const;

 private:
  std::string m_name;
  const date::time_zone* m_zone = nullptr;
};

// The UTC instant of a value read from an export: as given when it carried
// an offset (DateTime::utc), else its wall-clock time in `zone`.
std::int64_t instant_of(const DateTime& value, const TimeZone& zone);

// The options that make a window, as given on the command line (empty: not
// given).
struct WindowSpec {
  std::string since;  // A date or a date and time: from then on.
  std::string until;  // A date (the whole day included) or a date and time (included).
  std::string last;   // 7d, 2w, 1m (months), 36h: up to `now`.
  std::string week;   // ISO week 2020-W27: Monday 00:00 to the next Monday 00:00.
  std::string month;  // 2020-07: the 1st 00:00 to the next month's 1st 00:00.
  std::string now;    // The time --last counts back from (default: the clock).
};

// A half-open interval [begin, end) of UTC instants; an unset bound is open.
struct DateWindow {
  std::optional<std::int64_t> begin;
  std::optional<std::int64_t> end;

  bool bounded() const noexcept { return begin.has_value() || end.has_value(); }
  bool contains(std::int64_t utc) const noexcept {
    return (!begin || utc >= *begin) && (!end || utc < *end);
  }
};

// The intersection of every window option given. Dates and times without an
// offset are wall-clock times in `zone`. --last counts back from `now` (UTC
// seconds) by hours exactly, or by calendar days, weeks and months in
// `zone`: 7d before Monday 10:00 is the previous Monday 10:00, whether 167,
// 168 or 169 hours have passed; a month back from 31 March is 28 or 29
// February. Throws a usage error naming the option for a value it cannot read
// (`--week 2020-W54`, `--last -3d`, `--last 0d`), and when the window is empty.
DateWindow make_window(const WindowSpec& spec, const TimeZone& zone, std::int64_t now);

// The current time in UTC seconds, or --now read in `zone`.
std::int64_t window_now(const std::string& now, const TimeZone& zone);

// "from 2020-06-29T00:00:00+02:00 to 2020-07-06T00:00:00+02:00 (excluded)".
std::string describe_window(const DateWindow& window, const TimeZone& zone);

// How to read day and month in this export's dates: SurveyMonkey writes
// month first (07/08/2020 is July 8), every other layout day first.
DateOrder default_date_order(Format format) noexcept;

// The column saying when each response was submitted, or nullopt: among
// the codebook's `datetime` questions (`questions`, may be empty) the one
// whose header names a submission (Horodateur, Timestamp, Date de
// soumission, submitdate, Submitted Time, Completion time, End Date, end,
// _submission_time, ...), else the first; without any, the first header that
// names a submission; else the first column whose sampled values (`sample`,
// rows as read) are dates, 95 % of the non-empty ones at least.
std::optional<std::size_t> find_date_column(const std::vector<std::string>& header,
                                            const std::vector<Question>& questions,
                                            const std::vector<std::vector<std::string>>& sample,
                                            DateOrder order);

// The first `rows` records of `path` read with `options` (for
// find_date_column() when the header says nothing).
std::vector<std::vector<std::string>> sample_rows(const std::string& path,
                                                  const ReaderOptions& options, std::size_t rows);

}  // namespace survey
