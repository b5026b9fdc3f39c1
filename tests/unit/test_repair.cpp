// repair_record: the readings --lenient gives records with misplaced quotes.
// Expected fields are worked out by hand from the rules in repair.hpp.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "survey/read/repair.hpp"

using namespace survey;

namespace {

struct Read {
  std::vector<std::string> fields;  // Raw bytes of each field.
  std::size_t size = 0;
  bool fits = false;
  std::uint8_t kinds = 0;
  std::size_t column = 0;
  std::uint32_t line_breaks = 0;
};

Read repair(const std::string& input, std::size_t width, bool eof = true, Dialect dialect = {}) {
  RepairResult r;
  REQUIRE(repair_record(input.data(), input.size(), eof, dialect, width, r) == RepairStatus::Done);
  Read out;
  for (const auto& f : r.fields) out.fields.push_back(input.substr(f.offset, f.size));
  out.size = r.size;
  out.fits = r.fits;
  out.kinds = r.kinds;
  out.column = r.column;
  out.line_breaks = r.line_breaks;
  return out;
}

using Fields = std::vector<std::string>;

}  // namespace

TEST_CASE("repair_record closes a quote that never closes at the end of its field") {
  // The quote would swallow the next lines; closed where its field ends, the
  // record has the width and the next line is a row again.
  const std::string input = "2,\"Oui,Non,ok\n3,Non,Oui,\"c, d\"\n";
  Read r = repair(input, 4);
  CHECK(r.fits);
  CHECK(r.fields == Fields{"2", "Oui", "Non", "ok"});
  CHECK(r.size == 14);  // The first line and its LF.
  CHECK(r.kinds == kRepairClosedQuote);
  CHECK(r.column == 1);
}

TEST_CASE("repair_record keeps quotes that were not doubled as text") {
  Read r = repair("2,\"the \"best\" one\"\n", 2);
  CHECK(r.fits);
  CHECK(r.fields == Fields{"2", "the \"best\" one"});
  CHECK(r.kinds == kRepairLiteralQuote);
  // A quote followed by a delimiter closes the field only if the row then fits.
  r = repair("1,Oui,\"Oui, \"vraiment\", oui\"\n", 3);
  CHECK(r.fits);
  CHECK(r.fields == Fields{"1", "Oui", "Oui, \"vraiment\", oui"});
  // In an unquoted field.
  r = repair("2,5\" screen,x\r\n", 3);
  CHECK(r.fits);
  CHECK(r.fields == Fields{"2", "5\" screen", "x"});
  CHECK(r.size == 15);
  // A field that starts with a quote and holds another, not closing it: text as it is.
  r = repair("2,\"x\"y\n", 2);
  CHECK(r.fields == Fields{"2", "\"x\"y"});
  r = repair("7,\"Super\" vraiment\n", 2);
  CHECK(r.fields == Fields{"7", "\"Super\" vraiment"});
}

TEST_CASE("repair_record prefers the fewest lines, and reads a line break in quotes when it must") {
  // The unescaped quotes are on the first line, the field closes on the second.
  Read r = repair("1,\"he said \"hi\"\nthen left\",ok\n2,fine,x\n", 3);
  CHECK(r.fits);
  CHECK(r.fields == Fields{"1", "he said \"hi\"\nthen left", "ok"});
  CHECK(r.line_breaks == 1);
  CHECK(r.size == 30);
}

TEST_CASE("repair_record reads a file cut inside a quoted field as that field") {
  // The input ends inside quotes within a few lines, and the line after the
  // quote is no row of its own: the rest of the input is the field.
  Read r = repair("2,\"never closed\nstill inside\n", 2);
  CHECK(r.fits);
  CHECK(r.fields == Fields{"2", "never closed\nstill inside"});
  CHECK(r.kinds == kRepairClosedAtEnd);
  CHECK(r.line_breaks == 1);
  CHECK(r.size == 29);
  r = repair("2,Non,\"cut he", 4);
  CHECK(!r.fits);  // Short: the reader pads it.
  CHECK(r.fields == Fields{"2", "Non", "cut he"});
  // A stray quote near the end, with rows after it: closed at the end of its field.
  r = repair("5,\"Oui,Non\n6,a,b\n", 3);
  CHECK(r.fits);
  CHECK(r.fields == Fields{"5", "Oui", "Non"});
}

TEST_CASE("repair_record without a reading that fits gives the first line") {
  Read r = repair("5,\"Oui,Non,ok,extra\n6,a,b,c\n", 4);
  CHECK(!r.fits);
  CHECK(r.fields == Fields{"5", "Oui", "Non", "ok", "extra"});
  CHECK(r.size == 20);
}

TEST_CASE("repair_record asks for more input until it sees enough lines") {
  RepairResult r;
  const std::string partial = "2,\"Oui,Non,ok\n3,";
  CHECK(repair_record(partial.data(), partial.size(), /*eof=*/false, Dialect{}, 4, r) ==
        RepairStatus::NeedMore);
  // With kRepairMaxLines lines it decides, whatever follows.
  std::string lines = "2,\"Oui,Non,ok\n";
  for (std::size_t i = 1; i < kRepairMaxLines; ++i) lines += "3,a,b,c\n";
  CHECK(repair_record(lines.data(), lines.size(), false, Dialect{}, 4, r) == RepairStatus::Done);
  CHECK(r.fits);
  CHECK(r.size == 14);
  // A CR at the end of what is given may be half a CRLF.
  const std::string cr = "2,\"x\"y\r";
  CHECK(repair_record(cr.data(), cr.size(), false, Dialect{}, 2, r) == RepairStatus::NeedMore);
}

TEST_CASE("repair_record follows the dialect: delimiter, single quotes, backslash escapes") {
  Dialect semicolon{';', '"', false};
  Read r = repair("1;\"a;b\n2;c;d\n", 3, true, semicolon);
  CHECK(r.fields == Fields{"1", "a", "b"});
  Dialect single{',', '\'', false};
  r = repair("1,'l'equipe est top',x\n", 3, true, single);
  CHECK(r.fits);
  CHECK(r.fields == Fields{"1", "l'equipe est top", "x"});
  Dialect backslash{',', '"', true};
  r = repair("1,\"a \\\" b\" c\",x\n", 3, true, backslash);
  CHECK(r.fits);
  CHECK(r.fields == Fields{"1", "a \\\" b\" c", "x"});
}

TEST_CASE("repair_record stays polynomial on records full of quotes") {
  std::string row = "1";
  for (int i = 0; i < 300; ++i) row += ",\"a\" b\",\"c";
  row += "\n";
  RepairResult r;
  CHECK(repair_record(row.data(), row.size(), true, Dialect{}, 50, r) == RepairStatus::Done);
  CHECK(r.size > 0);
}

TEST_CASE("repair_record reads a quote not doubled just before the closing one") {
  // "il a dit "bof"" : the "" before the delimiter is that quote and the closing one.
  Read r = repair("1,\"il a dit \"bof\"\",x\n", 3);
  CHECK(r.fits);
  CHECK(r.fields == Fields{"1", "il a dit \"bof\"", "x"});
  CHECK(r.kinds == kRepairLiteralQuote);
  // A well-formed "" at the end of a field is still an escaped quote.
  r = repair("1,\"a \"\"b\"\"\",\"c\"x\n", 3);
  CHECK(r.fits);
  CHECK(r.fields == Fields{"1", "a \"\"b\"\"", "\"c\"x"});
}
