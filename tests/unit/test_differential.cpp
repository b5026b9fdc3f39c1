// CsvReader against fast-cpp-csv-parser: seeded random CSV files (3, 7 and
// 12 columns; LF and CRLF) read by both, compared field by field, and both
// compared with the values the generator wrote.
//
// Our reader also reads each file with a 97-byte buffer, which must not
// change a thing.
//
// fast-cpp-csv-parser cannot read quoted line breaks and splits records at LF
// only, so the files hold neither line breaks nor CR inside fields. Our
// reader is told what it would otherwise detect (',' and UTF-8) and not to
// trim; every record has a non-empty id in column 1 so that none is skipped
// as empty and no column of ids makes a last row look like a note.
#define CSV_IO_NO_THREAD
#include <csv.h>
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "survey/read/csv_reader.hpp"

namespace {

using Table = std::vector<std::vector<std::string>>;

struct Generated {
  std::string bytes;
  Table values;  // What each field holds once unquoted.
};

class FieldMaker {
 public:
  explicit FieldMaker(std::uint32_t seed) : m_rng(seed) {}

  // A random value and how it is written in the file.
  std::pair<std::string, std::string> make() {
    static const std::vector<std::string> kWords = {
        "Oui", "Non", "Bretagne", "Île-de-France", "très bien", "Très satisfait", "déçu",
        "Ça va", "Zürich", "naïve", "façade", "€ 12,50", "l'avis", "50%", "a;b", "x|y",
        "tab\there", "back\\slash", "日本語", "😀", "Œuvre", "ñandú", "42", "3.14", "=SUM(A1)",
        "-1", "@home", "+33 1 23"};
    std::string value;
    switch (pick(10)) {
      case 0: break;  // Empty.
      case 1: value = word(kWords); break;
      case 2: value = word(kWords) + ", " + word(kWords); break;      // Comma: must be quoted.
      case 3: value = "say \"" + word(kWords) + "\" now"; break;      // Quotes: doubled.
      case 4: value = std::string(pick(3) + 1, ' ') + word(kWords) + std::string(pick(3), ' '); break;
      case 5: value = "\"" + word(kWords) + "\""; break;              // Quotes at the edges.
      case 6: value = std::string(pick(6) + 2, '"'); break;           // Only quotes.
      case 7: value = word(kWords) + " " + word(kWords) + " " + word(kWords); break;
      case 8: value = " "; break;
      default: value = word(kWords) + "," ; break;
    }
    bool must_quote = value.find_first_of(",\"") != std::string::npos;
    // A field that starts with blanks and then a quote would be read as quoted
    // by our reader (it accepts blanks before an opening quote) but not by
    // fast-cpp-csv-parser: such values are always quoted.
    bool quote = must_quote || pick(4) == 0;
    if (!quote) return {value, value};
    std::string written = "\"";
    for (char c : value) {
      if (c == '"') written += '"';
      written += c;
    }
    written += '"';
    return {value, written};
  }

  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng); }

 private:
  const std::string& word(const std::vector<std::string>& words) { return words[pick(words.size())]; }

  std::mt19937 m_rng;
};

Generated generate(std::size_t columns, std::size_t rows, std::uint32_t seed, const std::string& eol) {
  FieldMaker maker(seed);
  Generated g;
  for (std::size_t j = 0; j < columns; ++j) g.bytes += (j ? ",c" : "c") + std::to_string(j + 1);
  g.bytes += eol;
  for (std::size_t i = 0; i < rows; ++i) {
    std::vector<std::string> row;
    for (std::size_t j = 0; j < columns; ++j) {
      auto [value, written] = maker.make();
      if (j == 0) {  // An id, possibly decorated, never empty.
        value = std::to_string(i + 1) + value;
        written = value;
        if (value.find_first_of(",\"") != std::string::npos || maker.pick(3) == 0) {
          written = "\"";
          for (char c : value) {
            if (c == '"') written += '"';
            written += c;
          }
          written += '"';
        }
      }
      if (j) g.bytes += ',';
      g.bytes += written;
      row.push_back(std::move(value));
    }
    g.values.push_back(std::move(row));
    if (i + 1 < rows || seed % 2 == 0) g.bytes += eol;  // Odd seeds: no line end after the last record.
  }
  return g;
}

std::filesystem::path write_temp(const std::string& bytes, const std::string& name) {
  auto path = std::filesystem::temp_directory_path() /
              ("survey-differential-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

Table read_survey(const std::filesystem::path& path, std::size_t columns, std::size_t buffer_bytes) {
  survey::ReaderOptions o;
  o.buffer_bytes = buffer_bytes;
  o.trim = false;
  o.delimiter = ',';
  o.encoding = survey::Encoding::Utf8;
  o.format = survey::Format::Generic;
  o.header_rows = 1;
  survey::CsvReader reader(survey::open_input(path.string()), o);
  std::vector<std::string> expected_header;
  for (std::size_t j = 0; j < columns; ++j) expected_header.push_back("c" + std::to_string(j + 1));
  CHECK(reader.header() == expected_header);
  Table out;
  survey::Row row;
  while (reader.next(row)) out.emplace_back(row.values().begin(), row.values().end());
  CHECK(reader.stats().rows_repaired() == 0);
  CHECK(reader.stats().notes_below == 0);
  CHECK(reader.warnings().empty());
  return out;
}

template <std::size_t N, std::size_t... I>
Table read_fccp_impl(const std::filesystem::path& path, std::index_sequence<I...>) {
  io::CSVReader<N, io::trim_chars<>, io::double_quote_escape<',', '"'>> in(path.string());
  std::array<std::string, N> names;
  for (std::size_t j = 0; j < N; ++j) names[j] = "c" + std::to_string(j + 1);
  in.read_header(io::ignore_no_column, names[I]...);
  Table out;
  std::array<std::string, N> fields;
  while (in.read_row(fields[I]...)) out.emplace_back(fields.begin(), fields.end());
  return out;
}

template <std::size_t N>
Table read_fccp(const std::filesystem::path& path) {
  return read_fccp_impl<N>(path, std::make_index_sequence<N>{});
}

template <std::size_t N>
std::size_t compare_readers(std::uint32_t seed, const std::string& eol, std::size_t rows) {
  Generated g = generate(N, rows, seed, eol);
  auto path = write_temp(g.bytes, std::to_string(N) + "-" + std::to_string(seed) + ".csv");
  Table ours = read_survey(path, N, 0);
  Table theirs = read_fccp<N>(path);
  // A small buffer makes records straddle reads all through the file.
  CHECK(read_survey(path, N, 97) == ours);
  std::filesystem::remove(path);
  REQUIRE(ours.size() == g.values.size());
  REQUIRE(theirs.size() == g.values.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < g.values.size(); ++i) {
    REQUIRE(ours[i].size() == N);
    REQUIRE(theirs[i].size() == N);
    for (std::size_t j = 0; j < N; ++j) {
      if (ours[i][j] == theirs[i][j] && ours[i][j] == g.values[i][j]) continue;
      if (++mismatches > 5) continue;  // Report the first few only.
      const std::size_t line = i + 2, column = j + 1;
      CAPTURE(line);
      CAPTURE(column);
      CHECK(ours[i][j] == theirs[i][j]);
      CHECK(ours[i][j] == g.values[i][j]);
    }
  }
  CHECK(mismatches == 0);
  return rows;
}

}  // namespace

TEST_CASE("CsvReader agrees with fast-cpp-csv-parser on random files") {
  std::size_t total = 0;
  for (std::string eol : {"\n", "\r\n"}) {
    for (std::uint32_t seed : {1u, 2u, 3u, 4u}) {
      const std::string line_ends = eol == "\n" ? "LF" : "CRLF";
      CAPTURE(line_ends);
      CAPTURE(seed);
      total += compare_readers<3>(seed, eol, 400);
      total += compare_readers<7>(seed + 100, eol, 300);
      total += compare_readers<12>(seed + 200, eol, 200);
    }
  }
  CHECK(total == 7200);
}
