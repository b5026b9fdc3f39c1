// Numbers, dates and durations: hand-written scanners that never allocate, so
// that filters can call them on every cell.
#include "survey/read/values.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace survey {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The byte length of the white-space code point starting at s[i], or 0. The
// same set as trim() in text.hpp, matched byte for byte so that invalid UTF-8
// is safe.
std::size_t space_at(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  std::size_t left = s.size() - i;
  if (left == 0) return 0;
  if (b(0) == ' ' || (b(0) >= 0x09 && b(0) <= 0x0D)) return 1;
  if (left >= 2 && b(0) == 0xC2 && (b(1) == 0x85 || b(1) == 0xA0)) return 2;
  if (left < 3) return 0;
  if (b(0) == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;  // U+1680
  if (b(0) == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;  // U+3000
  if (b(0) == 0xE2 && b(1) == 0x80 &&
      (b(2) <= 0x8A || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF) && b(2) >= 0x80)
    return 3;  // U+2000..U+200A, U+2028, U+2029, U+202F
  if (b(0) == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;  // U+205F
  return 0;
}

std::string_view trim_spaces(std::string_view s) {
  std::size_t begin = 0;
  while (std::size_t n = space_at(s, begin)) begin += n;
  std::size_t end = s.size();
  while (end > begin) {
    std::size_t n = 0;
    for (std::size_t k = 1; k <= 3 && k <= end - begin && n == 0; ++k)
      if (space_at(s, end - k) == k) n = k;
    if (n == 0) break;
    end -= n;
  }
  return s.substr(begin, end - begin);
}

// ---------------------------------------------------------------- numbers

constexpr std::size_t kMaxNumberBytes = 100;

}  // namespace

std::optional<double> parse_number(std::string_view text) noexcept {
  std::string_view s = trim_spaces(text);
  if (s.empty() || s.size() > kMaxNumberBytes) return std::nullopt;

  char buf[kMaxNumberBytes + 8];
  std::size_t n = 0;
  std::size_t i = 0;
  if (s[0] == '+') {
    i = 1;
  } else if (s[0] == '-') {
    buf[n++] = '-';
    i = 1;
  } else if (s.starts_with("\xE2\x88\x92")) {  // U+2212 MINUS SIGN
    buf[n++] = '-';
    i = 3;
  }

  // First pass: digit groups and the separators between them (' ' stands for
  // every space-like separator).
  constexpr std::size_t kMaxGroups = kMaxNumberBytes + 2;
  std::size_t group[kMaxGroups] = {};
  char sep[kMaxGroups];
  std::size_t seps = 0;
  std::size_t body_begin = i;
  std::size_t exponent = std::string_view::npos;
  while (i < s.size()) {
    char c = s[i];
    std::size_t width = 1;
    char kind = 0;
    if (is_digit(c)) {
      ++group[seps];
    } else if (c == '.' || c == ',' || c == ' ') {
      kind = c;
    } else if (s.substr(i).starts_with("\xC2\xA0")) {
      kind = ' ';
      width = 2;
    } else if (s.substr(i).starts_with("\xE2\x80\xAF")) {
      kind = ' ';
      width = 3;
    } else if (c == 'e' || c == 'E') {
      exponent = i;
      break;
    } else {
      return std::nullopt;
    }
    if (kind) sep[seps++] = kind;
    i += width;
  }
  std::size_t body_end = i;

  // Which separator, if any, is the decimal one.
  std::size_t decimal = kMaxGroups;  // Index into sep[].
  if (seps > 0 && sep[seps - 1] != ' ') {
    std::size_t same = 0;
    for (std::size_t k = 0; k < seps; ++k) same += sep[k] == sep[seps - 1];
    if (same == 1) decimal = seps - 1;
  }
  std::size_t int_groups = decimal == kMaxGroups ? seps + 1 : seps;
  if (decimal != kMaxGroups && group[seps] == 0) return std::nullopt;
  if (int_groups == 1) {
    if (group[0] == 0 && decimal == kMaxGroups) return std::nullopt;
  } else {
    if (exponent != std::string_view::npos) return std::nullopt;
    if (group[0] == 0 || group[0] > 3) return std::nullopt;
    for (std::size_t k = 1; k < int_groups; ++k)
      if (group[k] != 3 || sep[k - 1] != sep[0]) return std::nullopt;
    if (decimal != kMaxGroups && sep[0] == sep[decimal]) return std::nullopt;
  }

  // Second pass: the plain form from_chars reads.
  std::size_t sep_index = 0;
  bool any_digit = false;
  for (std::size_t k = body_begin; k < body_end;) {
    char c = s[k];
    if (is_digit(c)) {
      buf[n++] = c;
      any_digit = true;
      ++k;
      continue;
    }
    if (sep_index++ == decimal) {
      if (!any_digit) buf[n++] = '0';
      buf[n++] = '.';
    }
    k += c == '\xC2' ? 2 : c == '\xE2' ? 3 : 1;
  }
  if (exponent != std::string_view::npos) {
    std::size_t k = exponent + 1;
    buf[n++] = 'e';
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) buf[n++] = s[k++];
    if (k >= s.size()) return std::nullopt;
    for (; k < s.size(); ++k) {
      if (!is_digit(s[k])) return std::nullopt;
      buf[n++] = s[k];
    }
  }

  double value = 0;
  auto [end, ec] = std::from_chars(buf, buf + n, value);
  if (ec != std::errc() || end != buf + n || !std::isfinite(value)) return std::nullopt;
  return value;
}

// ---------------------------------------------------------------- dates

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// A forward-only reader over the trimmed text.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : m_s(s) {}

  bool done() const { return m_i >= m_s.size(); }
  char peek() const { return done() ? '\0' : m_s[m_i]; }
  std::size_t pos() const { return m_i; }
  void seek(std::size_t pos) { m_i = pos; }

  bool eat(char c) {
    if (done() || m_s[m_i] != c) return false;
    ++m_i;
    return true;
  }

  // Reads `min` to `max` digits; returns how many were read (0 on failure,
  // leaving the position unchanged) and their value in `value`.
  int digits(int min, int max, int& value) {
    int count = 0;
    int v = 0;
    std::size_t start = m_i;
    while (count < max && !done() && is_digit(m_s[m_i])) {
      v = v * 10 + (m_s[m_i] - '0');
      ++m_i;
      ++count;
    }
    if (count < min) {
      m_i = start;
      return 0;
    }
    value = v;
    return count;
  }

  // Skips white space; returns how many code points were skipped.
  int spaces() {
    int count = 0;
    while (std::size_t n = space_at(m_s, m_i)) {
      m_i += n;
      ++count;
    }
    return count;
  }

  // Consumes `word` (lower case ASCII) case-insensitively when it is not
  // followed by another letter.
  bool word(std::string_view w) {
    if (m_s.size() - m_i < w.size()) return false;
    for (std::size_t k = 0; k < w.size(); ++k)
      if (lower(m_s[m_i + k]) != w[k]) return false;
    if (m_i + w.size() < m_s.size() && is_letter(m_s[m_i + w.size()])) return false;
    m_i += w.size();
    return true;
  }

  // The length of the run of ASCII letters at the current position.
  std::size_t letters() const {
    std::size_t k = m_i;
    while (k < m_s.size() && is_letter(m_s[k])) ++k;
    return k - m_i;
  }
  void skip(std::size_t n) { m_i += n; }
  std::string_view rest(std::size_t n) const { return m_s.substr(m_i, n); }

 private:
  std::string_view m_s;
  std::size_t m_i = 0;
};

// Reads `+HH:MM`, `+HHMM`, `+HH` (or with one hour digit when `short_hour`)
// as minutes east of UTC.
bool read_offset(Scanner& in, bool short_hour, int& minutes) {
  int sign = in.eat('+') ? 1 : in.eat('-') ? -1 : 0;
  if (sign == 0) return false;
  int hours = 0, mins = 0;
  if (!in.digits(short_hour ? 1 : 2, 2, hours)) return false;
  if (in.eat(':')) {
    if (!in.digits(2, 2, mins)) return false;
  } else {
    in.digits(2, 2, mins);
  }
  if (mins > 59) return false;
  minutes = sign * (hours * 60 + mins);
  return hours * 60 + mins <= 14 * 60;
}

struct Time {
  int seconds = 0;          // Since midnight.
  bool has_offset = false;
  int offset_minutes = 0;   // East of UTC.
};

// Reads a time, an optional AM/PM and an optional zone, up to the end.
bool read_time(Scanner& in, Time& time) {
  int h = 0, m = 0, s = 0;
  if (!in.digits(1, 2, h) || !in.eat(':') || !in.digits(2, 2, m)) return false;
  if (in.eat(':')) {
    if (!in.digits(2, 2, s)) return false;
    if (in.eat('.') || in.eat(',')) {
      int ignored = 0;
      if (!in.digits(1, 1, ignored)) return false;
      while (is_digit(in.peek())) in.skip(1);
    }
  }
  if (m > 59 || s > 59) return false;

  std::size_t before = in.pos();
  in.spaces();
  bool am = in.word("am") || in.word("a.m.");
  bool pm = !am && (in.word("pm") || in.word("p.m."));
  if (am || pm) {
    if (h < 1 || h > 12) return false;
    h = h % 12 + (pm ? 12 : 0);
  } else {
    in.seek(before);
    if (h > 23) return false;
  }
  time.seconds = h * 3600 + m * 60 + s;

  int spaced = in.spaces();
  if (in.done()) return true;  // The text is trimmed: no trailing spaces here.
  char c = in.peek();
  if ((c == 'Z' || c == 'z') && in.letters() == 1) {
    in.skip(1);
    time.has_offset = true;
  } else if (c == '+' || c == '-') {
    if (!read_offset(in, false, time.offset_minutes)) return false;
    time.has_offset = true;
  } else if (in.word("utc") || in.word("gmt")) {
    if (in.peek() == '+' || in.peek() == '-')
      if (!read_offset(in, true, time.offset_minutes)) return false;
    time.has_offset = true;
  } else {
    std::size_t n = in.letters();
    if (spaced == 0 || n < 2 || n > 5) return false;
    in.skip(n);  // A zone abbreviation: ignored.
  }
  return in.done();
}

// Days since 1970-01-01, or nullopt for an invalid date.
std::optional<std::int64_t> days_from_civil(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y},
                                  std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd).time_since_epoch().count();
}

// 0001-01-01T00:00:00 and 9999-12-31T23:59:59.
constexpr std::int64_t kMinSeconds = -62135596800;
constexpr std::int64_t kMaxSeconds = 253402300799;

}  // namespace

std::optional<DateTime> parse_datetime(std::string_view text, DateOrder order) noexcept {
  Scanner in(trim_spaces(text));
  int a = 0, b = 0, c = 0;
  int year = 0, month = 0, day = 0;
  int first = in.digits(1, 4, a);
  if (first == 4) {
    year = a;
    if (in.eat('-')) {
      if (!in.digits(2, 2, month) || !in.eat('-') || !in.digits(2, 2, day)) return std::nullopt;
    } else if (in.eat('/')) {
      if (!in.digits(1, 2, month) || !in.eat('/') || !in.digits(1, 2, day)) return std::nullopt;
    } else {
      return std::nullopt;
    }
  } else if (first == 1 || first == 2) {
    char sep = in.peek();
    if (sep != '/' && sep != '.' && sep != '-') return std::nullopt;
    in.skip(1);
    if (!in.digits(1, 2, b) || !in.eat(sep) || !in.digits(4, 4, c)) return std::nullopt;
    year = c;
    bool month_first = order == DateOrder::MonthFirst || (order == DateOrder::Auto && b > 12);
    month = month_first ? a : b;
    day = month_first ? b : a;
  } else {
    return std::nullopt;
  }
  auto days = days_from_civil(year, month, day);
  if (!days) return std::nullopt;

  DateTime result;
  result.seconds = *days * kSecondsPerDay;
  if (in.done()) return result;

  if (!in.eat('T') && !in.eat('t')) {
    int spaced = in.spaces();
    if (in.eat(',')) {
      spaced += in.spaces();
    } else if (spaced > 0 && in.eat('-')) {
      if (in.spaces() == 0) return std::nullopt;
    }
    if (spaced == 0) return std::nullopt;
  }
  Time time;
  if (!read_time(in, time)) return std::nullopt;
  result.has_time = true;
  result.seconds += time.seconds;
  if (time.has_offset) {
    result.utc = true;
    result.seconds -= std::int64_t{time.offset_minutes} * 60;
    if (result.seconds < kMinSeconds || result.seconds > kMaxSeconds) return std::nullopt;
  }
  return result;
}

std::string format_datetime(const DateTime& value) {
  std::int64_t days = value.seconds / kSecondsPerDay;
  std::int64_t rest = value.seconds % kSecondsPerDay;
  if (rest < 0) {
    rest += kSecondsPerDay;
    --days;
  }
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  std::string out = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  if (!value.has_time) return out;
  out += fmt::format("T{:02}:{:02}:{:02}", rest / 3600, rest / 60 % 60, rest % 60);
  if (value.utc) out += 'Z';
  return out;
}

// ---------------------------------------------------------------- durations

std::optional<std::int64_t> parse_duration(std::string_view text) noexcept {
  std::string_view s = trim_spaces(text);
  std::size_t i = 0;
  std::int64_t total = 0;
  int parts = 0;
  while (true) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i == s.size()) break;
    std::int64_t value = 0;
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) {
      if (i - start >= 15) return std::nullopt;
      value = value * 10 + (s[i++] - '0');
    }
    if (i == start) return std::nullopt;
    while (i < s.size() && s[i] == ' ') ++i;
    if (i == s.size()) return std::nullopt;
    std::int64_t unit = 0;
    switch (s[i++]) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = kSecondsPerDay; break;
      case 'w': unit = 7 * kSecondsPerDay; break;
      default: return std::nullopt;
    }
    std::int64_t seconds = 0;
    if (__builtin_mul_overflow(value, unit, &seconds) ||
        __builtin_add_overflow(total, seconds, &total))
      return std::nullopt;
    ++parts;
  }
  if (parts == 0) return std::nullopt;
  return total;
}

// ---------------------------------------------------------------- fuzzing

void fuzz_values(std::string_view bytes) {
  if (auto number = parse_number(bytes); number && !std::isfinite(*number))
    throw std::logic_error("parse_number returned a value that is not finite");
  for (DateOrder order : {DateOrder::DayFirst, DateOrder::MonthFirst, DateOrder::Auto}) {
    auto value = parse_datetime(bytes, order);
    if (!value) continue;
    std::string text = format_datetime(*value);
    auto back = parse_datetime(text, order);
    if (!back || !(*back == *value))
      throw std::logic_error("format_datetime gave " + text + ", which does not read back");
  }
  if (auto duration = parse_duration(bytes); duration && *duration < 0)
    throw std::logic_error("parse_duration returned a negative duration");
}

}  // namespace survey
