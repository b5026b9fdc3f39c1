// Expression: the filter language's parser, semantics, canonical form, errors
// and robustness on arbitrary input.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "survey/read/error.hpp"
#include "survey/model/expr.hpp"
#include "survey/read/text.hpp"

using namespace survey;

// Counts heap allocations, to check that evaluation does not allocate.
namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
// The nothrow forms too (std::stable_sort's buffer): else they stay the
// sanitizer's while the deletes above are ours.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(size ? size : 1);
}
void* operator new[](std::size_t size, const std::nothrow_t& t) noexcept { return operator new(size, t); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

const std::vector<std::string> kNames = {"q1",  "q2",       "q3",    "region", "submitted",
                                         "age", "note",     "Région", "my col", "a`b",
                                         "x]y", "Q1_SQ001", "v.2",   "N°",     "1a"};

std::size_t resolve(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return i;
  throw usage_error("unknown column \"" + std::string(name) + "\"", "columns are q1, q2, q3, ...");
}

Expression parse(std::string_view text, ExpressionOptions options = {}) {
  return Expression::parse(text, resolve, options);
}

using Cells = std::vector<std::pair<std::string, std::string>>;

// A row with the given cells by column name, the others empty. It owns the
// cells its views point into.
class TestRow {
 public:
  explicit TestRow(Cells cells) : m_cells(std::move(cells)), m_views(kNames.size()) {
    for (const auto& [name, value] : m_cells) m_views[resolve(name)] = value;
  }
  TestRow(const TestRow&) = delete;
  TestRow& operator=(const TestRow&) = delete;
  operator std::span<const std::string_view>() const { return m_views; }

 private:
  Cells m_cells;
  std::vector<std::string_view> m_views;
};

TestRow row_of(Cells cells) { return TestRow(std::move(cells)); }

bool holds(std::string_view text, const Cells& cells, ExpressionOptions options = {}) {
  return parse(text, options).evaluate(row_of(cells));
}

bool holds_loose(std::string_view text, const Cells& cells) {
  return holds(text, cells, {CompareMode::Loose, DateOrder::Auto});
}

// The message of the error that parsing `text` throws, or "".
std::string parse_error(std::string_view text) {
  try {
    parse(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::string canonical(std::string_view text) { return parse(text).to_string(); }

}  // namespace

TEST_CASE("Expression::evaluate compares with = and !=") {
  CHECK(holds("q1 = \"Non\"", {{"q1", "Non"}}));
  CHECK_FALSE(holds("q1 = \"Non\"", {{"q1", "Oui"}}));
  CHECK(holds("q1 != \"Non\"", {{"q1", "Oui"}}));
  CHECK_FALSE(holds("q1 != \"Non\"", {{"q1", "Non"}}));
  CHECK(holds("\"Non\" = q1", {{"q1", "Non"}}));
  CHECK(holds("q1 = \"Non\"", {{"q1", "  Non \t"}}));     // Cells are trimmed,
  CHECK(holds("q1 = \" Non \"", {{"q1", "Non"}}));        // and so are literals.
  CHECK_FALSE(holds("q1 = \"Non\"", {{"q1", "non"}}));    // Exact by default.
  CHECK_FALSE(holds("q1 = \"Très bien\"", {{"q1", "Très  bien"}}));
}

TEST_CASE("Expression::evaluate orders with <, <=, > and >=") {
  Cells twelve{{"age", "12"}};
  CHECK(holds("age < 13", twelve));
  CHECK_FALSE(holds("age < 12", twelve));
  CHECK(holds("age <= 12", twelve));
  CHECK_FALSE(holds("age <= 11.5", twelve));
  CHECK(holds("age > -3", twelve));
  CHECK_FALSE(holds("age > 12", twelve));
  CHECK(holds("age >= 12", twelve));
  CHECK_FALSE(holds("age >= 12.5", twelve));
  CHECK(holds("13 > age", twelve));
}

TEST_CASE("Expression::evaluate tests membership with in and not in") {
  CHECK(holds("q1 in (\"Oui\", \"Peut-être\")", {{"q1", "Peut-être"}}));
  CHECK_FALSE(holds("q1 in (\"Oui\", \"Peut-être\")", {{"q1", "Non"}}));
  CHECK(holds("q1 not in (\"Oui\", \"Peut-être\")", {{"q1", "Non"}}));
  CHECK_FALSE(holds("q1 not in (\"Oui\")", {{"q1", "Oui"}}));
  CHECK(holds("note in (1, 2, 3)", {{"note", "2,0"}}));
  CHECK(holds("q1 in ('a', \"b\", 3)", {{"q1", "b"}}));
}

TEST_CASE("Expression::evaluate tests is empty and is not empty") {
  CHECK(holds("q1 is empty", {}));
  CHECK(holds("q1 is empty", {{"q1", " \t\xC2\xA0"}}));
  CHECK_FALSE(holds("q1 is empty", {{"q1", "0"}}));
  CHECK(holds("q1 is not empty", {{"q1", "0"}}));
  CHECK_FALSE(holds("q1 is not empty", {{"q1", "  "}}));
}

TEST_CASE("Expression::parse reads keywords in any case") {
  Cells cells{{"q1", "Oui"}, {"q2", ""}, {"q3", "x"}};
  CHECK(holds("q1 = \"Oui\" AND q2 IS EMPTY", cells));
  CHECK(holds("q1 = \"Non\" Or q3 Is Not Empty", cells));
  CHECK(holds("NOT q1 NOT IN (\"Oui\")", cells));
  CHECK(holds("q1 iN (\"Oui\") aNd q3 is not EMPTY", cells));
  CHECK(canonical("q1 = 1 AND NOT q2 IS NOT EMPTY OR q3 NOT IN (1)") ==
        "q1 = 1 and not q2 is not empty or q3 not in (1)");
}

TEST_CASE("Expression::parse gives not, and, or decreasing precedence") {
  // not a or b and c  ==  (not a) or (b and c)
  Expression e = parse("not q1 = 1 or q2 = 1 and q3 = 1");
  for (int bits = 0; bits < 8; ++bits) {
    bool a = bits & 1, b = bits & 2, c = bits & 4;
    CAPTURE(bits);
    auto row = row_of({{"q1", a ? "1" : "0"}, {"q2", b ? "1" : "0"}, {"q3", c ? "1" : "0"}});
    CHECK(e.evaluate(row) == (!a || (b && c)));
  }
  CHECK(e.to_string() == "not q1 = 1 or q2 = 1 and q3 = 1");
  CHECK(canonical("q1 = 1 and q2 = 1 or q3 = 1") == "q1 = 1 and q2 = 1 or q3 = 1");
  CHECK(canonical("not not q1 = 1") == "not not q1 = 1");
}

TEST_CASE("Expression::parse honours parentheses") {
  Expression e = parse("not (q1 = 1 or q2 = 1) and q3 = 1");
  for (int bits = 0; bits < 8; ++bits) {
    bool a = bits & 1, b = bits & 2, c = bits & 4;
    CAPTURE(bits);
    auto row = row_of({{"q1", a ? "1" : "0"}, {"q2", b ? "1" : "0"}, {"q3", c ? "1" : "0"}});
    CHECK(e.evaluate(row) == (!(a || b) && c));
  }
  CHECK(e.to_string() == "not (q1 = 1 or q2 = 1) and q3 = 1");
  CHECK(canonical("(q1 = 1 or q2 = 1) and q3 = 1") == "(q1 = 1 or q2 = 1) and q3 = 1");
  CHECK(canonical("((q1 = 1))") == "q1 = 1");
  CHECK(canonical("(q1 = 1 or q2 = 1) or (q3 = 1)") == "q1 = 1 or q2 = 1 or q3 = 1");
  CHECK(canonical("q1 = 1 and (q2 = 1 and q3 = 1)") == "q1 = 1 and q2 = 1 and q3 = 1");
  CHECK(canonical("not (q1 = 1)") == "not q1 = 1");
  CHECK(canonical("q1 = 1 and (q2 = 1 or not (q3 = 1 and q1 = 2))") ==
        "q1 = 1 and (q2 = 1 or not (q3 = 1 and q1 = 2))");
}

TEST_CASE("Expression::parse reads string escapes and both quotes") {
  CHECK(holds(R"(q1 = "say \"hi\"")", {{"q1", "say \"hi\""}}));
  CHECK(holds(R"(q1 = 'l\'été')", {{"q1", "l'été"}}));
  CHECK(holds(R"(q1 = "a\\b")", {{"q1", "a\\b"}}));
  CHECK(holds(R"(q1 = 'say "hi"')", {{"q1", "say \"hi\""}}));
  CHECK(holds(R"(q1 = "it's")", {{"q1", "it's"}}));
  CHECK(holds("q1 = \"two\nlines\"", {{"q1", "two\nlines"}}));
  CHECK(canonical(R"(q1 = 'l\'été' or q1 = "a\\b\"")") == R"(q1 = "l'été" or q1 = "a\\b\"")");
}

TEST_CASE("Expression::parse reads identifiers and quoted column names") {
  CHECK(holds("Région = \"Corse\"", {{"Région", "Corse"}}));
  CHECK(holds("Q1_SQ001 = 1 and v.2 = 2 and N° = 3 and 1a = 4",
              {{"Q1_SQ001", "1"}, {"v.2", "2"}, {"N°", "3"}, {"1a", "4"}}));
  CHECK(holds("`my col` = \"x\"", {{"my col", "x"}}));
  CHECK(holds("[my col] = \"x\"", {{"my col", "x"}}));
  CHECK(holds("`a``b` = \"x\"", {{"a`b", "x"}}));
  CHECK(holds("[x]]y] = \"x\"", {{"x]y", "x"}}));
  CHECK(holds("`q1` = \"x\"", {{"q1", "x"}}));
  CHECK(canonical("`q1` = 1 and [my col] = 2 and [a`b] = 3 and `x]y` = 4 and N° = 5") ==
        "q1 = 1 and `my col` = 2 and `a``b` = 3 and `x]y` = 4 and N° = 5");
}

TEST_CASE("Expression::evaluate treats empty values as missing") {
  Cells missing{{"q1", "  "}};
  // = and != are text comparisons where missing is the empty text.
  CHECK_FALSE(holds("q1 = \"Non\"", missing));
  CHECK(holds("q1 != \"Non\"", missing));
  CHECK(holds("q1 = \"\"", missing));
  CHECK_FALSE(holds("q1 != \"\"", missing));
  CHECK_FALSE(holds("q1 = \"\"", {{"q1", "Non"}}));
  CHECK(holds("q1 = q2", missing));  // Both missing.
  CHECK_FALSE(holds("q1 = q2", {{"q2", "x"}}));
  CHECK(holds("q1 != q2", {{"q2", "x"}}));
  // in and not in follow =.
  CHECK_FALSE(holds("q1 in (\"Oui\", \"Non\")", missing));
  CHECK(holds("q1 not in (\"Oui\", \"Non\")", missing));
  CHECK(holds("q1 in (\"Oui\", \"\")", missing));
  CHECK_FALSE(holds("q1 not in (\"Oui\", \"\")", missing));
  // Orderings are false.
  for (const char* op : {"<", "<=", ">", ">="}) {
    CAPTURE(op);
    CHECK_FALSE(holds(std::string("q1 ") + op + " 3", missing));
    CHECK_FALSE(holds(std::string("3 ") + op + " q1", missing));
    CHECK_FALSE(holds(std::string("q1 ") + op + " q2", missing));
    CHECK_FALSE(holds(std::string("q1 ") + op + " \"\"", {{"q1", "3"}}));
    // Two-valued logic: not inverts false into true.
    CHECK(holds(std::string("not q1 ") + op + " 3", missing));
  }
  CHECK_FALSE(holds("note = 4", missing));
  CHECK(holds("note != 4", missing));
}

TEST_CASE("Expression::evaluate treats columns beyond a short row as missing") {
  Expression e = parse("region is empty and region != \"Corse\" and not age > 3");
  std::vector<std::string_view> short_row{"a", "b"};
  CHECK(e.evaluate(short_row));
  CHECK(e.evaluate(std::span<const std::string_view>{}));
}

TEST_CASE("Expression::evaluate compares in Loose mode ignoring case, accents and spacing") {
  CHECK(holds_loose("region = \"ile-de-france\"", {{"region", "Île-de-France"}}));
  CHECK(holds_loose("region = \"ÎLE DE FRANCE\"", {{"region", "ile  de\tfrance"}}));
  CHECK(holds_loose("q1 = \"Oui\"", {{"q1", "  OUI "}}));
  CHECK(holds_loose("q1 = \"l’été\"", {{"q1", "L'ETE"}}));
  CHECK(holds_loose("q1 = \"l'ete\"", {{"q1", "L`ETE"}}));
  CHECK(holds_loose("q1 in (\"non\", \"oui\")", {{"q1", "Oui"}}));
  CHECK(holds_loose("q1 = q2", {{"q1", "Très Bien"}, {"q2", "tres bien"}}));
  CHECK(holds_loose("q1 = q2", {{"q1", "TRES  BIEN"}, {"q2", " tres bien"}}));
  CHECK_FALSE(holds_loose("q1 = \"Oui\"", {{"q1", "Ouii"}}));
  CHECK_FALSE(holds_loose("q1 = q2", {{"q1", "a"}, {"q2", "b"}}));
  CHECK(holds_loose("q1 != \"non\"", {{"q1", "Oui"}}));
  CHECK_FALSE(holds("region = \"ile-de-france\"", {{"region", "Île-de-France"}}));
}

TEST_CASE("Expression::evaluate in Loose mode agrees with fold() on ASCII text") {
  std::mt19937 random(20200707);
  const std::string alphabet = "aAbB `'\t\n\r\v\f-_.\"\\zZ0";
  auto text = [&] {
    std::string s;
    for (int n = random() % 8; n > 0; --n) s += alphabet[random() % alphabet.size()];
    return s;
  };
  for (int i = 0; i < 2000; ++i) {
    std::string a = text(), b = text();
    CAPTURE(a);
    CAPTURE(b);
    bool expected = fold(a) == fold(b);
    CHECK(holds_loose("q1 = q2", {{"q1", a}, {"q2", b}}) == expected);
    std::string literal;
    for (char c : b) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    CHECK(holds_loose("q1 = \"" + literal + "\"", {{"q1", a}}) == expected);
  }
}

TEST_CASE("Expression::evaluate compares NFC forms in Exact mode") {
  std::string decomposed = "Re\xCC\x81gion";  // e + COMBINING ACUTE ACCENT
  CHECK(holds("q1 = \"Région\"", {{"q1", decomposed}}));
  CHECK(holds("q1 = \"" + decomposed + "\"", {{"q1", "Région"}}));
  CHECK(holds("q1 = q2", {{"q1", decomposed}, {"q2", "Région"}}));
  CHECK_FALSE(holds("q1 != q2", {{"q1", decomposed}, {"q2", "Région"}}));
}

TEST_CASE("Expression::evaluate compares bare numbers as numbers, quoted ones as text") {
  CHECK(holds("note = 4", {{"note", "4"}}));
  CHECK(holds("note = 4", {{"note", "4,0"}}));
  CHECK(holds("note = 4", {{"note", " 4.00 "}}));
  CHECK(holds("note = 1234.5", {{"note", "1 234,5"}}));
  CHECK(holds("note = -3", {{"note", "\xE2\x88\x92" "3"}}));
  CHECK_FALSE(holds("note = \"4\"", {{"note", "4,0"}}));
  CHECK(holds("note = \"4\"", {{"note", "4"}}));
  CHECK_FALSE(holds("note = 4", {{"note", "quatre"}}));
  CHECK(holds("note != 4", {{"note", "quatre"}}));
  CHECK(holds("q1 = 12", {{"q1", "12"}}));
  CHECK(holds("4 = \"4,0\"", {}));
}

TEST_CASE("Expression::evaluate orders numbers numerically and never orders text") {
  CHECK(holds("note < 12", {{"note", "3,5"}}));           // Not "3,5" > "12" as text.
  CHECK(holds("note > 999", {{"note", "1 234"}}));
  CHECK(holds("note > \"9\"", {{"note", "10"}}));          // Quoted numbers order as numbers.
  CHECK(holds("note >= \"3,5\"", {{"note", "3.5"}}));
  CHECK(holds("q1 < q2", {{"q1", "9"}, {"q2", "10"}}));
  for (const char* op : {"<", "<=", ">", ">="}) {
    CAPTURE(op);
    CHECK_FALSE(holds(std::string("q1 ") + op + " 3", {{"q1", "abc"}}));
    CHECK_FALSE(holds(std::string("q1 ") + op + " \"abc\"", {{"q1", "3"}}));
    CHECK_FALSE(holds(std::string("q1 ") + op + " \"b\"", {{"q1", "a"}}));
    CHECK_FALSE(holds(std::string("q1 ") + op + " q2", {{"q1", "a"}, {"q2", "b"}}));
    CHECK_FALSE(holds(std::string("q1 ") + op + " 2020", {{"q1", "2020-07-07"}}));
  }
}

TEST_CASE("Expression::evaluate orders dates and times chronologically") {
  Cells french{{"submitted", "08/07/2020 11:02:13"}};  // 8 July.
  CHECK(holds("submitted > \"2020-07-07\"", french));
  CHECK(holds("submitted < \"2020-07-09\"", french));
  CHECK(holds("submitted > \"2020-07-08 11:00\"", french));
  CHECK_FALSE(holds("submitted > \"2020-07-08 11:02:13\"", french));
  CHECK(holds("submitted >= \"2020-07-08T11:02:13\"", french));
  // A date without a time compares by calendar day.
  CHECK(holds("submitted <= \"2020-07-08\"", french));
  CHECK(holds("submitted >= \"2020-07-08\"", french));
  CHECK_FALSE(holds("submitted < \"2020-07-08\"", french));
  CHECK_FALSE(holds("submitted > \"2020-07-08\"", french));
  // Formats mix freely.
  CHECK(holds("submitted < \"2022/06/22 11:07:29 AM AST\"", french));
  CHECK(holds("submitted > \"07/07/2020 - 23:59\"", french));
  CHECK(holds("q1 < q2", {{"q1", "2020-07-07"}, {"q2", "08/07/2020"}}));
  // UTC offsets are applied; abbreviations are not.
  CHECK(holds("submitted < \"2020-07-08T11:00:00-01:00\"", french));
  CHECK(holds("submitted > \"2020-07-08T11:00:00+01:00\"", french));
  // = stays a text comparison.
  CHECK_FALSE(holds("submitted = \"2020-07-08 11:02:13\"", french));
}

TEST_CASE("Expression::parse applies the date order to cells and literals") {
  Cells us{{"submitted", "07/08/2020 11:02:13 AM"}};
  ExpressionOptions month_first{CompareMode::Exact, DateOrder::MonthFirst};
  CHECK(holds("submitted < \"2020-07-09\"", us, month_first));      // July 8.
  CHECK(holds("submitted > \"2020-08-06\"", us));                   // Auto: 7 August.
  CHECK(holds("submitted < \"07/09/2020\"", us, month_first));
  CHECK(holds("submitted > \"07/13/2020\"", us));                   // 13 is a day: July 13.
}

TEST_CASE("Expression::evaluate compares columns with columns") {
  CHECK(holds("q1 = q3", {{"q1", "Oui"}, {"q3", " Oui"}}));
  CHECK_FALSE(holds("q1 = q3", {{"q1", "Oui"}, {"q3", "oui"}}));
  CHECK(holds("q1 != q3", {{"q1", "Oui"}, {"q3", "Non"}}));
  CHECK(holds("age < note", {{"age", "3"}, {"note", "12"}}));
  CHECK(holds("q1 = q1", {}));
}

TEST_CASE("Expression::columns lists the referenced columns once, sorted") {
  CHECK(parse("region = \"x\" and q1 = q2 or not q1 in (1) and `my col` is empty").columns() ==
        std::vector<std::size_t>{0, 1, 3, 8});
  CHECK(parse("1 = 1").columns().empty());
  CHECK(Expression().columns().empty());
}

TEST_CASE("Expression::to_string gives a canonical form that parses back to itself") {
  for (std::string text :
       {"q1 = \"Non\"", "q1 in (\"Oui\") and region != 'Corse'", "not(q1=1)or(q2<=-3.5)",
        "age >= 18 AND age < 65", "q1 IS NOT EMPTY or q2 is empty", "`my col` not in ('a', 2)",
        "not not not q1 = q2", "((q1 = 1 or q2 = 2) and (q3 = 3 or not q1 > 1))",
        "[x]]y] = \"\\\\\\\"\"", "Région = \"Île\" and N° > 3"}) {
    CAPTURE(text);
    std::string once = canonical(text);
    CHECK(canonical(once) == once);
  }
  CHECK(canonical("not(q1=1)or(q2<=-3.5)") == "not q1 = 1 or q2 <= -3.5");
  CHECK(canonical("q1 in (\"Oui\") and region != 'Corse'") ==
        "q1 in (\"Oui\") and region != \"Corse\"");
}

TEST_CASE("Expression() holds no condition") {
  Expression e;
  CHECK(e.evaluate(std::vector<std::string_view>{"a"}));
  CHECK(e.to_string().empty());
}

TEST_CASE("Expression::evaluate does not allocate in the common case") {
  Expression exact = parse(
      "q1 = \"Non\" or q1 in (\"Oui\", \"Peut-être\") and note >= \"3,5\" or "
      "submitted > \"2020-07-07\" and region != \"Corse\" and q2 is not empty and q1 != q3",
      {});
  Expression loose = Expression::parse("q1 = \"non\" or region in (\"corse\", \"ILE\") or q1 = q3",
                                       resolve, {CompareMode::Loose, DateOrder::Auto});
  auto row = row_of({{"q1", "Oui"}, {"note", "4,5"}, {"submitted", "08/07/2020 11:02"},
                     {"region", "Île-de-France"}, {"q2", "x"}, {"q3", "NON "}});
  auto ascii_row = row_of({{"q1", "Oui"}, {"region", "Corse du Sud"}, {"q3", "NON "}});
  long before = g_allocations.load();
  bool a = exact.evaluate(row);
  bool b = loose.evaluate(ascii_row);
  long after = g_allocations.load();
  CHECK(a);
  CHECK_FALSE(b);
  CHECK(after == before);
  // The counter works: non-ASCII text in Loose mode is folded into a string.
  auto accented = row_of({{"q1", "Très bien, merci beaucoup"}});
  before = g_allocations.load();
  loose.evaluate(accented);
  CHECK(g_allocations.load() > before);
}

TEST_CASE("Expression::parse reports errors with their column and a caret") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"q1 = ", "expected a value after \"=\" at column 6\n  q1 = \n       ^"},
      {"q1 <= )", "expected a value after \"<=\", not \")\" at column 7\n  q1 <= )\n        ^"},
      {"q1 == 2", "unknown operator \"==\" at column 4, use \"=\" to compare\n  q1 == 2\n     ^"},
      {"q1 =< 2", "unknown operator \"=<\" at column 4, use \"<=\"\n  q1 =< 2\n     ^"},
      {"q1 => 2", "unknown operator \"=>\" at column 4, use \">=\"\n  q1 => 2\n     ^"},
      {"q1 <> 2", "unknown operator \"<>\" at column 4, use \"!=\"\n  q1 <> 2\n     ^"},
      {"!q1", "unexpected \"!\" at column 1, use \"!=\" to compare or \"not\" to negate\n  !q1\n  ^"},
      {"q1 = 1 && q2 = 2",
       "unknown operator \"&&\" at column 8, use \"and\"\n  q1 = 1 && q2 = 2\n         ^"},
      {"q1 = 1 || q2 = 2",
       "unknown operator \"||\" at column 8, use \"or\"\n  q1 = 1 || q2 = 2\n         ^"},
      {"q1 = \"Non", "unterminated string at column 6, close it with a double quote\n"
                     "  q1 = \"Non\n       ^"},
      {"q1 = 'Non", "unterminated string at column 6, close it with a single quote\n"
                    "  q1 = 'Non\n       ^"},
      {"q1 = \"Non\\", "unterminated string at column 6, close it with a double quote\n"
                       "  q1 = \"Non\\\n       ^"},
      {"q1 = \"a\\nb\"", "unknown escape \"\\n\" at column 8, only \\\", \\' and \\\\ are "
                        "escapes: write \\\\ for a backslash\n  q1 = \"a\\nb\"\n         ^"},
      {"`my col = 1", "unterminated back-quoted column name at column 1, close it with `\n"
                      "  `my col = 1\n  ^"},
      {"[my col = 1", "unterminated bracketed column name at column 1, close it with ]\n"
                      "  [my col = 1\n  ^"},
      {"` ` = 1", "empty column name at column 1\n  ` ` = 1\n  ^"},
      {"q1 in \"a\"", "expected \"(\" after \"in\" at column 7, write in (\"a\", \"b\")\n"
                      "  q1 in \"a\"\n        ^"},
      {"q1 in ()", "empty list at column 8, give at least one value\n  q1 in ()\n         ^"},
      {"q1 in (Oui)", "expected a value in the list, not a column at column 8, write \"Oui\" in "
                      "quotes for text\n  q1 in (Oui)\n         ^"},
      {"q1 in (\"a\" \"b\")", "expected \",\" or \")\" in the list, not a string at column 12\n"
                              "  q1 in (\"a\" \"b\")\n             ^"},
      {"q1 in (\"a\",", "expected a value in the list at column 12\n"
                        "  q1 in (\"a\",\n             ^"},
      {"q1 in (\"a\"", "expected \",\" or \")\" in the list at column 11, the \"(\" "
                       "at column 7 is not closed\n  q1 in (\"a\"\n            ^"},
      {"q1 = 1 q2 = 2", "expected \"and\", \"or\" or the end, not \"q2\" at column 8\n"
                        "  q1 = 1 q2 = 2\n         ^"},
      {"q1 = 1)", "unbalanced \")\" at column 7, no \"(\" opens it\n  q1 = 1)\n        ^"},
      {"(q1 = 1", "expected \")\" at column 8, the \"(\" at column 1 is not closed\n"
                  "  (q1 = 1\n         ^"},
      {"((q1 = 1) and q2 = 2",
       "expected \")\" at column 21, the \"(\" at column 1 is not closed\n"
       "  ((q1 = 1) and q2 = 2\n                      ^"},
      {"(q1 = 1 q2)", "expected \")\", not \"q2\" at column 9, the \"(\" at column 1 is not "
                      "closed\n  (q1 = 1 q2)\n          ^"},
      {"regoin = 1", "unknown column \"regoin\" at column 1, columns are q1, q2, q3, ...\n"
                     "  regoin = 1\n  ^"},
      {"q1 = Non", "unknown column \"Non\" at column 6, columns are q1, q2, q3, ...; if you meant "
                   "text, write \"Non\" in quotes\n  q1 = Non\n       ^"},
      {"`nope` = 1", "unknown column \"nope\" at column 1, columns are q1, q2, q3, ...\n"
                     "  `nope` = 1\n  ^"},
      {"and = 1", "expected a column or a value, not \"and\" at column 1, \"and\" is a keyword: "
                  "write `and` for a column of that name\n  and = 1\n  ^"},
      {"q1 = 1 and", "expected a column or a value at column 11\n"
                     "  q1 = 1 and\n            ^"},
      {"q1 not = 2", "expected \"in\" after \"not\" at column 8, write \"not in (...)\" here, or "
                     "put \"not\" before the comparison\n  q1 not = 2\n         ^"},
      {"q1 is full", "expected \"empty\" or \"not empty\" after \"is\" at column 7\n"
                     "  q1 is full\n        ^"},
      {"q1", "expected an operator at column 3, one of =, !=, <, <=, >, >=, in "
             "(...), not in (...), is empty, is not empty\n  q1\n    ^"},
      {"q1 \"Non\"", "expected an operator, not a string at column 4, one of =, !=, <, <=, >, >=, "
                     "in (...), not in (...), is empty, is not empty\n  q1 \"Non\"\n     ^"},
      {"q1 = “Non”", "typographic quote \"“\" at column 6, use straight quotes: \"text\" or "
                     "'text'\n  q1 = “Non”\n       ^"},
      {"q1 = 1 ; q2 = 2", "unexpected character \";\" at column 8\n  q1 = 1 ; q2 = 2\n         ^"},
      {"q1 = \x01", "unexpected control character U+0001 at column 6\n  q1 =  \n       ^"},
      {"q1 = -3abc", "invalid number \"-3abc\" at column 6, write a number as 12, -3 or 3.5, or "
                     "quote text\n  q1 = -3abc\n       ^"},
      {"note > 3,5", "expected \"and\", \"or\" or the end, not \",\" at column 9, for a decimal "
                     "comma, write \"3,5\" in quotes\n  note > 3,5\n          ^"},
      // Columns count characters, not bytes.
      {"Région = \"é\" ==", "unknown operator \"==\" at column 14, use \"=\" to compare\n"
                            "  Région = \"é\" ==\n               ^"},
      // Line breaks and tabs show as spaces so that the caret lines up.
      {"q1 = 1\n\tand", "expected a column or a value at column 12\n"
                        "  q1 = 1  and\n             ^"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(parse_error(c.text) == c.message);
  }
}

TEST_CASE("Expression::parse rejects empty, invalid and oversized input") {
  CHECK(parse_error("") == "empty expression");
  CHECK(parse_error(" \t\n") == "empty expression");
  CHECK(parse_error("q1 = \"caf\xE9\"") ==
        "the expression is not valid UTF-8 (byte 0xE9 at offset 9)");
  std::string big = "q1 = \"" + std::string(kMaxExpressionBytes, 'a') + "\"";
  CHECK(parse_error(big) == "expression too long: 65543 bytes, more than the 65536 allowed");
  try {
    parse("q1 = 1)");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK(exit_code(e.kind()) == 2);
  }
}

TEST_CASE("Expression::parse shows a window of a long expression around the error") {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "q1 = 1 or ";
  text += "q2 = 3 q3 = 4";
  // 60 characters around the caret, with an ellipsis where the text goes on.
  CHECK(parse_error(text) ==
        "expected \"and\", \"or\" or the end, not \"q3\" at column 208\n"
        "  \u2026= 1 or q1 = 1 or q1 = 1 or q1 = 1 or q1 = 1 or q2 = 3 q3 = 4\n"
        "                                                         ^");
  text += " and q1 = 1 and q1 = 1 and q1 = 1 and q1 = 1";
  CHECK(parse_error(text) ==
        "expected \"and\", \"or\" or the end, not \"q3\" at column 208\n"
        "  \u2026or q1 = 1 or q1 = 1 or q2 = 3 q3 = 4 and q1 = 1 and q1 = 1 a\u2026\n"
        "                                 ^");
}

TEST_CASE("Expression::parse keeps the kind of the resolver's errors") {
  auto data_resolver = [](std::string_view) -> std::size_t {
    throw data_error("the codebook has no column", "codebook.csv", 4);
  };
  try {
    Expression::parse("q1 = 1", data_resolver);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Data);
    CHECK(std::string(e.what()) == "the codebook has no column at column 1\n  q1 = 1\n  ^");
  }
}

TEST_CASE("Expression::parse bounds nesting depth") {
  auto nested = [](int depth) {
    return std::string(depth, '(') + "q1 = 1" + std::string(depth, ')');
  };
  CHECK(parse(nested(kMaxExpressionDepth)).evaluate(row_of({{"q1", "1"}})));
  CHECK(parse_error(nested(kMaxExpressionDepth + 1))
            .starts_with("expression nested deeper than 64 levels at column 65\n"));
  CHECK(parse_error(nested(100000)).starts_with("expression too long"));
  CHECK(parse_error(nested(30000)).starts_with("expression nested deeper than 64 levels at "
                                                "column 65\n"));

  std::string nots;
  for (int i = 0; i < kMaxExpressionDepth; ++i) nots += "not ";
  CHECK(parse(nots + "q1 = 1").evaluate(row_of({{"q1", "1"}})));
  CHECK(parse_error("not " + nots + "q1 = 1")
            .starts_with("expression nested deeper than 64 levels at column 257\n"));

  std::string mixed;
  for (int i = 0; i < 33; ++i) mixed += "not (";
  CHECK(parse_error(mixed + "q1 = 1" + std::string(33, ')'))
            .starts_with("expression nested deeper than 64 levels at column 161\n"));
}

TEST_CASE("Expression::parse reads a 64 KiB expression") {
  std::string text;
  while (text.size() + 20 < kMaxExpressionBytes) text += "q1 = 1 or q2 = 2 or ";
  text += "q3 = 3";
  text.resize(kMaxExpressionBytes, ' ');
  Expression e = parse(text);
  CHECK(e.evaluate(row_of({{"q3", "3"}})));
  CHECK_FALSE(e.evaluate(row_of({{"q3", "4"}})));
  CHECK(e.columns() == std::vector<std::size_t>{0, 1, 2});
  CHECK(parse(e.to_string()).to_string() == e.to_string());
}

TEST_CASE("Expression::parse and parse_datetime throw only survey::Error on random input") {
  std::mt19937 random(7072020);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  int errors = 0, parsed = 0;
  auto try_parse = [&](const std::string& text) {
    CAPTURE(text);
    try {
      Expression e = parse(text);
      e.evaluate(row_of({{"q1", "Oui"}, {"age", "12"}, {"submitted", "07/07/2020"}}));
      ++parsed;
    } catch (const Error&) {
      ++errors;
    } catch (...) {
      FAIL("an exception other than survey::Error");
    }
    CHECK_NOTHROW(fuzz_expression(text));
    CHECK_NOTHROW(parse_datetime(text));
    CHECK_NOTHROW(fuzz_values(text));
  };

  // Random bytes, then random printable ASCII, then random valid UTF-8.
  for (int i = 0; i < 1500; ++i) {
    std::string s(pick(48), '\0');
    for (char& c : s) c = static_cast<char>(random());
    try_parse(s);
  }
  for (int i = 0; i < 1500; ++i) {
    std::string s(pick(48), '\0');
    for (char& c : s) c = static_cast<char>(0x20 + pick(0x5F));
    try_parse(s);
  }
  for (int i = 0; i < 500; ++i) {
    std::string s;
    for (std::size_t n = pick(24); n > 0; --n) {
      char32_t cp = static_cast<char32_t>(pick(0x3000));
      if (cp >= 0xD800 && cp < 0xE000) cp = 'x';
      append_utf8(s, cp);
    }
    try_parse(s);
  }

  // Token soups.
  static const char* const kTokens[] = {
      "q1", "q2", "region", "Région", "`my col`", "[x]]y]", "`a``b`", "nope", "\"Oui\"", "'non'",
      "\"\"", "\"a\\\"b\"", "12", "-3.5", "3,5", "0", "=", "!=", "<", "<=", ">", ">=", "==",
      "<>", "!", "(", ")", "(", ")", ",", "and", "OR", "not", "NOT", "in", "is", "empty", "\"",
      "'", "`", "[", "]", "\\", "é", "“", "\t", "\n", "\"2020-07-07\"", "\"07/08/2020 11:02\"",
      "&&", ";", "-", "-x"};
  for (int i = 0; i < 4000; ++i) {
    std::string s;
    for (std::size_t n = 1 + pick(16); n > 0; --n) {
      s += kTokens[pick(std::size(kTokens))];
      if (pick(4)) s += ' ';
    }
    try_parse(s);
  }
  // Token soups that are valid more often: comparisons joined by keywords.
  static const char* const kOperands[] = {"q1", "age", "submitted", "`my col`", "\"Oui\"", "12",
                                          "\"3,5\"", "\"2020-07-07\"", "''", "-1"};
  static const char* const kOperators[] = {" = ", " != ", " < ", " <= ", " > ", " >= "};
  static const char* const kJoins[] = {" and ", " or ", " and not ", " or (", ") and ", " or not ("};
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    for (std::size_t n = 1 + pick(6); n > 0; --n) {
      s += kOperands[pick(std::size(kOperands))];
      s += kOperators[pick(std::size(kOperators))];
      s += kOperands[pick(std::size(kOperands))];
      if (n > 1) s += kJoins[pick(std::size(kJoins))];
    }
    try_parse(s);
  }
  // Date-like soups for parse_datetime: mostly well-formed pieces in random
  // combinations, with random damage.
  static const char* const kNumbers[] = {"2020", "07", "7", "12", "13", "29", "31", "02",
                                         "0", "00", "1", "9999", "0001", "24", "59", "60"};
  static const char* const kDateSeps[] = {"/", "-", ".", "/", "-"};
  static const char* const kTimeSeps[] = {" ", "T", " - ", ", ", "  ", ""};
  static const char* const kTails[] = {"", "", " AM", " PM", "Z", "+02:00", " -0530", " UTC",
                                       " GMT+2", " AST", " CEST", "am", " p.m.", ".123", ",5",
                                       " X", "+14", "+15"};
  int dates = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string s = kNumbers[pick(std::size(kNumbers))];
    const char* sep = kDateSeps[pick(std::size(kDateSeps))];
    s += sep;
    s += kNumbers[pick(std::size(kNumbers))];
    s += pick(5) ? sep : kDateSeps[pick(std::size(kDateSeps))];
    s += kNumbers[pick(std::size(kNumbers))];
    if (pick(3)) {
      s += kTimeSeps[pick(std::size(kTimeSeps))];
      s += kNumbers[pick(std::size(kNumbers))];
      s += ':';
      s += kNumbers[pick(std::size(kNumbers))];
      if (pick(2)) s += std::string(":") + kNumbers[pick(std::size(kNumbers))];
      s += kTails[pick(std::size(kTails))];
    }
    if (pick(8) == 0 && !s.empty()) s.erase(pick(s.size()), 1);
    if (pick(8) == 0) s.insert(pick(s.size() + 1), 1, static_cast<char>(random()));
    CAPTURE(s);
    CHECK_NOTHROW(fuzz_values(s));
    for (DateOrder order : {DateOrder::DayFirst, DateOrder::MonthFirst, DateOrder::Auto})
      dates += parse_datetime(s, order).has_value();
  }
  CHECK(parsed > 500);
  CHECK(dates > 50);
}
