// Where a verb writes its result: standard output, or a file written
// atomically (a temporary file renamed over the target on success, so a
// failed run never leaves a truncated file).
#pragma once

#include <cstddef>
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

class Output {
 public:
  // `path` empty or "-" means standard output. Output to standard output is
  // held back until `hold_bytes` have accumulated or commit() is called, so a
  // run that fails early prints nothing that could pass for a result.
  explicit Output(const std::string& path, std::size_t hold_bytes = std::size_t{4} << 20);
  ~Output();  // Removes the temporary file of an uncommitted run.
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view bytes) {
    m_buffer.append(bytes);
    if (m_buffer.size() >= m_flush_at) flush();
  }
  void put(char c) {
    m_buffer.push_back(c);
    if (m_buffer.size() >= m_flush_at) flush();
  }

  // Writes everything out; renames the temporary file over the target.
  void commit();

  // The target's name for messages.
  const std::string& name() const noexcept { return m_name; }
  bool is_stdout() const noexcept { return m_fd == 1; }

 private:
  void flush();

  int m_fd = 1;
  std::string m_name;
  std::string m_path;
  std::string m_temp;
  std::string m_buffer;
  std::size_t m_flush_at;
  bool m_committed = false;
};

// Writes RFC 4180 CSV: fields separated by `delimiter`, records ended by LF,
// quotes only around fields that need them (delimiter, quote, line break, or
// white space at either end), quotes inside doubled.
class CsvWriter {
 public:
  explicit CsvWriter(Output& out, char delimiter = ',') : m_out(out), m_delimiter(delimiter) {}

  void field(std::string_view value);
  void end_row();

  template <class Range>
  void row(const Range& values) {
    for (const auto& v : values) field(v);
    end_row();
  }

 private:
  Output& m_out;
  char m_delimiter;
  bool m_first = true;
};

// True when `value` must be quoted in CSV with this delimiter.
bool csv_needs_quotes(std::string_view value, char delimiter) noexcept;

// Appends `value` to `out` as one CSV field (quoted if needed).
void append_csv_field(std::string& out, std::string_view value, char delimiter = ',');

}  // namespace survey
