// The streaming reader every verb uses: any questionnaire export in, one
// header and decoded records (UTF-8, NFC, trimmed) out. It detects the
// encoding, delimiter, quoting, title lines above the header, multi-row
// headers and notes below the data, and reports what it did.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "survey/read/error.hpp"
#include "survey/read/formats.hpp"
#include "survey/read/input.hpp"
#include "survey/read/text.hpp"
#include "survey/read/tokenizer.hpp"

namespace survey {

struct ReadInfo;

struct ReaderOptions {
  Encoding encoding = Encoding::Auto;
  char delimiter = '\0';  // '\0': detect among , ; tab | space.
  Format format = Format::Auto;
  int header_rows = -1;         // -1: detect; 0: no header (columns are column_1, ...).
  // Repair instead of stopping: rows keep the header's width (short rows
  // padded, long ones cut, misplaced quotes repaired), and each row repaired
  // or cut is counted, warned about and kept in rejects().
  bool lenient = false;
  bool trim = true;             // Trim white space around values.
  // Kept for compatibility: an input with a header but no records is always
  // accepted (a warning "0 responses" says so).
  bool allow_empty = false;
  // --rejects FILE: when not empty, the reader keeps the rows --lenient
  // repaired or cut in rejects(), and the tools write them to this file.
  std::string rejects;
  std::size_t max_field_bytes = std::size_t{16} << 20;
  // Size of the read buffer (0: 2 MiB). Tests use tiny buffers to exercise
  // records that straddle reads; the buffer grows for longer records.
  std::size_t buffer_bytes = 0;
  // When set, called once the layout is known (before any record is read),
  // for a tool to show ReadInfo::dialect_explanation (--explain-dialect).
  std::function<void(const ReadInfo&)> on_layout;
};

// What the reader found out about its input.
struct ReadInfo {
  std::string name;                 // File name for messages ("<stdin>").
  Encoding encoding = Encoding::Utf8;
  bool bom = false;                 // A byte-order mark was present.
  bool encoding_detected = false;
  Dialect dialect;
  bool dialect_detected = false;
  bool sep_line = false;            // Excel's "sep=;" first line.
  Format format = Format::Generic;
  bool format_detected = false;
  std::size_t header_rows = 1;      // Header rows merged into one.
  std::size_t preamble_lines = 0;   // Lines skipped above the header.
  std::string title;                // A form title found in the header (Framaforms).
  std::uint64_t first_data_line = 0;
  // How the dialect was chosen: one line per candidate tried (delimiter,
  // quote, records of the modal width, errors), then the reason.
  std::vector<std::string> dialect_explanation;
};

// Counts of what the reader skipped or repaired.
struct ReadStats {
  std::uint64_t records = 0;          // Records delivered.
  std::uint64_t blank_lines = 0;      // Empty lines skipped.
  std::uint64_t empty_records = 0;    // Records with every field empty, skipped.
  std::uint64_t padded = 0;           // Short rows padded with empty fields (--lenient).
  std::uint64_t quotes_repaired =
      0;  // Rows of the right width once their misplaced quotes were repaired (--lenient).
  std::uint64_t rejected =
      0;  // Long rows cut to the header's width, the line kept in rejects (--lenient).
  std::uint64_t trailing_empty = 0;   // Rows with extra empty fields at the end, dropped.
  std::uint64_t notes_below = 0;      // Note or total lines below the data, skipped.
  std::uint64_t fallback_fields = 0;  // Fields that were not UTF-8, read as Windows-1252.
  std::uint64_t repeated_headers = 0; // Copies of the header row inside the data (concatenated exports), skipped.

  // Rows changed to fit the table (the summary's "rows repaired").
  std::uint64_t rows_repaired() const { return padded + quotes_repaired + trailing_empty; }
  // Rows --lenient repaired or cut: those in rejects().
  std::uint64_t rows_lenient() const { return padded + quotes_repaired + rejected; }
};

// A row --lenient repaired or cut, for the rejects file (file,line,reason,raw).
struct Reject {
  std::uint64_t line = 0;  // Physical line where the record starts.
  std::string reason;      // What was wrong and what was done.
  std::string raw;         // The record's lines as they were (in UTF-8), without the last line end.
};

// One record, decoded. Values stay valid until the next call to
// CsvReader::next() with this row.
class Row {
 public:
  Row() = default;
  Row(const Row&) = delete;
  Row& operator=(const Row&) = delete;
  // Makes this row show `size` values held elsewhere (a parallel scan's
  // batch of decoded rows), without copying them.
  void view(const std::string_view* values, std::size_t size, std::uint64_t line) noexcept {
    m_view = values;
    m_size = size;
    m_line = line;
  }

  std::size_t size() const noexcept { return m_size; }
  std::string_view operator[](std::size_t i) const { return m_view[i]; }
  std::span<const std::string_view> values() const noexcept { return {m_view, m_size}; }
  // The physical line where the record starts.
  std::uint64_t line() const noexcept { return m_line; }

 private:
  friend class CsvReader;
  const std::string_view* m_view = nullptr;  // m_values, or a batch's values.
  std::size_t m_size = 0;
  std::vector<std::string_view> m_values;
  std::vector<std::uint64_t> m_spans;  // Scratch offsets while decoding.
  std::string m_scratch;
  std::uint64_t m_line = 0;
};

// One record, not decoded: the bytes of each field as they are in the input
// (without enclosing quotes) and their FieldFlag bits. Counting verbs intern
// these and decode only distinct values with CsvReader::decode(). Valid until
// the next call to CsvReader::next_raw().
class RawRow {
 public:
  // The number of data columns (the header's).
  std::size_t size() const noexcept { return m_width; }
  // Raw bytes of field `i`; empty for a field a short row lacks (--lenient).
  std::string_view raw(std::size_t i) const noexcept {
    if (i >= m_used) return {};
    const FieldRef& f = (*m_fields)[i];
    return {m_data + f.offset, f.size};
  }
  std::uint8_t flags(std::size_t i) const noexcept { return i < m_used ? (*m_fields)[i].flags : 0; }
  std::uint64_t line() const noexcept { return m_line; }

 private:
  friend class CsvReader;
  const char* m_data = nullptr;
  const std::vector<FieldRef>* m_fields = nullptr;
  std::size_t m_used = 0;
  std::size_t m_width = 0;
  std::uint64_t m_line = 0;
};

// Read buffers that chunk readers hand back when they end, for the next
// chunk reader to take: a parallel scan reads hundreds of chunks of one
// size, and reusing their memory spares the page faults and the munmap of a
// fresh multi-megabyte allocation each time. It holds at most as many
// buffers as were alive at once. Thread-safe; it must outlive the readers
// given it.
class BufferPool {
 public:
  BufferPool() = default;
  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;
  ~BufferPool();
  // A free buffer of at least `bytes` (its size in `*size`), or nullptr.
  char* take(std::size_t bytes, std::size_t* size);
  // Gives back a buffer of `size` bytes from std::aligned_alloc.
  void give(char* buffer, std::size_t size) noexcept;

 private:
  std::mutex m_mutex;
  std::vector<std::pair<char*, std::size_t>> m_free;
};

// See CsvReader::next_spans().
inline constexpr std::uint32_t kSpanInText = 0x80000000u;

class CsvReader {
 public:
  // Reads the start of the input to detect its layout and header. Throws
  // survey::Error for unreadable or malformed input.
  explicit CsvReader(std::unique_ptr<InputSource> input, ReaderOptions options = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Column names: unique, non-empty, merged from multi-row headers.
  const std::vector<std::string>& header() const noexcept;
  const ReadInfo& info() const noexcept;
  const ReadStats& stats() const noexcept;
  // Warnings so far (repairs, guesses, skipped lines), with lines. At most
  // five per kind of repair; stats() has the counts.
  const Diagnostics& warnings() const noexcept;
  // The rows repaired or cut so far, in input order (when options().rejects is set).
  const std::vector<Reject>& rejects() const noexcept;
  const ReaderOptions& options() const noexcept;
  // Bytes consumed from the input so far (for progress); for a chunk, the
  // bytes of its records only, so that the chunks of a file add up to it.
  std::uint64_t bytes_read() const noexcept;
  // The input's size in bytes when known (regular files).
  std::optional<std::uint64_t> input_size() const;

  // Decodes only the columns marked true (the others come back empty): a
  // verb that needs two columns of fifty does not pay for the rest.
  void select_columns(std::vector<bool> wanted);

  // Reads the next record; false at the end of the input. Throws
  // survey::Error naming the file and line on malformed data.
  bool next(Row& row);

  // Reads the next record of a kept chunk (see chunk()) decoded, as spans
  // rather than views, for a parallel scan to hold many rows at once:
  // appends one start and one size per column to `starts` and `sizes`. A
  // start with kSpanInText set is an offset in `text`, where the value was
  // decoded to; any other is an offset in window(). `line` gets the line
  // where the record starts. Same checks and errors as next().
  bool next_spans(std::vector<std::uint32_t>& starts, std::vector<std::uint32_t>& sizes, std::string& text,
                  std::uint64_t& line);

  // Reads the next record without decoding it; the same repairs, checks and
  // skipped lines as next(). Do not mix with next() on one reader.
  bool next_raw(RawRow& row);

  // Appends the canonical value (decoded, NFC, trimmed) of a raw field of
  // `column` to `out`. `line` is used in messages.
  void decode(std::string& out, std::string_view raw, std::uint8_t flags, std::uint64_t line,
              std::size_t column);

  // Parallel reading of a regular file, in chunks. The byte offset where
  // the records start, or nullopt when the input cannot be split (standard
  // input, UTF-16).
  std::optional<std::uint64_t> data_offset() const;
  // A reader set up like this one (dialect, encoding, header, options) of
  // the records of `path` that start in [begin, end). With `speculative`,
  // the first record is taken to start after the first line end at or after
  // `begin` (right unless that line end is inside a quoted field: compare
  // chunk_start() with the previous chunk's chunk_stop()). Its lines count
  // from 1 at its first record; it never reports an empty input.
  // With `keep`, the reader keeps every byte it read in one buffer that it
  // never shifts (it grows instead), so that values returned for its rows
  // can be located by their offset in window() after reading on; `capacity`
  // is the buffer's first size.
  // With `pool`, its read buffer comes from and goes back to the pool.
  std::unique_ptr<CsvReader> chunk(const std::string& path, std::uint64_t begin, std::uint64_t end,
                                   bool speculative, bool keep = false, std::size_t capacity = 0,
                                   BufferPool* pool = nullptr) const;
  // The bytes in the read buffer (all of a kept chunk).
  std::string_view window() const noexcept;
  std::uint64_t chunk_start() const noexcept;  // Offset of the first record read.
  std::uint64_t chunk_stop() const noexcept;   // Offset where reading stopped.
  std::uint64_t lines_read() const noexcept;   // Physical lines consumed from the start.
  // Adds a chunk's counts, warnings and rejects (lines shifted by
  // `line_offset`); chunks absorbed in input order give the warnings a
  // sequential read gives.
  void absorb(const CsvReader& chunk, std::uint64_t line_offset);
  // Ends the input as next() does when it returns false: an input with no
  // records gets the warning "0 responses", or, when its header names no
  // column either, throws. For parallel scans, which read through chunks.
  void expect_records();

 private:
  CsvReader();
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// One line for stderr describing what was read, e.g.
// "700 records, 11 columns, encoding utf-8, delimiter ',', format google-forms (detected),
//  header rows 1, rows repaired 0".
std::string describe_read(const ReadInfo& info, const ReadStats& stats, std::size_t columns);

}  // namespace survey
