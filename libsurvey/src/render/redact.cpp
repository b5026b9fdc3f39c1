// Redaction of e-mail addresses, telephone numbers and web addresses. See redact.hpp.
#include "survey/render/redact.hpp"

#include <array>
#include <cctype>

namespace survey {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
  return is_digit(c) || is_alpha(c);
}
char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool starts_with_nocase(std::string_view s, std::size_t i, std::string_view prefix) {
  if (s.size() - i < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k)
    if (lower(s[i + k]) != prefix[k]) return false;
  return true;
}

// Bytes of a character that ends a web address at `i` (0: none): ASCII white
// space and controls, < > " ', and in UTF-8 a no-break space, U+202F, « » “ ”.
std::size_t url_stop(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '\'' || c == '`' || c == 0x7F) return 1;
  if (c == 0xC2 && i + 1 < s.size()) {
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    if (d == 0xA0 || d == 0xAB || d == 0xBB) return 2;
  }
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(s[i + 2]);
    if (d == 0xAF || d == 0x98 || d == 0x99 || d == 0x9C || d == 0x9D) return 3;
  }
  return 0;
}

bool trailing_punct(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
         c == ']' || c == '}';
}

// The end of the word starting at `i` (a web address's extent).
std::size_t word_end(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && !url_stop(s, j)) ++j;
  while (j > i && trailing_punct(s[j - 1])) --j;
  return j;
}

bool word_start(std::string_view s, std::size_t i) {
  return i == 0 || !(is_alnum(s[i - 1]) || s[i - 1] == '@' || s[i - 1] == '.' || s[i - 1] == '/' ||
                     s[i - 1] == '-' || s[i - 1] == '_');
}

constexpr std::array<std::string_view, 14> kTopLevel = {
    "com", "fr", "org", "net", "eu", "info", "io", "be", "ch", "ca", "de", "uk", "re", "edu"};

// A bare domain at `i`: labels of letters, digits and hyphens joined by dots,
// the last a known top-level domain, then the end, or a '/' and a path. Returns its end or 0.
std::size_t bare_domain(std::string_view s, std::size_t i) {
  std::size_t end = word_end(s, i);
  std::size_t j = i, last_dot = std::string_view::npos;
  int labels = 0;
  while (j < end && s[j] != '/') {
    std::size_t k = j;
    while (k < end && (is_alnum(s[k]) || s[k] == '-')) ++k;
    if (k == j) return 0;
    ++labels;
    if (k < end && s[k] == '.') {
      last_dot = k;
      j = k + 1;
      continue;
    }
    j = k;
    break;
  }
  if (labels < 2 || last_dot == std::string_view::npos || (j < end && s[j] != '/')) return 0;
  std::string tld;
  for (std::size_t k = last_dot + 1; k < j; ++k) tld += lower(s[k]);
  for (auto t : kTopLevel)
    if (tld == t) return end;
  return 0;
}

// `s` with every span [i, end) that `end_at(s, i)` finds (0: none at i) replaced by `label`.
template <class EndAt>
std::string replace_spans(std::string_view s, const std::string& label, std::size_t& n,
                          EndAt end_at) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t end = end_at(s, i);
    if (end > i) {
      out += label;
      ++n;
      i = end;
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::size_t url_at(std::string_view s, std::size_t i) {
  if (!word_start(s, i) || !is_alpha(s[i])) return 0;
  if (starts_with_nocase(s, i, "http://") || starts_with_nocase(s, i, "https://") ||
      starts_with_nocase(s, i, "ftp://") || starts_with_nocase(s, i, "www."))
    return word_end(s, i);
  return bare_domain(s, i);
}

bool local_char(char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool domain_char(char c) {
  return is_alnum(c) || c == '.' || c == '-';
}

std::string replace_emails(std::string_view s, const std::string& label, std::size_t& n) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
    if (at < copied) continue;
    std::size_t begin = at;
    while (begin > copied && local_char(s[begin - 1])) --begin;
    while (begin < at && s[begin] == '.') ++begin;
    std::size_t end = at + 1;
    while (end < s.size() && domain_char(s[end])) ++end;
    while (end > at + 1 && (s[end - 1] == '.' || s[end - 1] == '-')) --end;
    std::string_view domain = s.substr(at + 1, end - at - 1);
    std::size_t dot = domain.rfind('.');
    if (begin == at || dot == std::string_view::npos || dot == 0) continue;
    std::size_t letters = 0;
    for (std::size_t k = dot + 1; k < domain.size(); ++k) {
      if (!is_alpha(domain[k])) {
        letters = 0;
        break;
      }
      ++letters;
    }
    if (letters < 2) continue;
    out.append(s.substr(copied, begin - copied));
    out += label;
    ++n;
    copied = end;
  }
  out.append(s.substr(copied));
  return out;
}

// A telephone number starting at `i`; returns its end, or 0.
std::size_t phone_at(std::string_view s, std::size_t i) {
  if (!word_start(s, i) || (i > 0 && (s[i - 1] == '+' || s[i - 1] == ','))) return 0;
  const char first = s[i];
  std::size_t j = i;
  if (s[j] == '+') ++j;
  int digits = 0, groups = 0, dot_or_dash = 0;
  std::size_t end = 0;
  bool open = false, balanced = true;  // `balanced`: no parenthesis left open at `end`.
  while (j < s.size()) {
    if (s[j] == '(' && !open) {
      open = true;
      ++j;
      continue;
    }
    if (!is_digit(s[j])) break;
    ++groups;
    while (j < s.size() && is_digit(s[j])) {
      ++digits;
      ++j;
    }
    end = j;
    balanced = !open;
    if (j < s.size() && s[j] == ')' && open) {
      open = false;
      ++j;
      end = j;
      balanced = true;
      if (j < s.size() && is_digit(s[j])) continue;  // +33 (0)6 ...
    }
    // One separator, then a digit or '('.
    if (j + 1 < s.size() && (s[j] == ' ' || s[j] == '.' || s[j] == '-') &&
        (is_digit(s[j + 1]) || s[j + 1] == '(')) {
      if (s[j] != ' ') ++dot_or_dash;
      ++j;
      continue;
    }
    break;
  }
  if (end == 0 || !balanced || digits < 9 || digits > 15) return 0;
  // Not followed by what continues a number, a time or an address.
  if (end < s.size() && (is_alnum(s[end]) || s[end] == '@' || s[end] == '/' || s[end] == ':' ||
                         (s[end] == ',' && end + 1 < s.size() && is_digit(s[end + 1]))))
    return 0;
  bool shaped = first == '+' || first == '0' || first == '(' || (groups >= 3 && dot_or_dash >= 2);
  return shaped ? end : 0;
}

}  // namespace

Redacted redact(std::string_view text, const RedactLabels& labels) {
  Redacted r;
  std::string a = replace_spans(text, labels.url, r.urls, url_at);
  std::string b = replace_emails(a, labels.email, r.emails);
  r.text = replace_spans(
      b, labels.phone, r.phones, [](std::string_view s, std::size_t i) -> std::size_t {
        return (is_digit(s[i]) || s[i] == '+' || s[i] == '(') ? phone_at(s, i) : 0;
      });
  return r;
}

}  // namespace survey
