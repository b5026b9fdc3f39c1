// Encoding conversions and Unicode helpers (utf8proc does the normalisation).
#include "survey/read/text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace survey {
namespace {

// Windows-1252 bytes 0x80..0x9F; the five undefined bytes map to the C1
// control of the same value, as the WHATWG Encoding Standard does.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// White space, plus U+FEFF: a byte-order mark left inside the data by
// concatenated exports is trimmed like a space.
bool is_white_space(char32_t cp) {
  switch (cp) {
    case 0xFEFF:
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

// Decodes one code point of valid UTF-8 at text[i]; advances i.
char32_t decode_at(std::string_view text, std::size_t& i) {
  auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int n = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : 1;
  char32_t cp = b0 & (0x3F >> n);
  for (int k = 1; k <= n && i + k < text.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  // A sequence cut by the end of the text ends there and is no character
  // (callers may pass invalid UTF-8).
  if (i + static_cast<std::size_t>(n) >= text.size()) {
    i = text.size();
    return 0xFFFD;
  }
  i += static_cast<std::size_t>(n) + 1;
  return cp;
}

// Decodes the code point that ends just before text[end]; returns its start.
std::size_t start_of_last(std::string_view text, std::size_t end) {
  std::size_t i = end - 1;
  while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
  return i;
}

struct FreeDeleter {
  void operator()(void* p) const noexcept { std::free(p); }
};

std::string utf8proc_transform(std::string_view text, int options) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                    static_cast<utf8proc_ssize_t>(text.size()), &out,
                                    static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owner(out);
  if (n < 0) return std::string(text);  // Invalid input: callers validate first.
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

}  // namespace

std::string_view encoding_name(Encoding encoding) noexcept {
  switch (encoding) {
    case Encoding::Auto: return "auto";
    case Encoding::Utf8: return "utf-8";
    case Encoding::Windows1252: return "windows-1252";
    case Encoding::Latin1: return "latin1";
    case Encoding::Utf16: return "utf-16";
    case Encoding::Utf16LE: return "utf-16le";
    case Encoding::Utf16BE: return "utf-16be";
  }
  return "?";
}

std::optional<Encoding> parse_encoding(std::string_view name) noexcept {
  struct Alias {
    std::string_view name;
    Encoding encoding;
  };
  static constexpr Alias kAliases[] = {
      {"auto", Encoding::Auto},           {"utf-8", Encoding::Utf8},
      {"utf8", Encoding::Utf8},           {"windows-1252", Encoding::Windows1252},
      {"cp1252", Encoding::Windows1252},  {"win1252", Encoding::Windows1252},
      {"ansi", Encoding::Windows1252},    {"latin1", Encoding::Latin1},
      {"latin-1", Encoding::Latin1},      {"iso-8859-1", Encoding::Latin1},
      {"iso8859-1", Encoding::Latin1},    {"utf-16", Encoding::Utf16},
      {"utf16", Encoding::Utf16},         {"utf-16le", Encoding::Utf16LE},
      {"utf16le", Encoding::Utf16LE},     {"utf-16be", Encoding::Utf16BE},
      {"utf16be", Encoding::Utf16BE},
  };
  for (const auto& alias : kAliases)
    if (iequals(alias.name, name)) return alias.encoding;
  return std::nullopt;
}

bool is_ascii(std::string_view bytes) noexcept {
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  std::uint64_t acc = 0;
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    acc |= w;
    p += 8;
    n -= 8;
  }
  while (n--) acc |= static_cast<unsigned char>(*p++);
  return (acc & 0x8080808080808080ULL) == 0;
}

std::size_t find_invalid_utf8(std::string_view bytes) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    // Skip ASCII eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;       // overlong
      if (c == 0xED) hi = 0x9F;       // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;       // overlong
      if (c == 0xF4) hi = 0x8F;       // past U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if ((s[i + k] & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string_view::npos;
}

Utf8Evidence utf8_evidence(std::string_view bytes) noexcept {
  Utf8Evidence e;
  while (!bytes.empty()) {
    std::size_t bad = find_invalid_utf8(bytes);
    std::string_view good = bytes.substr(0, bad == std::string_view::npos ? bytes.size() : bad);
    for (char c : good) e.valid_multibyte += (static_cast<unsigned char>(c) & 0xC0) == 0xC0;
    if (bad == std::string_view::npos) break;
    ++e.invalid;
    bytes.remove_prefix(bad + 1);
  }
  return e;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void append_single_byte_as_utf8(std::string& out, std::string_view bytes, Encoding encoding) {
  out.reserve(out.size() + bytes.size() + bytes.size() / 4);
  for (char ch : bytes) {
    auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) {
      out.push_back(ch);
    } else if (b < 0xA0 && encoding == Encoding::Windows1252) {
      append_utf8(out, kCp1252High[b - 0x80]);
    } else {
      append_utf8(out, b);
    }
  }
}

namespace {

// The byte-by-byte classification; the reference for the SIMD fast path.
Utf8Class classify_utf8_scalar(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
  bool stable = true;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
#if defined(__SSE2__)
      if (i + 16 <= n) {
        int high = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i)));
        if (high == 0) {
          i += 16;
          continue;
        }
        i += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(high)));
        continue;
      }
#endif
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80) return Utf8Class::Invalid;
      stable = stable && c < 0xCC;  // U+0300 and up: combining marks, Greek, Cyrillic...
      i += 2;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return Utf8Class::Invalid;
    }
    if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return Utf8Class::Invalid;
    for (std::size_t k = 2; k < len; ++k)
      if ((s[i + k] & 0xC0) != 0x80) return Utf8Class::Invalid;
    if (stable) {
      char32_t cp = len == 3 ? ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F) : 0x10000;
      // General punctuation, currency and letter-like symbols up to U+2125 are NFC-stable.
      stable = cp >= 0x2002 && cp <= 0x2125;
    }
    i += len;
  }
  return stable ? Utf8Class::Stable : Utf8Class::MaybeNfc;
}

}  // namespace

Utf8Class classify_utf8(std::string_view bytes) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  // An ASCII prefix eight bytes at a time; most fields end here.
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, s + i, 8);
    if (w & 0x8080808080808080ULL) break;
    i += 8;
  }
  while (i < n && s[i] < 0x80) ++i;
  if (i == n) return Utf8Class::Ascii;
#if defined(__SSE2__)
  // Text whose only non-ASCII characters take two bytes (French accents:
  // é è à ç ô, « », the no-break space) validates sixteen bytes at a time:
  // every continuation byte must follow a lead C2..DF, and nothing else may
  // be high. Anything else (three-byte punctuation, invalid bytes) is left
  // to the byte-by-byte path.
  {
    std::size_t k = i;
    unsigned carry = 0;      // A lead ended the previous sixteen bytes.
    bool maybe_nfc = false;  // A lead CC..DF (U+0300 and up).
    const __m128i c0 = _mm_set1_epi8(static_cast<char>(0xC0));
    const __m128i c80 = _mm_set1_epi8(static_cast<char>(0x80));
    const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xC2));
    const __m128i df = _mm_set1_epi8(static_cast<char>(0xDF));
    const __m128i cc = _mm_set1_epi8(static_cast<char>(0xCC));
    bool simple = true;
    for (; k + 16 <= n; k += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + k));
      unsigned high = static_cast<unsigned>(_mm_movemask_epi8(v));
      if (high == 0 && carry == 0) continue;
      unsigned cont = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, c0), c80)));
      // lead2: C2 <= byte <= DF, as unsigned compares through max/min.
      __m128i ge_c2 = _mm_cmpeq_epi8(_mm_max_epu8(v, c2), v);
      __m128i le_df = _mm_cmpeq_epi8(_mm_min_epu8(v, df), v);
      unsigned lead = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(ge_c2, le_df)));
      if ((high & ~lead & ~cont) != 0 || (((lead << 1) | carry) & 0xFFFF) != cont) {
        simple = false;
        break;
      }
      if (lead & static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v, cc), v)))) maybe_nfc = true;
      carry = (lead >> 15) & 1;
    }
    if (simple) {
      // The tail, byte by byte, with the same rules.
      for (; k < n; ++k) {
        unsigned char c = s[k];
        bool is_cont = (c & 0xC0) == 0x80;
        if (carry) {
          if (!is_cont) {
            simple = false;
            break;
          }
          carry = 0;
          continue;
        }
        if (c < 0x80) continue;
        if (c >= 0xC2 && c <= 0xDF) {
          carry = 1;
          maybe_nfc = maybe_nfc || c >= 0xCC;
          continue;
        }
        simple = false;
        break;
      }
      if (simple && !carry) return maybe_nfc ? Utf8Class::MaybeNfc : Utf8Class::Stable;
    }
  }
#endif
  return classify_utf8_scalar(s, n, i);
}

bool may_need_nfc(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b < 0xCC) {  // Code points below U+0300 are all NFC-stable.
      i += b < 0x80 ? 1 : 2;
      continue;
    }
    char32_t cp = decode_at(text, i);
    // General punctuation, currency and letter-like symbols up to U+2125 are
    // stable (’ « » … – € and the narrow no-break space among them).
    if (cp >= 0x2002 && cp <= 0x2125) continue;
    return true;
  }
  return false;
}

void append_nfc(std::string& out, std::string_view text) {
  if (!may_need_nfc(text)) {
    out.append(text);
    return;
  }
  out += utf8proc_transform(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

std::string_view trim(std::string_view text) noexcept {
  std::size_t begin = 0;
  while (begin < text.size()) {
    auto b = static_cast<unsigned char>(text[begin]);
    if (b < 0x80) {
      if (b == ' ' || (b >= 0x09 && b <= 0x0D)) {
        ++begin;
        continue;
      }
      break;
    }
    std::size_t next = begin;
    if (!is_white_space(decode_at(text, next))) break;
    begin = next;
  }
  std::size_t end = text.size();
  while (end > begin) {
    auto b = static_cast<unsigned char>(text[end - 1]);
    if (b < 0x80) {
      if (b == ' ' || (b >= 0x09 && b <= 0x0D)) {
        --end;
        continue;
      }
      break;
    }
    std::size_t start = start_of_last(text, end);
    std::size_t tmp = start;
    if (start < begin || !is_white_space(decode_at(text, tmp))) break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

std::string shorten(std::string_view text, std::size_t max) {
  std::string out;
  for (char c : text) {
    if (out.size() >= max) {
      while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
      if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
      out += "...";
      break;
    }
    out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  }
  return out;
}

std::string fold(std::string_view text) {
  std::string folded = utf8proc_transform(
      text, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
  std::string out;
  out.reserve(folded.size());
  bool space = false;
  std::size_t i = 0;
  while (i < folded.size()) {
    char32_t cp = decode_at(folded, i);
    if (is_white_space(cp)) {
      space = !out.empty();
      continue;
    }
    if (space) {
      out.push_back(' ');
      space = false;
    }
    switch (cp) {
      case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0x00B4: case 0x0060:
        out.push_back('\'');
        break;
      case 0x201C: case 0x201D: case 0x00AB: case 0x00BB:
        out.push_back('"');
        break;
      case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:
        out.push_back('-');
        break;
      default:
        append_utf8(out, cp);
    }
  }
  return out;
}

std::string_view unicode_library_version() noexcept { return utf8proc_version(); }

std::string_view unicode_data_version() noexcept { return utf8proc_unicode_version(); }

}  // namespace survey
