// libFuzzer target for the CSV reader: any bytes through survey::CsvReader,
// strict and lenient, with a 64-byte buffer (records straddle every refill)
// and the default one, and once more with encoding, delimiter, format,
// header rows and buffer size forced to values picked from the input's hash. Malformed input must end in survey::Error; anything
// else (a crash, a sanitizer report, another exception, a broken invariant)
// is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <iterator>
#include <vector>

#include "survey/read/csv_reader.hpp"
#include "survey/read/text.hpp"

namespace {

struct Result {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  survey::Dialect dialect;
  survey::Encoding encoding = survey::Encoding::Auto;
  survey::Format format = survey::Format::Auto;
  std::size_t preamble_lines = 0;

  bool same_layout(const Result& o) const {
    return header == o.header && dialect == o.dialect && encoding == o.encoding && format == o.format &&
           preamble_lines == o.preamble_lines;
  }
};

[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "fuzz_reader: %s\n", what);
  std::abort();
}

// Reads everything; nullopt when the reader threw survey::Error.
std::optional<Result> read_all(const std::string& bytes, const survey::ReaderOptions& options) {
  try {
    survey::CsvReader reader(survey::memory_input(bytes, "fuzz.csv"), options);
    Result result;
    result.header = reader.header();
    result.dialect = reader.info().dialect;
    result.encoding = reader.info().encoding;
    result.format = reader.info().format;
    result.preamble_lines = reader.info().preamble_lines;
    if (result.header.empty()) finding("empty header");
    for (const auto& name : result.header)
      if (name.empty() || survey::find_invalid_utf8(name) != std::string::npos)
        finding("header name empty or not UTF-8");
    survey::Row row;
    std::uint64_t last_line = 0;
    while (reader.next(row)) {
      if (row.size() != result.header.size()) finding("row width differs from the header");
      if (row.line() == 0 || row.line() < last_line) finding("row lines go backwards");
      last_line = row.line();
      std::vector<std::string> values;
      for (std::string_view v : row.values()) {
        if (survey::find_invalid_utf8(v) != std::string::npos) finding("value is not UTF-8");
        values.emplace_back(v);
      }
      result.rows.push_back(std::move(values));
    }
    return result;
  } catch (const survey::Error& e) {
    if (e.file() != "fuzz.csv") finding("error without the file name");
    if (e.kind() == survey::ErrorKind::Data && e.line() == 0) finding("data error without a line");
    if (e.kind() == survey::ErrorKind::Usage) finding("usage error from data");
    return std::nullopt;
  }
}

// Options that detection would otherwise choose, picked from a hash of the
// input so that every input always meets the same ones.
survey::ReaderOptions forced_options(const std::string& bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  auto pick = [&h](std::uint64_t n) {
    std::uint64_t v = h % n;
    h /= n;
    return static_cast<std::size_t>(v);
  };
  static const survey::Encoding kEncodings[] = {
      survey::Encoding::Auto,   survey::Encoding::Utf8,    survey::Encoding::Windows1252,
      survey::Encoding::Latin1, survey::Encoding::Utf16,   survey::Encoding::Utf16LE,
      survey::Encoding::Utf16BE};
  static const char kDelimiters[] = {'\0', ',', ';', '\t', '|', ' ', '\''};
  const auto& formats = survey::all_formats();
  survey::ReaderOptions o;
  o.encoding = kEncodings[pick(std::size(kEncodings))];
  o.delimiter = kDelimiters[pick(std::size(kDelimiters))];
  o.format = formats[pick(formats.size())];
  o.header_rows = static_cast<int>(pick(5)) - 1;
  o.lenient = pick(2) == 1;
  o.trim = pick(2) == 1;
  o.allow_empty = pick(2) == 1;
  o.buffer_bytes = pick(2) == 1 ? 64 + pick(200) : 0;
  o.max_field_bytes = 1 << 16;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  read_all(bytes, forced_options(bytes));
  for (bool lenient : {false, true}) {
    survey::ReaderOptions small;
    small.lenient = lenient;
    small.buffer_bytes = 64;
    small.max_field_bytes = 1 << 16;
    survey::ReaderOptions large = small;
    large.buffer_bytes = 0;
    auto a = read_all(bytes, small);
    auto b = read_all(bytes, large);
    // Detection looks at the first buffer only, so the two may read the input
    // differently; when they agree on the layout they must agree on the data.
    if (a && b && a->same_layout(*b) && a->rows != b->rows)
      finding("records depend on the buffer size");
  }
  return 0;
}
