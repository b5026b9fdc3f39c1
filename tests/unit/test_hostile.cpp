// Regressions for hostile inputs found while building the golden corpus
// (tests/cli/ingest/hostile-*) and by fuzzing (fuzz/fuzz_reader.cpp).
#include <doctest/doctest.h>

#include <chrono>

#include "helpers.hpp"
#include "survey/read/header.hpp"

using namespace survey;
using namespace survey::test;

TEST_CASE("analyze_header does not fold huge cells for every signature test") {
  // A 20 MB answer in the first rows used to cost seconds: every platform
  // signature test folded (NFKC, case, accents) every cell again.
  std::string big(8u << 20, 'x');
  std::vector<TextRow> rows = {{"id", "text"}, {"1", big}, {big, "2"}, {"3", big}};
  auto start = std::chrono::steady_clock::now();
  HeaderAnalysis h = analyze_header(rows, Format::Auto, -1, false);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(h.names == Names{"id", "text"});
  CHECK(h.format == Format::Generic);
  CHECK(seconds < 1.0);
}

namespace {
std::string utf16le(std::u16string_view text) {
  std::string out;
  for (char16_t u : text) {
    out += static_cast<char>(u & 0xFF);
    out += static_cast<char>(u >> 8);
  }
  return out;
}
}  // namespace

TEST_CASE("CsvReader counts UTF-16 lines ended by CR alone or CR LF, for errors") {
  // An unpaired surrogate on line 3 of a UTF-16 file with old Mac line ends
  // was reported on line 1: only LF counted.
  for (std::u16string eol : {u"\r", u"\r\n", u"\n"}) {
    CAPTURE(eol.size());
    std::string bytes = "\xFF\xFE" + utf16le(u"a,b" + eol + u"1,\U0001F600" + eol + u"2,");
    bytes += std::string("\x00\xDC", 2);  // A lone low surrogate.
    bytes += utf16le(u"y" + eol);
    CHECK(read_error(bytes) == "survey test: t.csv:3: error: invalid UTF-16: unpaired surrogate");
  }
}

TEST_CASE("CsvReader reports renamed header columns at the header's line") {
  // They used to come without a line, before the warning about the title
  // lines above them.
  auto p = read_all("Enquête 2020\n\nid,q,q,\n1,a,b,c\n");
  CHECK(p.header == Names{"id", "q", "q (2)", "column_4"});
  REQUIRE(p.warnings.size() == 3);
  CHECK(p.warnings[0].line == 1);
  CHECK(p.warnings[0].message.find("skipped 2 lines above the header") == 0);
  CHECK(p.warnings[1].line == 3);
  CHECK(p.warnings[1].message == "column 3 repeats the name \"q\"; renamed it \"q (2)\"");
  CHECK(p.warnings[2].line == 3);
  CHECK(p.warnings[2].message == "column 4 has no name; called it \"column_4\"");
}

TEST_CASE("CsvReader --header-rows 0 names columns by position without warnings") {
  ReaderOptions o;
  o.header_rows = 0;
  auto p = read_all("1,2,3\n4,5,6\n", o);
  CHECK(p.header == Names{"column_1", "column_2", "column_3"});
  CHECK(p.rows.size() == 2);
  CHECK(p.warnings.empty());  // Used to say "column N has no name" for every column.
}

TEST_CASE("CsvReader --lenient counts and reports every stray quote it keeps") {
  // A quote inside an unquoted field was kept without a word, while one after
  // a closing quote was reported.
  ReaderOptions o;
  o.lenient = true;
  auto p = read_all("a,b\n1,ab\"c\n2,\"x\"y\n3,5\"\n4,ok\n5,d\"\"e\n", o);
  CHECK(p.rows == Rows{{"1", "ab\"c"}, {"2", "\"x\"y"}, {"3", "5\""}, {"4", "ok"}, {"5", "d\"\"e"}});
  CHECK(p.stats.quotes_repaired == 4);
  REQUIRE(p.warnings.size() == 4);
  CHECK(p.warnings[0].line == 2);
  CHECK(p.warnings[0].message == "column 2: misplaced quote kept as text");
  CHECK(p.warnings[2].line == 4);
  CHECK(p.warnings[3].line == 6);
}

TEST_CASE("CsvReader reads quoted fields in space-delimited input") {
  // The space after a closing quote was skipped as a blank instead of ending
  // the field: strict mode saw text after the quote, lenient mode kept the
  // quote in the value ("a b\"").
  ReaderOptions o;
  o.delimiter = ' ';
  auto p = read_all("id q r\n1 \"a b\" x\n2 \"c\" \"d\"\n", o);
  CHECK(p.rows == Rows{{"1", "a b", "x"}, {"2", "c", "d"}});
  o.lenient = true;
  p = read_all("id q r\n1 \"a b\" x\n2 \"c\" \"d\"\n", o);
  CHECK(p.rows == Rows{{"1", "a b", "x"}, {"2", "c", "d"}});
  CHECK(p.warnings.empty());
}

TEST_CASE("CsvReader finds the header below more than 64 blank lines") {
  // Blank lines counted toward the 64 rows examined for the header, so a file
  // starting with 64 of them "had no columns".
  for (std::size_t buffer : {std::size_t{0}, std::size_t{64}}) {
    CAPTURE(buffer);
    ReaderOptions o;
    o.buffer_bytes = buffer;
    auto p = read_all(std::string(70, '\n') + "a,b\r\n\r\n1,2\n", o);
    CHECK(p.header == Names{"a", "b"});
    CHECK(p.rows == Rows{{"1", "2"}});
    CHECK(p.lines == std::vector<std::uint64_t>{73});
    CHECK(p.info.preamble_lines == 70);
  }
}

TEST_CASE("CsvReader says that an input of blank lines holds only blank lines") {
  // It said "the input has no columns", with no hint.
  CHECK(read_error("\n\r\n\n") ==
        "survey test: t.csv:1: error: the input holds only blank lines, expected a header line and records");
}
