// Text encodings and Unicode helpers: decoding legacy encodings to UTF-8,
// validation, NFC normalisation, trimming and folding for comparisons.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace survey {

// The character encoding of an input. Output is always UTF-8 in NFC.
enum class Encoding {
  Auto,         // Decide from the byte-order mark and the bytes themselves.
  Utf8,         // UTF-8; invalid sequences are errors.
  Windows1252,  // Excel's "ANSI" in western locales; a superset of Latin-1's printable range.
  Latin1,       // ISO-8859-1: every byte is the code point of the same value.
  Utf16,        // UTF-16, byte order from the byte-order mark (little-endian without one).
  Utf16LE,
  Utf16BE,
};

// "utf-8", "windows-1252", ... as printed in summaries and accepted by --encoding.
std::string_view encoding_name(Encoding encoding) noexcept;

// Parses an --encoding value (case-insensitive; accepts the usual aliases such
// as utf8, cp1252, iso-8859-1). Returns nullopt when unknown.
std::optional<Encoding> parse_encoding(std::string_view name) noexcept;

// True when every byte is below 0x80.
bool is_ascii(std::string_view bytes) noexcept;

// The offset of the first byte that does not start a valid UTF-8 sequence
// (overlong forms, surrogates and code points past U+10FFFF are invalid), or
// std::string_view::npos when `bytes` is valid UTF-8.
std::size_t find_invalid_utf8(std::string_view bytes) noexcept;

// What the bytes say about being UTF-8: how many multi-byte sequences are
// valid, and how many bytes start no valid sequence.
struct Utf8Evidence {
  std::size_t valid_multibyte = 0;
  std::size_t invalid = 0;
};
Utf8Evidence utf8_evidence(std::string_view bytes) noexcept;

// What one pass over bytes says about them as UTF-8.
enum class Utf8Class {
  Ascii,      // Only bytes below 0x80.
  Stable,     // Valid UTF-8 that NFC leaves as it is (known-stable code points only).
  MaybeNfc,   // Valid UTF-8 that NFC might change.
  Invalid,    // Not valid UTF-8.
};
Utf8Class classify_utf8(std::string_view bytes) noexcept;

// Appends `bytes`, read as Windows-1252 or Latin-1, to `out` as UTF-8.
void append_single_byte_as_utf8(std::string& out, std::string_view bytes, Encoding encoding);

// Appends the code point `cp` to `out` as UTF-8.
void append_utf8(std::string& out, char32_t cp);

// True when valid UTF-8 `text` might change under NFC normalisation (it holds
// a code point that is not known to be NFC-stable). A cheap pre-check.
bool may_need_nfc(std::string_view text) noexcept;

// Appends the NFC normalisation of valid UTF-8 `text` to `out`.
void append_nfc(std::string& out, std::string_view text);

// `text` without leading and trailing Unicode white space (spaces, tabs, line
// breaks, no-break spaces, U+202F, ideographic space, ...).
std::string_view trim(std::string_view text) noexcept;

// At most `max` bytes of `text` on one line: line breaks become spaces and a
// longer text is cut on a character boundary, with "..." added.
std::string shorten(std::string_view text, std::size_t max);

// A key for loose comparisons: NFKC, case-folded, accents stripped, typographic
// apostrophes and dashes made ASCII, runs of white space collapsed to one space
// and trimmed. fold("  Île-de-France ") == fold("ILE-DE-FRANCE").
std::string fold(std::string_view text);

// The version of the utf8proc library linked in ("2.8.0"), for bug reports.
std::string_view unicode_library_version() noexcept;
// The Unicode version of utf8proc's character data ("15.0.0").
std::string_view unicode_data_version() noexcept;

}  // namespace survey
