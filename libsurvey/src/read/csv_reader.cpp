// The streaming reader: input detection, header analysis, record decoding,
// repairs and the notes-below-the-data rule. See csv_reader.hpp.
#include "survey/read/csv_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <deque>

#include "survey/read/header.hpp"
#include "survey/read/repair.hpp"
#include "survey/read/sniff.hpp"

namespace survey {
namespace {

constexpr std::size_t kSniffBytes = std::size_t{1} << 20;   // Start of input used for detection.
constexpr std::size_t kReadBytes = std::size_t{2} << 20;    // Buffer size for streaming.
constexpr std::size_t kChunkReadStep = std::size_t{256} << 10;  // Read at a time by kept chunks.
constexpr std::size_t kHeaderRows = 64;                     // Records examined for the header.
constexpr std::size_t kMaxPending = 64;                     // Possible notes held back at a time.
constexpr std::size_t kMaxWarningsPerKind = 5;

// Warnings shown at most kMaxWarningsPerKind times each (the counts are in
// ReadStats); a parallel read keeps the first ones of the whole input.
enum WarnKind : std::uint8_t {
  kWarnOther,
  kWarnPadded,
  kWarnRepaired,
  kWarnRejected,
  kWarnFallback,
  kWarnKinds
};

struct AlignedFree {
  BufferPool* pool = nullptr;
  std::size_t size = 0;
  void operator()(char* p) const noexcept {
    if (pool) pool->give(p, size);
    else std::free(p);
  }
};

using Buffer = std::unique_ptr<char, AlignedFree>;

// A buffer for `capacity` bytes and the tokenizer's zeroed padding after them.
Buffer allocate(std::size_t capacity, BufferPool* pool = nullptr) {
  std::size_t bytes = ((capacity + kTokenizerPadding + 63) / 64) * 64;
  std::size_t size = bytes;
  char* p = pool ? pool->take(bytes, &size) : nullptr;
  if (!p) p = static_cast<char*>(std::aligned_alloc(64, bytes));
  if (!p) throw std::bad_alloc();
  std::memset(p + capacity, 0, bytes - capacity);
  return Buffer(p, AlignedFree{pool, size});
}

// Decodes UTF-16 into UTF-8 on the fly, so the rest of the reader only sees UTF-8.
class Utf16Source final : public InputSource {
 public:
  Utf16Source(std::unique_ptr<InputSource> inner, std::string prefix, bool big_endian)
      : InputSource(inner->name()),
        m_inner(std::move(inner)),
        m_raw(std::move(prefix)),
        m_big_endian(big_endian) {}

  std::size_t read(char* buffer, std::size_t size) override {
    while (m_out.size() - m_out_pos < size && !m_done) convert_more();
    std::size_t n = std::min(size, m_out.size() - m_out_pos);
    std::memcpy(buffer, m_out.data() + m_out_pos, n);
    m_out_pos += n;
    if (m_out_pos == m_out.size()) {
      m_out.clear();
      m_out_pos = 0;
    }
    return n;
  }

 private:
  void convert_more() {
    if (m_raw_pos + 1 >= m_raw.size()) {
      m_raw.erase(0, m_raw_pos);
      m_raw_pos = 0;
      std::size_t old = m_raw.size();
      m_raw.resize(old + 65536);
      std::size_t got = m_inner->read(m_raw.data() + old, 65536);
      m_raw.resize(old + got);
      if (got == 0) {
        m_done = true;
        if (m_raw.size() % 2 != 0)
          throw data_error("invalid UTF-16: the input ends in the middle of a character",
                           name(), m_line);
        if (m_high)
          throw data_error("invalid UTF-16: unpaired surrogate at the end of the input", name(),
                           m_line);
        return;
      }
    }
    while (m_raw_pos + 1 < m_raw.size()) {
      auto b0 = static_cast<unsigned char>(m_raw[m_raw_pos]);
      auto b1 = static_cast<unsigned char>(m_raw[m_raw_pos + 1]);
      m_raw_pos += 2;
      char16_t unit = m_big_endian ? static_cast<char16_t>((b0 << 8) | b1)
                                   : static_cast<char16_t>((b1 << 8) | b0);
      if (m_high) {
        if (unit < 0xDC00 || unit > 0xDFFF)
          throw data_error("invalid UTF-16: unpaired surrogate", name(), m_line);
        char32_t cp = 0x10000 + ((static_cast<char32_t>(m_high) - 0xD800) << 10) + (unit - 0xDC00);
        m_high = 0;
        m_after_cr = false;
        append_utf8(m_out, cp);
      } else if (unit >= 0xD800 && unit <= 0xDBFF) {
        m_high = unit;
      } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
        throw data_error("invalid UTF-16: unpaired surrogate", name(), m_line);
      } else {
        // Lines end at LF, CR LF or a lone CR, as the tokenizer counts them.
        if (unit == '\r' || (unit == '\n' && !m_after_cr)) ++m_line;
        m_after_cr = unit == '\r';
        append_utf8(m_out, unit);
      }
    }
  }

  std::unique_ptr<InputSource> m_inner;
  std::string m_raw;
  std::size_t m_raw_pos = 0;
  std::string m_out;
  std::size_t m_out_pos = 0;
  bool m_big_endian;
  bool m_done = false;
  char16_t m_high = 0;
  bool m_after_cr = false;
  std::uint64_t m_line = 1;
};

// Signatures of binary files people rename to .csv.
const char* binary_kind(std::string_view head) {
  auto starts = [&](std::string_view sig) { return head.substr(0, sig.size()) == sig; };
  if (starts("\x89PNG")) return "a PNG image";
  if (starts("%PDF")) return "a PDF document";
  if (starts(std::string_view("PK\x03\x04", 4)))
    return "a ZIP archive (an .xlsx or .ods workbook?)";
  if (starts(std::string_view("\xD0\xCF\x11\xE0", 4))) return "an old Excel workbook (.xls)";
  if (starts("\x1F\x8B")) return "a gzip-compressed file";
  if (starts("\xFF\xD8\xFF")) return "a JPEG image";
  if (starts("GIF8")) return "a GIF image";
  return nullptr;
}

// UTF-16 without a byte-order mark: most bytes at odd (LE) or even (BE)
// positions are NUL. Returns 1 for LE, 2 for BE, 0 otherwise.
int utf16_without_bom(std::string_view head) {
  std::size_t n = std::min<std::size_t>(head.size(), 4096) & ~std::size_t{1};
  if (n < 8) return 0;
  std::size_t even = 0, odd = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    even += head[i] == '\0';
    odd += head[i + 1] == '\0';
  }
  std::size_t pairs = n / 2;
  if (odd * 10 >= pairs * 7 && even * 20 <= pairs) return 1;
  if (even * 10 >= pairs * 7 && odd * 20 <= pairs) return 2;
  return 0;
}

bool blank_raw(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t') return false;
  return true;
}

// An ASCII letter (std::isalpha without a call or a locale).
inline bool ascii_letter(char c) { return static_cast<unsigned char>((c | 0x20) - 'a') < 26; }

// The first cell of a note or total line spreadsheets put below the data.
bool note_keyword(std::string_view s) {
  static constexpr std::string_view kWords[] = {
      "total", "totaux", "sous-total", "somme", "sum", "source", "note", "nota", "remarque", "genere",
      "g\xc3\xa9n\xc3\xa9r\xc3\xa9", "exporte", "export\xc3\xa9", "export", "extrait", "moyenne", "average",
      "mean", "nombre de", "count", "base", "n =", "n=", "effectif", "powered by", "created with",
      "cr\xc3\xa9\xc3\xa9 avec"};
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '*')) ++i;
  // Every keyword starts with an ASCII letter: most cells are rejected here.
  if (i == s.size() || !ascii_letter(s[i])) return false;
  char head[24];
  std::size_t n = 0;
  for (; n < sizeof head && i + n < s.size(); ++n) {
    char c = s[i + n];
    head[n] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::string_view h(head, n);
  for (auto w : kWords)
    if (h.substr(0, w.size()) == w &&
        (h.size() == w.size() || !ascii_letter(h[w.size()])))
      return true;
  return false;
}

// trim(), with a shortcut for the common field that starts and ends with a
// visible ASCII character.
// `s` must be followed by a readable byte (a field of the window, or of a
// std::string): an empty field is told without a branch of its own, as
// empty fields come and go at random in survey data.
inline std::string_view quick_trim(std::string_view s) {
  const std::size_t n = s.size();
  const auto first = static_cast<unsigned char>(s.data()[0]);
  const auto last = static_cast<unsigned char>(s.data()[n - (n != 0)]);
  const bool visible = (first - 0x21u < 0x5Fu) & (last - 0x21u < 0x5Fu);
  if ((n == 0) | visible) return s;
  return trim(s);
}

bool digit_leading(std::string_view s) {
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    return c >= '0' && c <= '9';
  }
  return false;
}

// A record copied out of the buffer (held back while deciding what it is).
struct OwnedRecord {
  std::string bytes;
  std::vector<FieldRef> fields;
  std::uint64_t line = 0;
  std::uint8_t repair = 0;  // RepairKind bits.
  std::uint32_t repair_column = 0;
};

// The record advance() hands out.
struct Pick {
  const char* data = nullptr;
  const std::vector<FieldRef>* fields = nullptr;
  std::uint64_t line = 0;
  RecordText text = RecordText::Unknown;
  std::size_t size = 0;     // Bytes, line terminator included.
  std::uint8_t repair = 0;  // RepairKind bits (--lenient).
  std::uint32_t repair_column = 0;
};

// What fetch() does with a record that may need a lenient repair.
enum class Special { Normal, Used, Retry };

}  // namespace

struct CsvReader::Impl {
  ReaderOptions options;
  std::unique_ptr<InputSource> source;
  ReadInfo info;
  ReadStats stats;
  Diagnostics warnings;
  std::vector<std::string> header;
  std::size_t width = 0;     // Columns in the data.
  bool header_named = true;  // Some header cell has a name.
  bool finished = false;     // The end of the input was handled.
  std::vector<Reject> rejects;

  Buffer buffer;
  std::size_t capacity = 0;
  // Bytes read at a time when not 0 (kept chunks): the tokenizer then reads
  // them while they are still in the core's cache, and a chunk does not read
  // far past its end.
  std::size_t read_step = 0;
  std::size_t size = 0;
  std::size_t pos = 0;
  bool eof = false;
  std::uint64_t base_offset = 0;   // Input offset of buffer[0] (decoded stream for UTF-16).
  bool splittable = false;         // A regular file read as bytes: chunks can be read in parallel.
  bool chunk_mode = false;
  std::uint64_t chunk_end = UINT64_MAX;
  std::uint64_t chunk_begin = 0;
  bool stopped = false;            // fetch() reached chunk_end.
  bool keep = false;               // Never shift the buffer: grow it (chunks read ahead).
  bool raw_mode = false;           // next_raw() was called: records are not decoded.
  std::uint64_t bytes_read = 0;
  Tokenizer tokenizer{Dialect{}, false};

  std::uint64_t line = 1;        // Physical line where the next record starts.
  RecordRef rec;
  std::uint64_t rec_line = 0;
  std::uint8_t rec_repair = 0;  // RepairKind bits of `rec`.
  std::uint32_t rec_repair_column = 0;
  RepairResult repair;
  std::uint64_t probed = UINT64_MAX;  // Input offset of the last record a repair was tried on.
  // Records longer than this take fetch()'s slow path (field limits, repairs).
  std::size_t big_record = SIZE_MAX;
  bool held = false;             // `rec` is data waiting behind `release`.
  std::deque<OwnedRecord> pending;  // Possible notes below the data.
  std::deque<OwnedRecord> release;  // Held-back records that turned out to be data.
  OwnedRecord current;              // The released record being delivered.

  Encoding decode_as = Encoding::Utf8;  // Utf8, Windows1252 or Latin1 (UTF-16 is converted).
  bool utf8_fallback = false;           // Auto-detected UTF-8: read invalid fields as Windows-1252.
  std::vector<bool> wanted;
  std::uint64_t col1_digits = 0, col1_other = 0;
  std::array<std::uint64_t, kWarnKinds> events{};  // Occurrences of each kind of warning.
  std::vector<std::uint8_t> warning_kind;          // WarnKind of each warning.
  std::string tmp;

  void warn(std::uint64_t at, std::string message, WarnKind kind = kWarnOther) {
    warnings.push_back(Warning{info.name, at, std::move(message)});
    warning_kind.push_back(kind);
  }

  // Counts an occurrence of `kind`; true when it is to be warned about.
  bool count_warning(WarnKind kind) { return events[kind]++ < kMaxWarningsPerKind; }

  // Reads until the buffer is full or the input ends.
  void fill() {
    const std::size_t limit = read_step ? std::min(capacity, size + read_step) : capacity;
    while (size < limit && !eof) {
      std::size_t got = source->read(buffer.get() + size, limit - size);
      if (got == 0) {
        eof = true;
        break;
      }
      size += got;
      bytes_read += got;
    }
  }

  void refill() {
    std::size_t keep = size - pos;
    if ((pos == 0 || this->keep) && size == capacity) {
      std::size_t field = size - std::min(size, tokenizer.pending_field_start());
      if (field > options.max_field_bytes)
        throw data_error(fmt::format("a field is longer than {} bytes", options.max_field_bytes),
                         info.name, line, "raise the limit with --max-field-bytes if this is expected");
      std::size_t max_record = std::max<std::size_t>(options.max_field_bytes * 4, std::size_t{64} << 20);
      if (size > max_record)
        throw data_error(fmt::format("a record is longer than {} bytes", max_record), info.name,
                         line, "raise the limit with --max-field-bytes if this is expected");
      Buffer bigger = allocate(capacity * 2, buffer.get_deleter().pool);
      std::memcpy(bigger.get(), buffer.get(), size);
      buffer = std::move(bigger);
      capacity *= 2;
    } else if (!this->keep) {
      std::memmove(buffer.get(), buffer.get() + pos, keep);
      base_offset += pos;
      size = keep;
      pos = 0;
    }
    fill();
    std::memset(buffer.get() + size, 0, kTokenizerPadding);
    tokenizer.reset(buffer.get(), size, eof);
  }

  [[noreturn]] void token_error(const RecordRef& r) {
    std::size_t column = r.fields.size() + 1;
    switch (tokenizer.error()) {
      case TokenError::UnterminatedQuote:
        throw data_error(fmt::format("unterminated quoted field in column {}: the input ends inside quotes", column),
                         info.name, line, "close the quote or double the quotes inside the field");
      case TokenError::StrayQuote:
        throw data_error(fmt::format("quote inside an unquoted field in column {}", column), info.name, line,
                         "quote the whole field and double its quotes, or use --lenient to keep the quote as text");
      case TokenError::TextAfterQuote:
        throw data_error(fmt::format("text after the closing quote in column {}", column), info.name, line,
                         "double the quotes inside a quoted field, or use --lenient to keep them as text");
      case TokenError::NulByte:
        throw data_error(fmt::format("NUL byte in column {}: binary data or wrongly decoded text", column),
                         info.name, line, "if the file is UTF-16 without a byte-order mark, use --encoding utf-16le");
      case TokenError::None:
        break;
    }
    throw data_error("malformed record", info.name, line);
  }

  // Makes room for more input after `pos` (shifting or growing the buffer)
  // and reads it; `pos` stays on the same byte.
  void make_room() {
    if (!keep && pos > 0) {
      std::memmove(buffer.get(), buffer.get() + pos, size - pos);
      base_offset += pos;
      size -= pos;
      pos = 0;
    } else if (size == capacity) {
      Buffer bigger = allocate(capacity * 2, buffer.get_deleter().pool);
      std::memcpy(bigger.get(), buffer.get(), size);
      buffer = std::move(bigger);
      capacity *= 2;
    }
    fill();
    std::memset(buffer.get() + size, 0, kTokenizerPadding);
    tokenizer.reset(buffer.get(), size, eof);
  }

  // Reads the record at `pos` with repair_record() (--lenient). With
  // `always` (the tokenizer rejected it) the repair's reading is taken;
  // otherwise only one that fits the width by changing quotes. Returns
  // whether `rec` now holds the repaired record; if not, `pos` is still the
  // record's start (the buffer may have moved).
  bool repair_at(bool always) {
    while (repair_record(buffer.get() + pos, size - pos, eof, info.dialect, width, repair) ==
           RepairStatus::NeedMore)
      make_room();
    const bool use = repair.size > 0 && (always || (repair.fits && repair.kinds != 0));
    if (!use) return false;
    rec.data = buffer.get() + pos;
    rec.fields.assign(repair.fields.begin(), repair.fields.end());
    rec.size = repair.size;
    rec.line_breaks = repair.line_breaks;
    rec.terminated = repair.terminated;
    rec.text = RecordText::Unknown;
    pos += repair.size;
    rec_line = line;
    line += rec.line_breaks + (rec.terminated ? 1 : 0);
    rec_repair = repair.kinds;
    rec_repair_column = static_cast<std::uint32_t>(repair.column);
    return true;
  }

  // The last resort for a record no repair reads (its first line is longer
  // than a repair looks at): the tokenizer's own lenient reading, stray
  // quotes kept as text. False at a NUL byte.
  bool read_leniently() {
    Tokenizer lenient(info.dialect, /*lenient=*/true);
    for (;;) {
      lenient.reset(buffer.get(), size, eof);
      const std::size_t start = pos;
      const TokenStatus st = lenient.next(pos, rec);
      if (st == TokenStatus::Record) {
        rec_line = line;
        line += rec.line_breaks + (rec.terminated ? 1 : 0);
        rec_repair = kRepairLiteralQuote;
        rec_repair_column = 0;
        for (std::size_t j = 0; j < rec.fields.size(); ++j)
          if (rec.fields[j].flags & kFieldStrayQuote) {
            rec_repair_column = static_cast<std::uint32_t>(j);
            break;
          }
        return true;
      }
      if (st != TokenStatus::NeedMore) {
        pos = start;
        return false;
      }
      refill();
    }
  }

  // A record fetch() must look at more closely: longer than big_record, or
  // (--lenient) spanning lines. `start` is where it starts in the buffer.
  Special special_record(std::size_t start) {
    if (rec.size > options.max_field_bytes)
      for (const auto& f : rec.fields)
        if (f.size > options.max_field_bytes)
          throw data_error(fmt::format("a field is longer than {} bytes", options.max_field_bytes),
                           info.name, line,
                           "raise the limit with --max-field-bytes if this is expected");
    if (!options.lenient || rec.line_breaks == 0) return Special::Normal;
    // A record whose quoted fields span lines and that lost its shape, or
    // that is very long, may hold a quote that never closes: read it again
    // if changing quotes makes it fit.
    if (rec.size < kRepairMaxBytes && (rec.fields.size() == width || extras_blank(rec)))
      return Special::Normal;
    const std::uint64_t at = base_offset + start;
    if (probed == at) return Special::Normal;
    probed = at;
    pos = start;
    return repair_at(false) ? Special::Used : Special::Retry;
  }

  bool extras_blank(const RecordRef& r) const {
    if (r.fields.size() <= width) return false;
    for (std::size_t j = width; j < r.fields.size(); ++j)
      if (!blank_raw(r.raw(j))) return false;
    return true;
  }

  // The next record from the buffer, refilling as needed; false at the end.
  bool fetch() {
    for (;;) {
      if (base_offset + pos >= chunk_end) {
        stopped = true;
        return false;
      }
      TokenStatus st = tokenizer.next(pos, rec);
      if (st == TokenStatus::Record) [[likely]] {
        if (rec.size > big_record || (rec.line_breaks != 0 && options.lenient)) [[unlikely]] {
          const Special sp = special_record(pos - rec.size);
          if (sp == Special::Used) return true;
          if (sp == Special::Retry) continue;
        }
        rec_line = line;
        rec_repair = 0;
        line += rec.line_breaks + (rec.terminated ? 1 : 0);
        return true;
      }
      if (st == TokenStatus::End) return false;
      if (st == TokenStatus::Error) {
        if (!options.lenient || tokenizer.error() == TokenError::NulByte) token_error(rec);
        if (repair_at(true) || read_leniently()) return true;
        if (tokenizer.next(pos, rec) == TokenStatus::Error) token_error(rec);
        continue;
      }
      // A record longer than a repair looks at may hold a quote that never
      // closes: try once before reading further.
      if (options.lenient && size - pos >= kRepairMaxBytes && probed != base_offset + pos) {
        probed = base_offset + pos;
        if (repair_at(false)) return true;
        continue;
      }
      refill();
    }
  }

  // Appends the decoded value of a raw field to `out`; returns false when
  // the raw bytes can be used as they are (after trimming).
  // `known` is what the whole record classified as, when that tells every
  // field (ASCII, or NFC-stable UTF-8); Invalid means "classify this field".
  bool decode(std::string_view raw, std::uint8_t flags, std::uint64_t at, std::size_t column,
              std::string& out, Utf8Class known = Utf8Class::Invalid) {
    const Utf8Class kind = known != Utf8Class::Invalid ? known : classify_utf8(raw);
    const bool ascii = kind == Utf8Class::Ascii;
    if (!(flags & (kFieldEscaped | kFieldLineBreak))) {
      if (ascii) return false;
      // Valid UTF-8 already in NFC is used in place.
      if (decode_as == Encoding::Utf8 && kind == Utf8Class::Stable) return false;
    }
    std::string_view text = raw;
    if (flags & kFieldEscaped) {
      tmp.clear();
      append_unescaped(tmp, raw, info.dialect);
      text = tmp;
    }
    std::size_t start = out.size();
    if (ascii || (kind == Utf8Class::Stable && decode_as == Encoding::Utf8)) {
      // Valid and NFC-stable before unescaping stays so after: unescaping
      // only removes ASCII quotes or backslashes, and a stable text holds no
      // combining mark that could meet a new neighbour.
      out.append(text);
    } else if (decode_as == Encoding::Utf8) {
      std::size_t bad = find_invalid_utf8(text);
      if (bad == std::string_view::npos) {
        append_nfc(out, text);
      } else if (utf8_fallback) {
        ++stats.fallback_fields;
        if (count_warning(kWarnFallback))
          warn(at, fmt::format("column {} is not valid UTF-8; read it as Windows-1252", column + 1),
               kWarnFallback);
        std::string converted;
        append_single_byte_as_utf8(converted, text, Encoding::Windows1252);
        append_nfc(out, converted);
      } else {
        throw data_error(fmt::format("invalid UTF-8 (byte 0x{:02X}) in column {}",
                                     static_cast<unsigned char>(text[bad]), column + 1),
                         info.name, at,
                         "if the file is not UTF-8, use --encoding windows-1252 or --encoding latin1");
      }
    } else {
      std::string converted;
      append_single_byte_as_utf8(converted, text, decode_as);
      append_nfc(out, converted);
    }
    if (flags & kFieldLineBreak) {
      // Line breaks inside values become LF, whatever the file used.
      const void* cr = std::memchr(out.data() + start, '\r', out.size() - start);
      std::size_t first = cr ? static_cast<std::size_t>(static_cast<const char*>(cr) - out.data()) : out.size();
      std::size_t w = first;
      for (std::size_t r = first; r < out.size(); ++r) {
        char c = out[r];
        if (c == '\r') {
          out[w++] = '\n';
          if (r + 1 < out.size() && out[r + 1] == '\n') ++r;
        } else {
          out[w++] = c;
        }
      }
      out.resize(w);
    }
    return true;
  }

  // Checks the shape of a data record and counts it: in strict mode, a row
  // of the wrong width is an error; with --lenient, short rows are padded
  // and long ones cut, and rows repaired or cut are noted. Returns how many
  // fields are data (extra empty ones at the end are dropped).
  std::size_t accept(const Pick& r) {
    const std::size_t n = r.fields->size();
    if (n != width || r.repair != 0) [[unlikely]]
      return accept_odd(r);
    count_record(r);
    return n;
  }

  void count_record(const Pick& r) {
    if (!r.fields->empty()) {
      const FieldRef& f = r.fields->front();
      if (digit_leading(std::string_view(r.data + f.offset, f.size)))
        ++col1_digits;
      else
        ++col1_other;
    }
    ++stats.records;
  }

  std::size_t accept_odd(const Pick& r) {
    const std::vector<FieldRef>& fields = *r.fields;
    const std::size_t n = fields.size();
    bool padded = false, cut = false;
    if (n < width) {
      if (!options.lenient)
        throw data_error(fmt::format("{} field{}, expected {}", n, n == 1 ? "" : "s", width),
                         info.name, r.line,
                         "check the quoting of this record, or use --lenient to pad short rows");
      padded = true;
    }
    if (n > width) {
      bool extras_empty = true;
      for (std::size_t j = width; j < n && extras_empty; ++j)
        extras_empty = blank_raw(std::string_view(r.data + fields[j].offset, fields[j].size));
      if (extras_empty) {
        ++stats.trailing_empty;
      } else if (!options.lenient) {
        throw data_error(fmt::format("{} field{}, expected {}", n, n == 1 ? "" : "s", width),
                         info.name, r.line,
                         "quote fields that contain the delimiter, or use --lenient to cut the row "
                         "to the header's width");
      } else {
        cut = true;
      }
    }
    if (padded || cut || r.repair) note_repair(r, padded, cut);
    count_record(r);
    return std::min(n, width);
  }

  // Counts, warns about and keeps (for --rejects) a row --lenient changed.
  void note_repair(const Pick& r, bool padded, bool cut) {
    const std::size_t n = r.fields->size();
    const WarnKind kind = cut ? kWarnRejected : padded ? kWarnPadded : kWarnRepaired;
    ++(cut ? stats.rejected : padded ? stats.padded : stats.quotes_repaired);
    const bool shown = count_warning(kind);
    if (!shown && options.rejects.empty()) return;
    std::string reason;
    const std::size_t column = r.repair_column + 1;
    if (r.repair & kRepairClosedAtEnd)
      reason = fmt::format("column {}: quote still open at the end of the input; closed it there",
                           column);
    else if (r.repair & kRepairClosedQuote)
      reason =
          fmt::format("column {}: quote never closed; closed it at the end of its field", column);
    else if (r.repair & kRepairLiteralQuote)
      reason = fmt::format("column {}: misplaced quote kept as text", column);
    if (padded || cut) {
      if (!reason.empty()) reason += "; ";
      reason += fmt::format("{} field{}, expected {}; ", n, n == 1 ? "" : "s", width);
      reason += padded ? std::string("padded with empty fields")
                       : fmt::format("kept the first {}", width);
    }
    if (shown) warn(r.line, reason, kind);
    if (!options.rejects.empty()) rejects.push_back(Reject{r.line, std::move(reason), raw_text(r)});
  }

  // A record's bytes as UTF-8, without its line terminator.
  std::string raw_text(const Pick& r) const {
    std::string_view bytes(r.data, r.size);
    while (!bytes.empty() && (bytes.back() == '\n' || bytes.back() == '\r')) bytes.remove_suffix(1);
    std::string out;
    if (decode_as == Encoding::Utf8 && find_invalid_utf8(bytes) == std::string_view::npos)
      out.assign(bytes);
    else
      append_single_byte_as_utf8(out, bytes,
                                 decode_as == Encoding::Utf8 ? Encoding::Windows1252 : decode_as);
    return out;
  }

  // Decodes a whole record (fields relative to `data`) for `sink`, which
  // gets begin(columns), then for each value either raw(j, view) (a view of
  // the input, trimmed) or decoded(j, offset, size) (bytes appended to
  // `scratch`); columns not wanted get neither. Returns whether any value
  // went to `scratch`.
  template <class Sink>
  bool decode_fields(const Pick& r, std::string& scratch, Sink& sink) {
    const char* data = r.data;
    const std::vector<FieldRef>& fields = *r.fields;
    const std::uint64_t at = r.line;
    const RecordText text = r.text;
    sink.begin(header.size());
    const std::size_t used = accept(r);
    const bool every_column = wanted.empty();
    bool scratch_used = false;
    // What the tokenizer learnt of the record's text, or one UTF-8 pass over
    // the whole record when every field is wanted: its delimiters and quotes
    // are ASCII, so an ASCII or NFC-stable record makes every field so, and
    // fields need no pass of their own.
    Utf8Class known = Utf8Class::Invalid;
    if (text == RecordText::Ascii) {
      known = Utf8Class::Ascii;
    } else if (text == RecordText::Stable && decode_as == Encoding::Utf8) {
      known = Utf8Class::Stable;
    } else if (every_column && used > 0) {
      std::string_view all(data + fields[0].offset,
                           fields[used - 1].offset + fields[used - 1].size - fields[0].offset);
      Utf8Class k = classify_utf8(all);
      if (k == Utf8Class::Ascii || (k == Utf8Class::Stable && decode_as == Encoding::Utf8)) known = k;
    }
    const bool trimming = options.trim;
    for (std::size_t j = 0; j < used; ++j) {
      if (!every_column && !wanted[j]) continue;
      const FieldRef& f = fields[j];
      std::string_view raw(data + f.offset, f.size);
      // The common case: nothing to unescape in a record already classified.
      if (known != Utf8Class::Invalid && !(f.flags & (kFieldEscaped | kFieldLineBreak))) {
        sink.raw(j, trimming ? quick_trim(raw) : raw);
        continue;
      }
      std::size_t before = scratch.size();
      if (decode(raw, f.flags, at, j, scratch, known)) {
        scratch_used = true;
        if (trimming) {
          std::string_view v(scratch.data() + before, scratch.size() - before);
          std::string_view t = trim(v);
          if (t.size() != v.size()) {
            // Keep the trimmed text where it began.
            std::memmove(scratch.data() + before, t.data(), t.size());
            scratch.resize(before + t.size());
          }
        }
        sink.decoded(j, before, scratch.size() - before);
      } else {
        sink.raw(j, trimming ? quick_trim(raw) : raw);
      }
    }
    return scratch_used;
  }

  // Decodes a whole record into `row`.
  void decode_record(const Pick& r, Row& row) {
    struct RowSink {
      Row& row;
      void begin(std::size_t columns) {
        row.m_values.assign(columns, std::string_view());
        row.m_spans.assign(columns, UINT64_MAX);
      }
      void raw(std::size_t j, std::string_view v) { row.m_values[j] = v; }
      void decoded(std::size_t j, std::size_t offset, std::size_t size) {
        row.m_spans[j] = (static_cast<std::uint64_t>(offset) << 32) | size;
      }
    } sink{row};
    row.m_line = r.line;
    row.m_scratch.clear();
    const bool scratch_used = decode_fields(r, row.m_scratch, sink);
    row.m_view = row.m_values.data();
    row.m_size = row.m_values.size();
    if (!scratch_used) return;
    for (std::size_t j = 0; j < row.m_values.size(); ++j) {
      if (row.m_spans[j] == UINT64_MAX) continue;
      row.m_values[j] = std::string_view(row.m_scratch.data() + (row.m_spans[j] >> 32),
                                         row.m_spans[j] & 0xFFFFFFFFu);
    }
  }

  // The next data record: held-back records first, then the buffer. Skips
  // blank lines, empty records and notes below the data.
  // `text` tells what the tokenizer knows of the record's bytes.
  bool advance(Pick& out) {
    for (;;) {
      if (!release.empty()) {
        current = std::move(release.front());
        release.pop_front();
        out = Pick{current.bytes.data(), &current.fields, current.line,         RecordText::Unknown,
                   current.bytes.size(), current.repair,  current.repair_column};
        return true;
      }
      if (held) {
        held = false;
        out = Pick{rec.data, &rec.fields, rec_line,         rec.text,
                   rec.size, rec_repair,  rec_repair_column};
        return true;
      }
      if (!fetch()) {
        if (stopped) {
          // A chunk ends; records follow in the next one: held-back rows were data.
          if (pending.empty()) return false;
          for (auto& o : pending) release.push_back(std::move(o));
          pending.clear();
          continue;
        }
        for (const auto& o : pending) skip_note(o);
        pending.clear();
        if (!chunk_mode) end_input();
        return false;
      }
      if (rec.blank()) {
        ++stats.blank_lines;
        continue;
      }
      if (all_empty(rec)) {
        ++stats.empty_records;
        continue;
      }
      if (repeated_header(rec)) {
        ++stats.repeated_headers;
        warn(rec_line, "skipped a copy of the header row (two exports put together?)");
        continue;
      }
      if (note_like(rec)) {
        pending.push_back(own(rec, rec_line));
        if (pending.size() > kMaxPending) {
          for (auto& o : pending) release.push_back(std::move(o));
          pending.clear();
        }
        continue;
      }
      if (!pending.empty()) {
        for (auto& o : pending) release.push_back(std::move(o));
        pending.clear();
        held = true;
        continue;
      }
      out.data = rec.data;
      out.fields = &rec.fields;
      out.line = rec_line;
      out.text = rec.text;
      out.size = rec.size;
      out.repair = rec_repair;
      out.repair_column = rec_repair_column;
      return true;
    }
  }

  // The end of the input (not of a chunk): an export without records is
  // one of 0 respondents, unless its header names nothing either.
  void end_input() {
    if (finished) return;
    finished = true;
    if (stats.records > 0) return;
    if (!header_named)
      throw data_error("the input holds no column names and no records", info.name, 1,
                       "expected a header line and records");
    warn(0, "0 responses");
  }

  bool all_empty(const RecordRef& r) const {
    for (std::size_t j = 0; j < r.fields.size(); ++j)
      if (!blank_raw(r.raw(j)) || (r.fields[j].flags & kFieldLineBreak)) return false;
    return true;
  }

  // A record that may be a note or a total below the data rather than a
  // respondent. Called for every record: the common case (as wide as the
  // header, an ordinary first cell) is decided from the first field alone.
  bool note_like(const RecordRef& r) const {
    std::string_view first = r.fields.empty() ? std::string_view() : r.raw(0);
    const bool col1_ids = col1_digits >= 3 && col1_other == 0;
    const bool first_differs = col1_ids && !blank_raw(first) && !digit_leading(first);
    const bool keyword = note_keyword(first);
    std::size_t n = r.fields.size();
    if (n > width) {
      bool extras_empty = true;
      for (std::size_t j = width; j < n && extras_empty; ++j) extras_empty = blank_raw(r.raw(j));
      if (extras_empty) n = width;  // Trailing delimiters: an ordinary row.
    }
    if (n == width && !keyword) return first_differs;
    std::size_t filled = 0;
    for (std::size_t j = 0; j < r.fields.size(); ++j) filled += !blank_raw(r.raw(j));
    if (n == width) return first_differs || filled <= 2;
    // A row that starts like the respondents' ids is data, even cut short.
    const bool id_led = col1_ids && digit_leading(first);
    return (!id_led && filled <= 2 && filled * 3 <= width) || first_differs || (keyword && filled <= 2);
  }

  // The header row again, inside the data. Decided from the first field in
  // the common case.
  bool repeated_header(const RecordRef& r) {
    if (r.fields.size() < width || header.empty() || info.header_rows != 1) return false;
    std::string_view first = quick_trim(r.raw(0));
    const std::string& name = header[0];
    // Quick rejections: different emptiness, or different first ASCII characters.
    if (first.empty() != name.empty()) return false;
    if (!first.empty()) {
      auto a = static_cast<unsigned char>(first[0]), b = static_cast<unsigned char>(name[0]);
      if (a < 0x80 && b < 0x80 && a != b) return false;
    }
    std::string scratch;
    if (!decode(first, r.fields[0].flags, rec_line, 0, scratch)) scratch.assign(first);
    if (std::string(trim(scratch)) != header[0]) return false;
    for (std::size_t j = 1; j < width; ++j) {
      scratch.clear();
      if (!decode(r.raw(j), r.fields[j].flags, rec_line, j, scratch)) scratch.assign(r.raw(j));
      if (std::string(trim(scratch)) != header[j]) return false;
    }
    return true;
  }

  OwnedRecord own(const RecordRef& r, std::uint64_t at) const {
    return OwnedRecord{std::string(r.data, r.size), r.fields, at, rec_repair, rec_repair_column};
  }

  void skip_note(const OwnedRecord& o) {
    ++stats.notes_below;
    std::string text;
    for (std::size_t j = 0; j < o.fields.size(); ++j) {
      std::string_view raw(o.bytes.data() + o.fields[j].offset, o.fields[j].size);
      if (blank_raw(raw)) continue;
      if (!text.empty()) text += " | ";
      std::string piece;
      std::string scratch;
      if (decode(raw, o.fields[j].flags, o.line, j, scratch)) piece = scratch;
      else piece.assign(raw);
      text += std::string(trim(piece));
    }
    warn(o.line, fmt::format("skipped a note below the data: \"{}\"", shorten(text, 60)));
  }
};

CsvReader::CsvReader(std::unique_ptr<InputSource> input, ReaderOptions options)
    : m_impl(std::make_unique<Impl>()) {
  Impl& m = *m_impl;
  m.options = options;
  m.info.name = input->name();
  m.source = std::move(input);
  m.capacity = options.buffer_bytes ? std::max<std::size_t>(options.buffer_bytes, 64) : kReadBytes;
  m.buffer = allocate(m.capacity);

  // 1. The first bytes: binary files, byte-order marks, UTF-16.
  std::size_t want = std::min(kSniffBytes, m.capacity);
  while (m.size < want && !m.eof) {
    std::size_t got = m.source->read(m.buffer.get() + m.size, want - m.size);
    if (got == 0) m.eof = true;
    m.size += got;
    m.bytes_read += got;
  }
  std::string_view head(m.buffer.get(), m.size);
  if (const char* kind = binary_kind(head))
    throw data_error(fmt::format("this is not a CSV file: it looks like {}", kind), m.info.name, 1,
                     "export or save the responses as CSV first");

  Encoding enc = options.encoding;
  int utf16 = 0;  // 1 LE, 2 BE
  std::size_t skip = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") {
    m.info.bom = true;
    skip = 3;
    if (enc == Encoding::Auto) enc = Encoding::Utf8;
  } else if (head.substr(0, 2) == "\xFF\xFE" && enc != Encoding::Utf16BE) {
    m.info.bom = true;
    skip = 2;
    utf16 = 1;
  } else if (head.substr(0, 2) == "\xFE\xFF" && enc != Encoding::Utf16LE) {
    m.info.bom = true;
    skip = 2;
    utf16 = 2;
  }
  if (!utf16) {
    if (enc == Encoding::Utf16 || enc == Encoding::Utf16LE) utf16 = 1;
    else if (enc == Encoding::Utf16BE) utf16 = 2;
    else if (enc == Encoding::Auto) {
      utf16 = utf16_without_bom(head);
      if (utf16)
        m.warn(0, fmt::format("no byte-order mark, but the bytes look like {}; read as such (use --encoding to choose)",
                              utf16 == 1 ? "UTF-16LE" : "UTF-16BE"));
    }
  }
  if (utf16) {
    std::string prefix(head.substr(skip));
    m.source = std::make_unique<Utf16Source>(std::move(m.source), std::move(prefix), utf16 == 2);
    m.size = 0;
    m.eof = false;
    skip = 0;
    while (m.size < want && !m.eof) {
      std::size_t got = m.source->read(m.buffer.get() + m.size, want - m.size);
      if (got == 0) m.eof = true;
      m.size += got;
    }
    if (m.size >= 3 && std::string_view(m.buffer.get(), 3) == "\xEF\xBB\xBF") skip = 3;
    m.info.encoding = utf16 == 1 ? Encoding::Utf16LE : Encoding::Utf16BE;
    m.info.encoding_detected = options.encoding == Encoding::Auto || options.encoding == Encoding::Utf16;
    m.decode_as = Encoding::Utf8;
  }
  head = std::string_view(m.buffer.get() + skip, m.size - skip);

  // 2. Excel's "sep=;" line, then the dialect.
  std::size_t sep_bytes = 0;
  if (char d = excel_sep_line(head, sep_bytes)) {
    m.info.sep_line = true;
    skip += sep_bytes;
    head.remove_prefix(sep_bytes);
    if (!options.delimiter) options.delimiter = d;
    m.line = 2;
  }
  SniffResult sniff = sniff_dialect(head, m.eof, options.delimiter);
  m.info.dialect = sniff.dialect;
  m.info.dialect_explanation = sniff.explanation;
  m.info.dialect_detected = options.delimiter == '\0';

  // 3. The encoding of single-byte or UTF-8 input.
  if (!utf16) {
    if (enc == Encoding::Auto) {
      // A sequence cut by the end of the sample is not evidence of anything.
      std::string_view sample = head;
      if (!m.eof) {
        std::size_t cut = sample.size();
        while (cut > 0 && sample.size() - cut < 4 && (static_cast<unsigned char>(sample[cut - 1]) & 0x80)) --cut;
        sample = sample.substr(0, cut);
      }
      // UTF-8 when the sample has valid multi-byte sequences and (nearly)
      // nothing else; a few stray Windows-1252 fields are then read as such.
      Utf8Evidence ev = utf8_evidence(sample);
      bool utf8 = ev.invalid == 0 || ev.valid_multibyte >= 4 * ev.invalid;
      m.decode_as = utf8 ? Encoding::Utf8 : Encoding::Windows1252;
      m.utf8_fallback = utf8;
      m.info.encoding_detected = true;
    } else {
      m.decode_as = enc;
    }
    m.info.encoding = m.decode_as;
  }

  // 4. The first records: where the header is and what it says.
  std::memmove(m.buffer.get(), m.buffer.get() + skip, m.size - skip);
  m.size -= skip;
  m.base_offset = skip;
  std::memset(m.buffer.get() + m.size, 0, kTokenizerPadding);
  // Lenient mode reads as strict mode does; a record the tokenizer rejects
  // is then repaired (repair.hpp), so well-formed input pays nothing.
  m.tokenizer = Tokenizer(m.info.dialect, /*lenient=*/false);
  m.tokenizer.reset(m.buffer.get(), m.size, m.eof);
  if (m.size == 0 && m.eof)
    throw data_error("the input is empty", m.info.name, 1, "expected a header line and records");

  std::vector<TextRow> rows;
  std::vector<std::size_t> row_end;        // Buffer offset after each collected row.
  std::vector<std::uint64_t> row_line;     // Line where each collected row starts.
  std::vector<std::uint64_t> row_next_line;
  std::size_t scan_pos = 0;
  std::uint64_t scan_line = m.line;
  // Decoding the first rows for the analysis must not count as reading them.
  const ReadStats saved_stats = m.stats;
  const std::size_t saved_warnings = m.warnings.size();
  {
    RecordRef r;
    std::size_t text_count = 0;  // Rows that are not blank lines (blank lines do not count).
    while (text_count < kHeaderRows) {
      std::size_t before = scan_pos;
      TokenStatus st = m.tokenizer.next(scan_pos, r);
      if (st == TokenStatus::Error && options.lenient &&
          m.tokenizer.error() != TokenError::NulByte) {
        // Read as the repair reads it, at the width the dialect's detection saw.
        RepairResult fixed;
        const std::size_t guess = std::max<std::size_t>(sniff.width, 1);
        if (repair_record(m.buffer.get() + before, m.size - before, m.eof, m.info.dialect, guess,
                          fixed) == RepairStatus::NeedMore) {
          if (text_count < 2) {
            m.pos = 0;
            m.line = scan_line;
            m.refill();
            scan_pos = before;
            continue;
          }
          scan_pos = before;
          break;
        }
        if (fixed.size > 0) {
          r.data = m.buffer.get() + before;
          r.fields = std::move(fixed.fields);
          r.size = fixed.size;
          r.line_breaks = fixed.line_breaks;
          r.terminated = fixed.terminated;
          scan_pos = before + fixed.size;
          st = TokenStatus::Record;
        } else {
          // A first line longer than a repair looks at: as read_leniently() reads it.
          Tokenizer lenient(m.info.dialect, /*lenient=*/true);
          lenient.reset(m.buffer.get(), m.size, m.eof);
          scan_pos = before;
          st = lenient.next(scan_pos, r);
          if (st == TokenStatus::NeedMore && text_count < 2 && !m.eof) {
            m.pos = 0;
            m.line = scan_line;
            m.refill();
            scan_pos = before;
            continue;
          }
        }
      }
      if (st == TokenStatus::Error) {
        m.line = scan_line;
        m.token_error(r);
      }
      if (st == TokenStatus::NeedMore && text_count < 2 && !m.eof) {
        // A header longer than the first read (tens of thousands of columns).
        m.pos = 0;
        m.line = scan_line;
        m.refill();
        scan_pos = before;
        continue;
      }
      if (st != TokenStatus::Record) {
        scan_pos = before;
        break;
      }
      std::uint64_t start_line = scan_line;
      scan_line += r.line_breaks + (r.terminated ? 1 : 0);
      if (r.blank()) {
        rows.emplace_back();
      } else {
        TextRow row;
        row.reserve(r.fields.size());
        for (std::size_t j = 0; j < r.fields.size(); ++j) {
          std::string value;
          if (!m.decode(r.raw(j), r.fields[j].flags, start_line, j, value)) value.assign(r.raw(j));
          row.emplace_back(trim(value));
        }
        rows.push_back(std::move(row));
        ++text_count;
      }
      row_end.push_back(scan_pos);
      row_line.push_back(start_line);
      row_next_line.push_back(scan_line);
    }
  }
  m.stats = saved_stats;
  m.warnings.resize(saved_warnings);
  m.warning_kind.resize(saved_warnings);
  m.events = {};
  // Blank lines take no part in the analysis; remember where the others are.
  std::vector<TextRow> text_rows;
  std::vector<std::size_t> index;  // text_rows[i] is rows[index[i]]
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!rows[i].empty()) {
      text_rows.push_back(rows[i]);
      index.push_back(i);
    }
  bool single_byte_semicolon = m.info.dialect.delimiter == ';' &&
                               (m.decode_as != Encoding::Utf8 || m.info.sep_line);
  HeaderAnalysis h = analyze_header(text_rows, options.format, options.header_rows, single_byte_semicolon);
  m.info.format = h.format;
  m.info.format_detected = h.format_detected;
  m.info.header_rows = h.header_rows;
  m.info.title = h.title;

  std::size_t consumed_rows = 0;  // Index into `rows` of the first data row.
  if (!text_rows.empty()) {
    std::size_t first_header = index[std::min(h.preamble_rows, index.size() - 1)];
    std::size_t last = h.preamble_rows + h.header_rows;
    consumed_rows = last == 0 ? first_header : index[last - 1] + 1;
    if (h.preamble_rows > 0 || first_header > 0) {
      std::uint64_t from = row_line[0];
      std::uint64_t to = row_line[first_header] - 1;
      m.info.preamble_lines = to - from + 1;
      std::string first_text;
      for (std::size_t i = 0; i < h.preamble_rows && first_text.empty(); ++i)
        for (const auto& cell : text_rows[i])
          if (!cell.empty()) {
            first_text = cell;
            break;
          }
      if (h.preamble_rows > 0)
        m.warn(from, fmt::format("skipped {} above the header ({}), starting \"{}\"",
                                 m.info.preamble_lines == 1 ? std::string("1 line") : fmt::format("{} lines", m.info.preamble_lines),
                                 from == to ? fmt::format("line {}", from) : fmt::format("lines {}-{}", from, to),
                                 shorten(first_text, 60)));
    }
  }
  // Renamed columns are reported at the line where the header starts.
  std::uint64_t header_line = 0;
  if (!text_rows.empty() && h.header_rows > 0)
    header_line = row_line[index[std::min(h.preamble_rows, index.size() - 1)]];
  for (auto& note : h.notes) m.warn(header_line, note);
  if (consumed_rows > 0) {
    m.pos = row_end[consumed_rows - 1];
    m.line = row_next_line[consumed_rows - 1];
  }
  m.info.first_data_line = m.line;
  m.splittable = !utf16 && m.source->size().has_value();
  m.header = h.names;
  m.width = m.header.size();
  m.header_named = h.named;
  m.big_record = options.lenient ? std::min(options.max_field_bytes, kRepairMaxBytes - 1)
                                 : options.max_field_bytes;
  if (m.width == 0)
    throw data_error("the input holds only blank lines", m.info.name, 1, "expected a header line and records");
  if (options.on_layout) options.on_layout(m.info);
}

CsvReader::~CsvReader() = default;

const std::vector<std::string>& CsvReader::header() const noexcept { return m_impl->header; }
const ReadInfo& CsvReader::info() const noexcept { return m_impl->info; }
const ReadStats& CsvReader::stats() const noexcept { return m_impl->stats; }
const Diagnostics& CsvReader::warnings() const noexcept { return m_impl->warnings; }
const std::vector<Reject>& CsvReader::rejects() const noexcept {
  return m_impl->rejects;
}
const ReaderOptions& CsvReader::options() const noexcept {
  return m_impl->options;
}
std::uint64_t CsvReader::bytes_read() const noexcept {
  const Impl& m = *m_impl;
  // A chunk reads ahead of its records and past its end to finish the last
  // one; count what it consumed, not what it fetched.
  if (m.chunk_mode) return m.base_offset + m.pos - m.chunk_begin;
  return m.bytes_read;
}

std::optional<std::uint64_t> CsvReader::input_size() const { return m_impl->source->size(); }

void CsvReader::select_columns(std::vector<bool> wanted) {
  wanted.resize(m_impl->header.size(), false);
  m_impl->wanted = std::move(wanted);
}

bool CsvReader::next(Row& row) {
  Pick pick;
  if (!m_impl->advance(pick)) return false;
  m_impl->decode_record(pick, row);
  return true;
}

bool CsvReader::next_spans(std::vector<std::uint32_t>& starts, std::vector<std::uint32_t>& sizes,
                           std::string& text, std::uint64_t& line) {
  Impl& m = *m_impl;
  Pick pick;
  if (!m.advance(pick)) return false;
  line = pick.line;
  struct SpanSink {
    std::vector<std::uint32_t>& starts;
    std::vector<std::uint32_t>& sizes;
    std::string& text;
    const char* base;
    bool in_window;  // Raw values are in the window (not a held-back copy).
    std::size_t at = 0;
    void begin(std::size_t columns) {
      at = starts.size();
      starts.resize(at + columns);
      sizes.resize(at + columns);
    }
    void raw(std::size_t j, std::string_view v) {
      if (in_window) {
        starts[at + j] = static_cast<std::uint32_t>(v.data() - base);
      } else {
        starts[at + j] = static_cast<std::uint32_t>(text.size()) | kSpanInText;
        text.append(v);
      }
      sizes[at + j] = static_cast<std::uint32_t>(v.size());
    }
    void decoded(std::size_t j, std::size_t offset, std::size_t size) {
      starts[at + j] = static_cast<std::uint32_t>(offset) | kSpanInText;
      sizes[at + j] = static_cast<std::uint32_t>(size);
    }
  };
  const char* base = m.buffer.get();
  const bool in_window = pick.data >= base && pick.data < base + m.size;
  if (text.size() >= kSpanInText || m.size >= kSpanInText)
    throw data_error("a chunk holds more than 2 GiB", m.info.name, line);
  SpanSink sink{starts, sizes, text, base, in_window};
  m.decode_fields(pick, text, sink);
  return true;
}

bool CsvReader::next_raw(RawRow& row) {
  Impl& m = *m_impl;
  Pick pick;
  if (!m.raw_mode) {
    // Raw records are never decoded here: spare the tokenizer its UTF-8 checks.
    m.raw_mode = true;
    m.tokenizer.set_classify(false);
  }
  if (!m.advance(pick)) return false;
  row.m_used = m.accept(pick);
  row.m_data = pick.data;
  row.m_fields = pick.fields;
  row.m_width = m.width;
  row.m_line = pick.line;
  return true;
}

void CsvReader::decode(std::string& out, std::string_view raw, std::uint8_t flags, std::uint64_t line,
                       std::size_t column) {
  Impl& m = *m_impl;
  std::size_t before = out.size();
  if (!m.decode(raw, flags, line, column, out)) out.append(raw);
  if (m.options.trim) {
    std::string_view v(out.data() + before, out.size() - before);
    std::string_view t = trim(v);
    if (t.size() != v.size()) {
      std::string kept(t);
      out.resize(before);
      out += kept;
    }
  }
}

CsvReader::CsvReader() : m_impl(std::make_unique<Impl>()) {}

BufferPool::~BufferPool() {
  for (auto& [p, size] : m_free) std::free(p);
}

char* BufferPool::take(std::size_t bytes, std::size_t* size) {
  std::lock_guard<std::mutex> lock(m_mutex);
  // The smallest that fits.
  std::size_t best = m_free.size();
  for (std::size_t i = 0; i < m_free.size(); ++i)
    if (m_free[i].second >= bytes && (best == m_free.size() || m_free[i].second < m_free[best].second)) best = i;
  if (best == m_free.size()) return nullptr;
  char* p = m_free[best].first;
  *size = m_free[best].second;
  m_free[best] = m_free.back();
  m_free.pop_back();
  return p;
}

void BufferPool::give(char* buffer, std::size_t size) noexcept {
  try {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_free.emplace_back(buffer, size);
  } catch (...) {
    std::free(buffer);
  }
}

std::optional<std::uint64_t> CsvReader::data_offset() const {
  const Impl& m = *m_impl;
  if (!m.splittable) return std::nullopt;
  return m.base_offset + m.pos;
}

std::string_view CsvReader::window() const noexcept { return {m_impl->buffer.get(), m_impl->size}; }

std::unique_ptr<CsvReader> CsvReader::chunk(const std::string& path, std::uint64_t begin, std::uint64_t end,
                                            bool speculative, bool keep, std::size_t capacity,
                                            BufferPool* pool) const {
  const Impl& p = *m_impl;
  std::unique_ptr<CsvReader> reader(new CsvReader());
  Impl& c = *reader->m_impl;
  c.options = p.options;
  c.info = p.info;
  c.header = p.header;
  c.width = p.width;
  c.header_named = p.header_named;
  c.big_record = p.big_record;
  c.decode_as = p.decode_as;
  c.utf8_fallback = p.utf8_fallback;
  c.col1_digits = p.col1_digits;
  c.col1_other = p.col1_other;
  c.wanted = p.wanted;
  c.chunk_mode = true;
  c.chunk_end = end;
  c.source = open_input_at(path, p.info.name, begin);
  c.keep = keep;
  if (keep) c.read_step = kChunkReadStep;
  c.capacity = std::max(p.capacity, capacity);
  c.buffer = allocate(c.capacity, pool);
  c.base_offset = begin;
  c.fill();
  std::memset(c.buffer.get() + c.size, 0, kTokenizerPadding);
  c.info.dialect_explanation.clear();
  c.tokenizer = Tokenizer(p.info.dialect, /*lenient=*/false);
  c.tokenizer.reset(c.buffer.get(), c.size, c.eof);
  if (speculative) {
    // Skip to just after the first line end.
    for (;;) {
      while (c.pos < c.size && c.buffer.get()[c.pos] != '\n' && c.buffer.get()[c.pos] != '\r') ++c.pos;
      if (c.pos < c.size) {
        if (c.buffer.get()[c.pos] == '\r' && c.pos + 1 == c.size && !c.eof) {
          c.refill();
          continue;
        }
        if (c.buffer.get()[c.pos] == '\r' && c.pos + 1 < c.size && c.buffer.get()[c.pos + 1] == '\n') ++c.pos;
        ++c.pos;
        break;
      }
      if (c.eof || c.base_offset + c.pos >= end) break;
      c.refill();
    }
  }
  c.chunk_begin = c.base_offset + c.pos;
  c.line = 1;
  c.info.first_data_line = 1;
  return reader;
}

void CsvReader::expect_records() {
  m_impl->end_input();
}

std::uint64_t CsvReader::chunk_start() const noexcept { return m_impl->chunk_begin; }

std::uint64_t CsvReader::chunk_stop() const noexcept { return m_impl->base_offset + m_impl->pos; }

std::uint64_t CsvReader::lines_read() const noexcept { return m_impl->line - 1; }

void CsvReader::absorb(const CsvReader& chunk, std::uint64_t line_offset) {
  Impl& m = *m_impl;
  const Impl& c = *chunk.m_impl;
  m.stats.records += c.stats.records;
  m.stats.blank_lines += c.stats.blank_lines;
  m.stats.empty_records += c.stats.empty_records;
  m.stats.padded += c.stats.padded;
  m.stats.quotes_repaired += c.stats.quotes_repaired;
  m.stats.rejected += c.stats.rejected;
  m.stats.trailing_empty += c.stats.trailing_empty;
  m.stats.notes_below += c.stats.notes_below;
  m.stats.fallback_fields += c.stats.fallback_fields;
  m.stats.repeated_headers += c.stats.repeated_headers;
  // The chunks cover the file in order from where this reader's header ended.
  m.bytes_read = std::max(m.bytes_read, c.base_offset + c.pos);
  // A chunk warned about its own first occurrences of each kind; of those,
  // keep the ones that are among the first of the whole input.
  std::array<std::uint64_t, kWarnKinds> seen{};
  for (std::size_t i = 0; i < c.warnings.size(); ++i) {
    const std::uint8_t kind = c.warning_kind[i];
    if (kind != kWarnOther && m.events[kind] + seen[kind]++ >= kMaxWarningsPerKind) continue;
    Warning w = c.warnings[i];
    if (w.line) w.line += line_offset;
    m.warnings.push_back(std::move(w));
    m.warning_kind.push_back(kind);
  }
  for (std::size_t k = 0; k < kWarnKinds; ++k) m.events[k] += c.events[k];
  for (Reject r : c.rejects) {
    r.line += line_offset;
    m.rejects.push_back(std::move(r));
  }
}

std::string describe_read(const ReadInfo& info, const ReadStats& stats, std::size_t columns) {
  std::string enc(encoding_name(info.encoding));
  if (info.bom) enc += " with BOM";
  std::string out = fmt::format(
      "{} record{}, {} column{}, encoding {}{}, delimiter {}{}, format {}{}, header rows {}",
      stats.records, stats.records == 1 ? "" : "s", columns, columns == 1 ? "" : "s", enc,
      info.encoding_detected ? " (detected)" : "", delimiter_name(info.dialect),
      info.sep_line           ? " (sep= line)"
      : info.dialect_detected ? " (detected)"
                              : "",
      format_name(info.format), info.format_detected ? " (detected)" : "", info.header_rows);
  if (info.dialect.quote == '\'') out += ", quote '";
  if (info.dialect.backslash_escape) out += ", backslash escapes";
  out += fmt::format(", rows repaired {}", stats.rows_repaired());
  if (stats.rejected) out += fmt::format(", rows rejected {}", stats.rejected);
  if (info.preamble_lines) out += fmt::format(", lines above header skipped {}", info.preamble_lines);
  if (stats.notes_below) out += fmt::format(", notes below data skipped {}", stats.notes_below);
  if (stats.blank_lines) out += fmt::format(", blank lines skipped {}", stats.blank_lines);
  if (stats.empty_records) out += fmt::format(", empty records skipped {}", stats.empty_records);
  if (stats.repeated_headers) out += fmt::format(", repeated headers skipped {}", stats.repeated_headers);
  if (stats.fallback_fields) out += fmt::format(", fields read as windows-1252 {}", stats.fallback_fields);
  return out;
}

}  // namespace survey
