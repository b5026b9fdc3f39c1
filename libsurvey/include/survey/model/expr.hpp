// The filter expression language shared by the codebook's `base` column and
// `survey filter --where`: `q1 = "Non"`, `q5 in ("Oui") and region != "Corse"`,
// `submitted >= "2020-07-01" and not age < 18`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "survey/read/values.hpp"

namespace survey {

// Grammar (keywords are case-insensitive: `AND`, `Or`, `IS NOT EMPTY`):
//
//   expr    := or
//   or      := and ("or" and)*
//   and     := not ("and" not)*
//   not     := "not" not | cmp
//   cmp     := operand ("=" | "!=" | "<" | "<=" | ">" | ">=") operand
//            | operand ["not"] "in" "(" literal ("," literal)* ")"
//            | operand "is" ["not"] "empty"
//            | "(" expr ")"
//   operand := column | literal
//   column  := identifier | `back-quoted header` | [bracketed header]
//   literal := "double-quoted" | 'single-quoted' | number
//
// An identifier is a run of letters (accented ones too), digits, `_`, `.` and
// `°` that is not a number and not one of the keywords `and`, `or`, `not`,
// `in`, `is`, `empty`: `q1`, `region`, `Q1_SQ001`, `Région`. Any other header
// is written between back quotes or brackets; a back quote or closing bracket
// inside is doubled (`` `say ``hi``` ``, `[a]]b]`). Quoted strings take `\"`,
// `\'` and `\\` as escapes and no others. A number is `12`, `-3` or `3.5`;
// `3,5` is not one (the comma separates list items): write `"3,5"`.
//
// Semantics. Every value is text: a cell, or a literal. Values are trimmed
// (Unicode white space) and put in NFC before they are compared; a value that
// is empty after trimming is missing.
// - `=` and `!=` compare the texts, exactly (CompareMode::Exact) or ignoring
//   case, accents, typographic quotes and runs of spaces (CompareMode::Loose,
//   see fold() in text.hpp). A missing value is the empty text: it equals only
//   another missing value, so `q1 = "Non"` is false and `q1 != "Non"` true
//   when q1 is missing, and `q1 = ""` means `q1 is empty`. A bare number is
//   compared as a number when the other side reads as one (parse_number()):
//   `note = 4` holds for `4`, `4,0` and `4.00`; a quoted `"4"` is text.
//   `a != b` is always `not a = b`.
// - `in (...)` holds when the value equals (as `=` does) one of the literals;
//   `not in` is its negation, so it holds for a missing value unless the list
//   holds "".
// - `<`, `<=`, `>`, `>=` compare numbers when both sides read as numbers
//   (parse_number(): `3,5 < 12`, `1 234 > 999`); otherwise dates and times
//   when both read as such (parse_datetime(), with the options' DateOrder);
//   otherwise they are false. Text is never ordered. When one side is a date
//   without a time, both are compared as calendar days, so
//   `submitted <= "2020-07-07"` includes the whole of 7 July. A UTC time and a
//   local time are compared as written (no time zone is known). With a
//   missing value, they are false.
// - `is empty` holds for a missing value, `is not empty` for any other.
// - The logic has two values, true and false (no SQL "unknown"): `not`
//   inverts whatever its operand gives, so `not age < 18` holds for a missing
//   age, as `age >= 18 or age is empty` would.
// - A column beyond the end of a row (a short record) is missing.
// - Columns compare with columns (`q1 = q3`) and literals with literals the
//   same way.
// Multi-select cells are compared as whole texts for now: a later version
// will let `in` test membership once the codebook splits such cells.

// How `=`, `!=` and `in` compare texts.
enum class CompareMode {
  Exact,  // Same characters after trimming and NFC: "Oui" != "oui".
  Loose,  // Same fold(): case, accents and spacing ignored: "Île-de-France" = "ile-de-france".
};

// How an expression compares texts and reads dates, fixed when it is parsed
// (literals are normalised then).
struct ExpressionOptions {
  CompareMode mode = CompareMode::Exact;
  DateOrder date_order = DateOrder::Auto;  // For dates in cells and literals.
};

// Expressions longer than this many bytes are rejected.
inline constexpr std::size_t kMaxExpressionBytes = 64 * 1024;
// Parentheses and `not`s nested deeper than this are rejected.
inline constexpr int kMaxExpressionDepth = 64;

// A parsed expression, ready to evaluate on rows. Cheap to copy and safe to
// evaluate from several threads at once.
class Expression {
 public:
  // Maps a column reference (an identifier, or the text between back quotes
  // or brackets, unescaped) to a 0-based column index; throws survey::Error
  // (usually usage_error() listing candidates) when there is no such column.
  using Resolver = std::function<std::size_t(std::string_view name)>;

  // An expression with no condition: true for every row.
  Expression();

  // Parses `text`. Throws survey::Error (ErrorKind::Usage) when it is not a
  // valid expression, with a message that gives the 1-based character
  // position where parsing failed, then the expression (or the part around
  // that position) and a caret under it:
  //   expected a value after "=" at column 6
  //     q1 =
  //          ^
  // Errors from `resolve` come out the same way, with their own kind and
  // message (and hint, folded into the first line). Input that is not valid
  // UTF-8, longer than kMaxExpressionBytes or nested deeper than
  // kMaxExpressionDepth is rejected the same way; parsing never crashes and
  // takes time linear in the length of `text`.
  static Expression parse(std::string_view text, const Resolver& resolve,
                          const ExpressionOptions& options = {});

  // Evaluates the expression on one row, values indexed by column, as valid
  // UTF-8 (CsvReader gives them so). Allocates nothing unless a cell needs
  // NFC normalisation or, in Loose mode, holds non-ASCII text.
  bool evaluate(std::span<const std::string_view> row) const;

  // The columns the expression refers to, sorted, without repeats.
  std::vector<std::size_t> columns() const;

  // The canonical form, for messages and logs: keywords in lower case, one
  // space around operators, strings double-quoted, columns as written (back
  // quoted when they are not identifiers), parentheses only where needed:
  // `q1 = "Non" and (q2 = 1 or q3 is empty)`. It parses back to itself.
  // Empty for an expression with no condition.
  std::string to_string() const;

  const ExpressionOptions& options() const noexcept { return m_options; }

 private:
  enum class Op : std::uint8_t {
    True, Or, And, Not, Eq, Ne, Lt, Le, Gt, Ge, In, NotIn, IsEmpty, IsNotEmpty,
  };
  struct Operand {
    bool column = false;
    std::uint32_t index = 0;  // Into m_columns or m_literals.
  };
  struct Node {
    Op op = Op::True;
    Operand lhs, rhs;
    std::uint32_t first = 0;  // Or/And: into m_children; Not: the child node;
    std::uint32_t count = 0;  // In/NotIn: into m_literals.
  };
  struct ColumnRef {
    std::size_t index = 0;
    std::string name;  // As written, unescaped.
  };
  struct Literal {
    std::string source;   // Unescaped text as written, for to_string().
    bool bare_number = false;
    std::string text;     // Trimmed, NFC.
    std::string folded;   // fold(text), in Loose mode.
    std::optional<double> number;
    std::optional<DateTime> date;
  };
  class Parser;

  bool eval(std::uint32_t node, std::span<const std::string_view> row) const;
  bool equal(const Operand& a, const Operand& b, std::span<const std::string_view> row) const;
  bool equal_literal(std::string_view cell, const Literal& literal) const;
  bool ordered(Op op, const Operand& a, const Operand& b,
               std::span<const std::string_view> row) const;
  std::string_view text_of(const Operand& operand, std::span<const std::string_view> row) const;
  void render(std::string& out, std::uint32_t node, int context) const;
  void render_operand(std::string& out, const Operand& operand) const;

  ExpressionOptions m_options;
  std::vector<Node> m_nodes;
  std::uint32_t m_root = 0;
  std::vector<std::uint32_t> m_children;
  std::vector<ColumnRef> m_columns;
  std::vector<Literal> m_literals;
};

// For fuzzing: parses arbitrary bytes with a resolver that accepts any name
// (mapping it to one of eight columns) except those starting with `x`, which
// it rejects; then evaluates the expression on a few rows, and checks that
// to_string() parses back to the same canonical form. survey::Error from the
// parse is expected and swallowed; std::logic_error is thrown when an
// invariant does not hold (a fuzzer reports it as a crash). A libFuzzer
// target only has to call it.
void fuzz_expression(std::string_view bytes);

}  // namespace survey
