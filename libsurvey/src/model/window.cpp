// Date windows and the submission column. See window.hpp.
#include "survey/model/window.hpp"

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

#include "survey/read/error.hpp"
#include "survey/read/text.hpp"

namespace survey {
namespace {

constexpr std::int64_t kDay = 86400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

date::year_month_day civil(std::int64_t local_seconds) {
  return date::year_month_day{date::sys_days{date::days{floor_div(local_seconds, kDay)}}};
}

std::int64_t local_midnight(const date::year_month_day& ymd) {
  return static_cast<std::int64_t>(date::sys_days{ymd}.time_since_epoch().count()) * kDay;
}

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int number(std::string_view s) {
  return std::atoi(std::string(s).c_str());
}

// Headers that say when a response was submitted, most telling first.
const std::vector<std::string>& submission_headers() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const char* n :
         {"horodateur", "timestamp", "marca temporal", "zeitstempel", "informazioni cronologiche",
          "date de soumission", "date submitted", "submitdate", "submitted time", "submitted",
          "date de reponse", "completion time", "heure de fin", "end date", "date de fin", "end",
          "_submission_time", "submission time", "date"})
      names.push_back(fold(n));
    return names;
  }();
  return kNames;
}

// The rank of a header among submission_headers() (smaller is better).
std::size_t submission_rank(std::string_view header) {
  const auto& names = submission_headers();
  std::string h = fold(header);
  for (std::size_t i = 0; i < names.size(); ++i)
    if (h == names[i]) return i;
  return names.size();
}

}  // namespace

TimeZone::TimeZone(const std::string& name) : m_name(name) {
  try {
    m_zone = date::locate_zone(name);
  } catch (const std::exception&) {
    throw usage_error(
        fmt::format("--tz {}: unknown time zone", name),
        "name a zone of the tz database, such as Europe/Paris, America/Guadeloupe or UTC "
        "(see /usr/share/zoneinfo)");
  }
}

std::int64_t TimeZone::to_utc(std::int64_t local_seconds) const {
  date::local_seconds local{std::chrono::seconds{local_seconds}};
  date::local_info info = m_zone->get_info(local);
  if (info.result == date::local_info::nonexistent)
    return std::chrono::duration_cast<std::chrono::seconds>(info.first.end.time_since_epoch())
        .count();
  return local_seconds - info.first.offset.count();
}

std::int64_t TimeZone::to_local(std::int64_t utc_seconds) const {
  date::sys_seconds utc{std::chrono::seconds{utc_seconds}};
  return utc_seconds + m_zone->get_info(utc).offset.count();
}

std::string TimeZone::format(std::int64_t utc_seconds) const {
  std::int64_t local = to_local(utc_seconds);
  std::int64_t offset = (local - utc_seconds) / 60;
  DateTime dt{local, true, false};
  std::string text = format_datetime(dt);
  char sign = offset < 0 ? '-' : '+';
  offset = std::llabs(offset);
  return fmt::format("{}{}{:02}:{:02}", text, sign, offset / 60, offset % 60);
}

std::int64_t instant_of(const DateTime& value, const TimeZone& zone) {
  return value.utc ? value.seconds : zone.to_utc(value.seconds);
}

std::int64_t window_now(const std::string& now, const TimeZone& zone) {
  if (now.empty())
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  auto dt = parse_datetime(now, DateOrder::DayFirst);
  if (!dt)
    throw usage_error(fmt::format("--now \"{}\" is not a date and time", now),
                      "write it as 2020-07-07T11:00 (in --tz) or 2020-07-07T09:00Z");
  return instant_of(*dt, zone);
}

DateWindow make_window(const WindowSpec& spec, const TimeZone& zone, std::int64_t now) {
  DateWindow w;
  auto narrow = [&](std::int64_t begin, std::int64_t end) {
    w.begin = w.begin ? std::max(*w.begin, begin) : begin;
    w.end = w.end ? std::min(*w.end, end) : end;
  };
  auto point = [&](const std::string& text, const char* option) {
    auto dt = parse_datetime(text, DateOrder::DayFirst);
    if (!dt)
      throw usage_error(fmt::format("{} \"{}\" is not a date", option, text),
                        "write 2020-07-01 or 2020-07-01T08:00 (or 01/07/2020), in --tz unless an "
                        "offset is given");
    return *dt;
  };
  if (!spec.since.empty()) {
    DateTime dt = point(spec.since, "--since");
    w.begin = instant_of(dt, zone);
  }
  if (!spec.until.empty()) {
    DateTime dt = point(spec.until, "--until");
    std::int64_t end = dt.has_time ? instant_of(dt, zone) + 1
                                   : (dt.utc ? dt.seconds + kDay : zone.to_utc(dt.seconds + kDay));
    w.end = w.end ? std::min(*w.end, end) : end;
  }
  if (!spec.last.empty()) {
    std::string_view text = trim(spec.last);
    const char* hint =
        "give a whole number and a unit: 7d (days), 2w (weeks), 1m (months), 36h (hours)";
    std::int64_t begin = 0;
    const std::int64_t local_now = zone.to_local(now);
    if (text.size() >= 2 && text.back() == 'm' && digits(text.substr(0, text.size() - 1))) {
      if (text.size() > 6) throw usage_error(fmt::format("--last {}: too many months", text), hint);
      int months = number(text.substr(0, text.size() - 1));
      if (months <= 0) throw usage_error("--last must be a positive duration", hint);
      date::year_month_day ymd = civil(local_now);
      std::int64_t time_of_day = local_now - local_midnight(ymd);
      date::year_month_day back = ymd - date::months{months};
      if (!back.ok()) back = back.year() / back.month() / date::last;
      begin = zone.to_utc(local_midnight(back) + time_of_day);
    } else {
      auto seconds = parse_duration(text);
      if (!seconds)
        throw usage_error(fmt::format("--last \"{}\" is not a duration", spec.last), hint);
      if (*seconds <= 0) throw usage_error("--last must be a positive duration", hint);
      if (*seconds > 1000LL * 366 * kDay)
        throw usage_error(fmt::format("--last {}: too long", text), hint);
      begin = *seconds % kDay == 0 ? zone.to_utc(local_now - *seconds) : now - *seconds;
    }
    narrow(begin, now + 1);
  }
  if (!spec.week.empty()) {
    std::string_view t = trim(spec.week);
    auto at = t.find_first_of("Ww");
    std::string_view y = at == std::string_view::npos ? std::string_view() : t.substr(0, at);
    if (!y.empty() && y.back() == '-') y.remove_suffix(1);
    std::string_view n = at == std::string_view::npos ? std::string_view() : t.substr(at + 1);
    iso_week::year_weeknum_weekday ywd{iso_week::year{1}, iso_week::weeknum{1}, iso_week::mon};
    bool ok = y.size() == 4 && digits(y) && (n.size() == 1 || n.size() == 2) && digits(n);
    if (ok) {
      ywd = iso_week::year_weeknum_weekday{iso_week::year{number(y)},
                                           iso_week::weeknum{static_cast<unsigned>(number(n))},
                                           iso_week::mon};
      ok = ywd.ok() && number(y) >= 1;
    }
    if (!ok)
      throw usage_error(fmt::format("--week \"{}\" is not an ISO week", spec.week),
                        "write 2020-W27 (weeks run from Monday, 1 to 52 or 53)");
    std::int64_t monday =
        static_cast<std::int64_t>(date::sys_days{ywd}.time_since_epoch().count()) * kDay;
    narrow(zone.to_utc(monday), zone.to_utc(monday + 7 * kDay));
  }
  if (!spec.month.empty()) {
    std::string_view t = trim(spec.month);
    bool ok = t.size() == 7 && t[4] == '-' && digits(t.substr(0, 4)) && digits(t.substr(5));
    int y = ok ? number(t.substr(0, 4)) : 0, m = ok ? number(t.substr(5)) : 0;
    if (!ok || y < 1 || m < 1 || m > 12)
      throw usage_error(fmt::format("--month \"{}\" is not a month", spec.month), "write 2020-07");
    date::year_month_day first = date::year{y} / m / 1;
    narrow(zone.to_utc(local_midnight(first)),
           zone.to_utc(local_midnight(first + date::months{1})));
  }
  if (w.begin && w.end && *w.begin >= *w.end)
    throw usage_error(fmt::format("the date window is empty ({})", describe_window(w, zone)),
                      "check --since, --until, --last, --week and --month");
  return w;
}

std::string describe_window(const DateWindow& w, const TimeZone& zone) {
  if (w.begin && w.end)
    return fmt::format("from {} to {} (excluded)", zone.format(*w.begin), zone.format(*w.end));
  if (w.begin) return fmt::format("from {}", zone.format(*w.begin));
  if (w.end) return fmt::format("before {}", zone.format(*w.end));
  return "any date";
}

DateOrder default_date_order(Format format) noexcept {
  return format == Format::SurveyMonkey ? DateOrder::MonthFirst : DateOrder::DayFirst;
}

std::optional<std::size_t> find_date_column(const std::vector<std::string>& header,
                                            const std::vector<Question>& questions,
                                            const std::vector<std::vector<std::string>>& sample,
                                            DateOrder order) {
  const std::size_t none = submission_headers().size();
  std::optional<std::size_t> best;
  std::size_t best_rank = none + 1;
  for (const auto& q : questions)
    if (q.type == QuestionType::Datetime && q.columns.size() == 1) {
      std::size_t rank = submission_rank(header[q.columns[0]]);
      if (rank < best_rank) {
        best = q.columns[0];
        best_rank = rank;
      }
    }
  if (best) return best;
  for (std::size_t j = 0; j < header.size(); ++j) {
    std::size_t rank = submission_rank(header[j]);
    if (rank < none && rank < best_rank) {
      best = j;
      best_rank = rank;
    }
  }
  if (best) return best;
  for (std::size_t j = 0; j < header.size(); ++j) {
    std::size_t values = 0, dates = 0;
    for (const auto& row : sample) {
      if (j >= row.size() || row[j].empty()) continue;
      ++values;
      if (parse_datetime(row[j], order)) ++dates;
    }
    if (values > 0 && dates * 100 >= values * 95) return j;
  }
  return std::nullopt;
}

std::vector<std::vector<std::string>> sample_rows(const std::string& path,
                                                  const ReaderOptions& options, std::size_t rows) {
  ReaderOptions o = options;
  o.allow_empty = true;
  CsvReader reader(open_input(path), o);
  std::vector<std::vector<std::string>> out;
  Row row;
  while (out.size() < rows && reader.next(row))
    out.emplace_back(row.values().begin(), row.values().end());
  return out;
}

}  // namespace survey
