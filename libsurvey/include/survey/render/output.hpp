// Where a verb writes its result: standard output, or a file written
// atomically (a temporary file renamed over the target on success, so a
// failed run never leaves a truncated file); and the CSV writer, in the
// canonical style or in the style a spreadsheet in a French locale opens.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace survey {

// Thrown when the reader of standard output went away (`survey ... | head`).
// Tools end quietly with exit code 0.
class BrokenPipe : public std::exception {
 public:
  const char* what() const noexcept override { return "broken pipe"; }
};

// How CSV is written. The default is the canonical CSV of docs/formats.md.
struct CsvStyle {
  char delimiter = ',';
  bool bom = false;   // A UTF-8 byte-order mark first.
  bool crlf = false;  // Records end with CR LF instead of LF.
  bool decimal_comma =
      false;  // A cell that is a decimal number ("75.7", "-0.25") gets a comma: "75,7".
};

// What Excel in a French locale opens with a double click, columns and
// accents right: ';', a UTF-8 byte-order mark, decimal commas, CR LF.
CsvStyle excel_csv_style() noexcept;

class Output {
 public:
  static constexpr std::size_t kHoldBytes = std::size_t{4} << 20;
  static constexpr std::size_t kFlushBytes = std::size_t{64} << 10;

  // `path` empty or "-" means standard output. Output to standard output is
  // held back until `hold_bytes` have accumulated or commit() is called, so a
  // run that fails early prints nothing that could pass for a result; then
  // it is written every `flush_bytes`, always up to the end of a complete
  // record (see end_record()), so that a run that fails later leaves every
  // record produced before the failure and never a cut one.
  //
  // A file is written to a temporary file in the folder of the file it
  // names (through symbolic links: a link stays a link, and the file it
  // names is replaced), given the mode of the file it replaces (or the
  // permissions a plain create would give), and renamed over it by commit().
  // A path naming something that is not a regular file (/dev/null, a FIFO)
  // is written to as standard output is.
  explicit Output(const std::string& path, std::size_t hold_bytes = kHoldBytes,
                  std::size_t flush_bytes = kFlushBytes);
  // Writes to the open descriptor `fd` as to standard output (for tests);
  // `fd` is not closed.
  Output(int fd, std::string name, std::size_t hold_bytes, std::size_t flush_bytes);
  Output(Output&& other) noexcept;
  // Without commit(): removes the temporary file; on a stream that already
  // showed output, writes the complete records still held.
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  Output& operator=(Output&&) = delete;

  // A complete piece: a record, a line, a whole document.
  void write(std::string_view bytes) {
    m_buffer.append(bytes);
    end_record();
  }
  // Part of a record: end_record() says when it is complete.
  void append(std::string_view bytes) { m_buffer.append(bytes); }
  void put(char c) { m_buffer.push_back(c); }
  // What was appended so far ends a record: it may be written out.
  void end_record() {
    m_complete = m_buffer.size();
    if (m_complete >= m_flush_at) flush(false);
  }

  // Writes everything out; renames the temporary file over the target.
  void commit();

  // The style CsvWriter uses on this output (canonical by default).
  void set_csv_style(const CsvStyle& style) noexcept { m_style = style; }
  const CsvStyle& csv_style() const noexcept { return m_style; }

  // The target's name for messages.
  const std::string& name() const noexcept { return m_name; }
  bool is_stdout() const noexcept { return m_fd == 1; }
  // Bytes given so far (written out or held).
  std::uint64_t size() const noexcept { return m_written + m_buffer.size(); }

 private:
  void flush(bool everything);
  void open_file(const std::string& path);

  int m_fd = 1;
  bool m_stream = true;  // Standard output or the like (not a temporary file).
  bool m_own_fd = false;
  std::string m_name;
  std::string m_path;  // The file to replace (links followed).
  std::string m_temp;
  std::string m_buffer;
  std::size_t m_complete = 0;  // m_buffer[0, m_complete) holds complete records.
  std::size_t m_flush_at;
  std::size_t m_flush_bytes;
  std::uint64_t m_written = 0;
  bool m_committed = false;
  CsvStyle m_style;
};

// Writes RFC 4180 CSV in the output's style (or with `delimiter`): fields
// separated by the delimiter, records ended by LF (or CR LF), quotes only
// around fields that need them (delimiter, quote, line break, or white
// space at either end), quotes inside doubled; a byte-order mark first when
// the style asks and nothing was written yet.
class CsvWriter {
 public:
  explicit CsvWriter(Output& out);
  CsvWriter(Output& out, char delimiter);

  // A cell; with decimal commas, a decimal number's point becomes a comma.
  void field(std::string_view value);
  void end_row();

  template <class Range>
  void row(const Range& values) {
    for (const auto& v : values) field(v);
    end_row();
  }

 private:
  Output& m_out;
  CsvStyle m_style;
  bool m_first = true;
  std::string m_scratch;
};

// True when `value` must be quoted in CSV with this delimiter.
bool csv_needs_quotes(std::string_view value, char delimiter) noexcept;

// Appends `value` to `out` as one CSV field (quoted if needed).
void append_csv_field(std::string& out, std::string_view value, char delimiter = ',');

// True for a decimal number as the tools write them: an optional '-', digits,
// '.', digits ("75.7", "-0.25"); not "12", "1e5" or "1,234.5".
bool is_decimal_number(std::string_view value) noexcept;

}  // namespace survey
