// Markdown building blocks. See markdown.hpp.
#include "survey/render/markdown.hpp"

#include <cmath>
#include <cstdlib>

namespace survey {
namespace {

bool ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Bytes of a line break or control character at `i` (0 when there is none):
// C0 controls, DEL, and U+0085, U+2028, U+2029 in UTF-8.
std::size_t break_at(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x20 || c == 0x7F) return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(s[i + 2]);
    if (d == 0xA8 || d == 0xA9) return 3;
  }
  return 0;
}

// `text` on one line: each line break or control character becomes a space.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (std::size_t n = break_at(text, i)) {
      out.push_back(' ');
      i += n;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

std::string escape(std::string_view text, bool line_start) {
  std::string s = one_line(text);
  std::size_t first = s.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  s = s.substr(first, s.find_last_not_of(' ') - first + 1);
  std::string out;
  out.reserve(s.size() + 8);
  // Leading block markers.
  std::size_t start = 0;
  if (line_start && (s[0] == '#' || s[0] == '>' || s[0] == '+' || s[0] == '-' || s[0] == '=')) {
    out += '\\';
  } else if (line_start) {
    std::size_t d = 0;
    while (d < s.size() && d < 10 && s[d] >= '0' && s[d] <= '9') ++d;
    if (d > 0 && d < s.size() && (s[d] == '.' || s[d] == ')')) {
      out.append(s, 0, d);
      out += '\\';
      start = d;
    }
  }
  for (std::size_t i = start; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '[':
      case ']':
      case '<':
      case '|':
      case '~':
      case '$':
        out += '\\';
        break;
      case '_':
        if (!(i > 0 && i + 1 < s.size() && ascii_alnum(s[i - 1]) && ascii_alnum(s[i + 1])))
          out += '\\';
        break;
      case '&':
        if (i + 1 < s.size() && (s[i + 1] == '#' || (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
                                 (s[i + 1] >= 'A' && s[i + 1] <= 'Z')))
          out += '\\';
        break;
      default:
        break;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string markdown_escape(std::string_view text) {
  return escape(text, true);
}

std::string markdown_escape_inline(std::string_view text) {
  return escape(text, false);
}

std::string markdown_code(std::string_view text, bool in_table) {
  std::string s = one_line(text);
  std::size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  std::string fence(longest + 1, '`');
  bool pad = !s.empty() && (s.front() == '`' || s.back() == '`');
  if (in_table) {
    std::string escaped;
    for (char c : s) {
      if (c == '|') escaped += '\\';
      escaped += c;
    }
    s.swap(escaped);
  }
  return fence + (pad ? " " : "") + s + (pad ? " " : "") + fence;
}

std::string markdown_bar(const std::string& percent) {
  if (percent.empty()) return "";
  double p = std::strtod(percent.c_str(), nullptr);
  int halves = static_cast<int>(std::lround(p / 2.5));
  std::string out;
  for (int i = 0; i < halves / 2; ++i) out += "█";
  if (halves % 2) out += "▌";
  return out;
}

std::string mermaid_label(std::string_view text, std::size_t max_chars) {
  std::string s = one_line(text);
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars) {
        out += "…";
        return out;
      }
      ++chars;
    }
    switch (s[i]) {
      case '"':
      case '`':
        out += '\'';
        break;
      case '<':
        out += "‹";
        break;
      case '>':
        out += "›";
        break;
      case '{':
        out += '(';
        break;
      case '}':
        out += ')';
        break;
      case ';':
        out += ',';
        break;
      case '#':
        out += "＃";
        break;
      case '\\':
        out += '/';
        break;
      case '%':
        out += '%';
        if (i + 1 < s.size() && s[i + 1] == '%') out += ' ';
        break;
      default:
        out += s[i];
    }
  }
  return out;
}

}  // namespace survey
