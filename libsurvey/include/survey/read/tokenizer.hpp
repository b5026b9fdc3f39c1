// The CSV tokenizer: splits a window of bytes into records and fields without
// copying. This is the hot loop of every verb; it scans 64-byte blocks for the
// delimiter, the quote, line breaks and NUL with SIMD compares and walks the
// resulting bit masks, so the cost is per field, not per byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace survey {

// How fields are separated and quoted.
struct Dialect {
  char delimiter = ',';
  char quote = '"';               // '\0': no quoting at all.
  bool backslash_escape = false;  // Inside quotes, \" is a quote and \\ a backslash.
  // Every delimiter is followed by a space (", "): the space is read as
  // white space before the next value, and trimmed. Only reported.
  bool space_after = false;

  friend bool operator==(const Dialect&, const Dialect&) = default;
};

// Bits of FieldRef::flags.
enum FieldFlag : std::uint8_t {
  kFieldQuoted = 1,        // The field was enclosed in quotes.
  kFieldEscaped = 2,       // Holds doubled quotes or backslash escapes: unescape before use.
  kFieldLineBreak = 4,     // Holds a line break (only possible when quoted).
  kFieldStrayQuote = 8,    // Lenient mode kept a misplaced quote as text.
};

// What the tokenizer knows of a record's bytes without looking at them again.
enum class RecordText : std::uint8_t {
  Unknown,  // Not checked, or holds something other than the two below.
  Ascii,    // Every byte is below 0x80.
  Stable,   // Valid UTF-8 whose non-ASCII characters are all U+0080..U+02FF.
};

// One field of a record: bytes [offset, offset + size) from RecordRef::data,
// without the enclosing quotes.
struct FieldRef {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
  std::uint8_t flags = 0;
};

// A record found by the tokenizer. Points into the tokenizer's window.
struct RecordRef {
  const char* data = nullptr;     // First byte of the record.
  std::size_t size = 0;           // Bytes, line terminator included.
  std::vector<FieldRef> fields;
  std::uint32_t line_breaks = 0;  // Line breaks inside quoted fields.
  bool terminated = false;        // Ended by a line break rather than the end of input.
  // What the tokenizer's block scan learnt of the record's text: every byte
  // ASCII, or valid UTF-8 of the NFC-stable kind classify_utf8() calls
  // Stable, or unknown (classify it). Never wrong, often Unknown.
  RecordText text = RecordText::Unknown;

  std::string_view raw(std::size_t i) const {
    return {data + fields[i].offset, fields[i].size};
  }
  // A record that is an empty line.
  bool blank() const { return fields.size() == 1 && fields[0].size == 0 && fields[0].flags == 0; }
};

enum class TokenStatus {
  Record,    // A complete record was parsed.
  NeedMore,  // The window ends inside a record: append more input and call again.
  End,       // No more records.
  Error,     // Malformed input (strict mode); see Tokenizer::error().
};

enum class TokenError {
  None,
  UnterminatedQuote,  // The input ends inside a quoted field.
  StrayQuote,         // A quote inside a field that does not start with one.
  TextAfterQuote,     // Something other than a delimiter or line end after a closing quote.
  NulByte,            // A NUL byte: binary data, or UTF-16 read as bytes.
};

// The instruction sets the tokenizer's block scan can use, from least to
// most capable. Each gives the same records; they differ in speed only.
enum class SimdLevel : std::uint8_t {
  Scalar,  // One byte at a time.
  Sse2,    // 16-byte compares.
  Avx2,    // 32-byte compares.
  Avx512,  // 64-byte compares into mask registers (AVX-512BW).
};

// The most capable level this processor (and build) supports.
SimdLevel supported_simd_level() noexcept;
// The level that Tokenizers constructed from now on use: the supported one
// unless set_simd_level() chose a lower one.
SimdLevel simd_level() noexcept;
// Makes Tokenizers constructed from now on use `level`, or the supported
// level when `level` is above it; returns the level in effect. For tests,
// which compare every level's output, and benchmarks.
SimdLevel set_simd_level(SimdLevel level) noexcept;
// "scalar", "sse2", "avx2", "avx512".
const char* simd_level_name(SimdLevel level) noexcept;

// Readable extra bytes a window must have after its end (their value is
// ignored), so that the last block can be loaded whole.
inline constexpr std::size_t kTokenizerPadding = 64;

class Tokenizer {
 public:
  // Strict mode reports stray quotes and text after a closing quote as errors;
  // lenient mode keeps them as text.
  Tokenizer(Dialect dialect, bool lenient);

  // Sets the window: data[0, size) holds input, followed by at least
  // kTokenizerPadding readable bytes; `data` must be 64-byte aligned. `eof`
  // says whether the input ends at `size`.
  void reset(const char* data, std::size_t size, bool eof);

  // Parses the record starting at `pos`; on TokenStatus::Record advances `pos`
  // past it (and its line terminator).
  TokenStatus next(std::size_t& pos, RecordRef& record);

  // Whether records get RecordText (on by default). Readers that do not
  // decode records (counting verbs) turn it off and spare the block scan
  // the UTF-8 checks; records then say Unknown.
  void set_classify(bool on) noexcept;

  const Dialect& dialect() const noexcept { return m_dialect; }
  TokenError error() const noexcept { return m_error; }
  // Offset in the window of the byte that caused the error.
  std::size_t error_offset() const noexcept { return m_error_offset; }
  // Line breaks between the record start and the error offset.
  std::uint32_t error_line_breaks() const noexcept { return m_error_line_breaks; }
  // After NeedMore: where the unfinished field starts in the window.
  std::size_t pending_field_start() const noexcept { return m_field_start; }

 private:
  struct Masks {
    std::uint64_t unquoted = 0;  // Ends an unquoted field: delimiter, CR, LF, NUL (+ quote if strict).
    std::uint64_t quoted = 0;    // Matters inside quotes: quote, CR, LF, NUL (+ backslash).
  };

  bool is_blank_byte(char c) const noexcept;
  void load_block(std::size_t block);
  template <std::uint64_t Masks::*which>
  std::size_t find(std::size_t pos);
  std::size_t find_unquoted(std::size_t pos);
  std::size_t find_quoted(std::size_t pos);
  TokenStatus fail(TokenError error, std::size_t offset, const RecordRef& record);
  // Finishes the record at a line terminator at `pos` (CR or LF) or at the
  // end of input; returns NeedMore when a CR is the last byte of the window.
  TokenStatus finish(std::size_t start, std::size_t pos, std::size_t& next, RecordRef& record);

  Dialect m_dialect;
  bool m_lenient;
  // What the block scan looks for, fixed by the dialect: the quote ('\n'
  // when there is none), the escape ('\\' in backslash mode, else '\n'),
  // and whether a quote also ends an unquoted field (strict mode).
  char m_quote_needle;
  char m_escape_needle;
  bool m_strict;
  const char* m_data = nullptr;
  std::size_t m_size = 0;
  bool m_eof = false;
  std::size_t m_block = SIZE_MAX;
  Masks m_masks;
  // Window offsets just past the last loaded block that held a byte of 0x80
  // or more, and that held anything but ASCII and U+0080..U+02FF in valid
  // UTF-8 (0: none since reset()). Blocks load in order, so a record that
  // starts at or after one of them has none of its kind.
  std::size_t m_high_end = 0;
  std::size_t m_mixed_end = 0;
  bool m_classify = true;
  SimdLevel m_simd;
  TokenError m_error = TokenError::None;
  std::size_t m_error_offset = 0;
  std::uint32_t m_error_line_breaks = 0;
  std::size_t m_field_start = 0;
};

// Appends the text of a field with kFieldEscaped set, resolving doubled quotes
// and (in backslash mode) \" and \\; a lone quote is kept as text.
void append_unescaped(std::string& out, std::string_view inner, const Dialect& dialect);

// A readable name for a dialect's delimiter: the one below, or "', '" for
// ", " (space_after).
std::string delimiter_name(const Dialect& dialect);

// A readable name for a delimiter: "','", "';'", "tab", "'|'".
std::string delimiter_name(char delimiter);

}  // namespace survey
