// The filter expression language: a hand-written lexer and recursive-descent
// parser that compile to a small tree with literals normalised in advance,
// and its evaluation on rows.
#include "survey/model/expr.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <stdexcept>

#include "survey/read/error.hpp"
#include "survey/read/text.hpp"

namespace survey {
namespace {

// ---------------------------------------------------------------- UTF-8

// Decodes the code point at text[i] in valid UTF-8; sets `length`.
char32_t decode(std::string_view text, std::size_t i, std::size_t& length) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  if (b(0) < 0x80) {
    length = 1;
    return b(0);
  }
  if (b(0) < 0xE0) {
    length = 2;
    return (char32_t{b(0)} & 0x1F) << 6 | (b(1) & 0x3F);
  }
  if (b(0) < 0xF0) {
    length = 3;
    return (char32_t{b(0)} & 0x0F) << 12 | (char32_t{b(1)} & 0x3F) << 6 | (b(2) & 0x3F);
  }
  length = 4;
  return (char32_t{b(0)} & 0x07) << 18 | (char32_t{b(1)} & 0x3F) << 12 |
         (char32_t{b(2)} & 0x3F) << 6 | (b(3) & 0x3F);
}

bool is_space(char32_t cp) {
  switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool is_ascii_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

// Letters (accented too), digits, '_', '.' and '°' make identifiers.
bool is_ident_char(char32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || is_ascii_digit(cp) ||
           cp == '_' || cp == '.';
  if (cp == 0xB0) return true;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool is_typographic_quote(char32_t cp) {
  switch (cp) {
    case 0xAB: case 0xBB: case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x201C:
    case 0x201D: case 0x201E: case 0x201F: case 0x2039: case 0x203A:
      return true;
    default:
      return false;
  }
}

// `12`, `-3`, `3.5`: the numbers the language writes bare.
bool is_number_text(std::string_view s) {
  std::size_t i = !s.empty() && s[0] == '-' ? 1 : 0;
  std::size_t digits = 0;
  while (i < s.size() && is_ascii_digit(s[i])) ++i, ++digits;
  if (digits == 0) return false;
  if (i == s.size()) return true;
  if (s[i++] != '.') return false;
  digits = 0;
  while (i < s.size() && is_ascii_digit(s[i])) ++i, ++digits;
  return digits > 0 && i == s.size();
}

enum class Keyword { None, And, Or, Not, In, Is, Empty };

Keyword keyword_of(std::string_view word) {
  static constexpr std::array<std::pair<std::string_view, Keyword>, 6> kKeywords{{
      {"and", Keyword::And}, {"or", Keyword::Or}, {"not", Keyword::Not},
      {"in", Keyword::In}, {"is", Keyword::Is}, {"empty", Keyword::Empty},
  }};
  for (const auto& [name, keyword] : kKeywords) {
    if (name.size() != word.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) {
      char c = word[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == name[i];
    }
    if (same) return keyword;
  }
  return Keyword::None;
}

// True when `name` can be written bare: the lexer reads it back as one
// identifier that is neither a number nor a keyword.
bool is_bare_identifier(std::string_view name) {
  if (name.empty() || is_number_text(name) || keyword_of(name) != Keyword::None) return false;
  for (std::size_t i = 0, n = 0; i < name.size(); i += n)
    if (!is_ident_char(decode(name, i, n))) return false;
  return true;
}

// ---------------------------------------------------------------- folding

bool is_ascii_space(char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); }

// Yields fold(text) of ASCII text one character at a time, without
// allocating: spaces trimmed and collapsed, letters in lower case, '`' as '\''.
class AsciiFolder {
 public:
  explicit AsciiFolder(std::string_view text) : m_text(text) {}

  // The next folded character, or -1 at the end.
  int next() {
    if (m_pending) {
      m_pending = false;
      return fold_char(m_text[m_i++]);
    }
    std::size_t start = m_i;
    while (m_i < m_text.size() && is_ascii_space(m_text[m_i])) ++m_i;
    if (m_i == m_text.size()) return -1;
    if (m_i > start && m_started) {
      m_pending = true;
      return ' ';
    }
    m_started = true;
    return fold_char(m_text[m_i++]);
  }

 private:
  static int fold_char(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
    if (c == '`') return '\'';
    return static_cast<unsigned char>(c);
  }

  std::string_view m_text;
  std::size_t m_i = 0;
  bool m_started = false;
  bool m_pending = false;
};

// fold(ascii) == folded, without allocating.
bool ascii_fold_equals(std::string_view ascii, std::string_view folded) {
  AsciiFolder in(ascii);
  std::size_t j = 0;
  for (int c = in.next(); c >= 0; c = in.next())
    if (j >= folded.size() || static_cast<unsigned char>(folded[j++]) != c) return false;
  return j == folded.size();
}

bool ascii_fold_equals_both(std::string_view a, std::string_view b) {
  AsciiFolder x(a), y(b);
  while (true) {
    int c = x.next();
    if (c != y.next()) return false;
    if (c < 0) return true;
  }
}

std::int64_t day_of(std::int64_t seconds) {
  return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

}  // namespace

// ---------------------------------------------------------------- parsing

class Expression::Parser {
 public:
  Parser(std::string_view text, const Resolver& resolve, Expression& out)
      : m_text(text), m_resolve(resolve), m_out(out) {
    advance();
  }

  std::uint32_t parse_all() {
    std::uint32_t root = parse_or();
    if (m_tok.kind != Tok::End) {
      if (m_tok.kind == Tok::RParen) fail(m_tok.begin, "unbalanced \")\"", "no \"(\" opens it");
      fail(m_tok.begin, "expected \"and\", \"or\" or the end" + not_token(), decimal_comma_hint());
    }
    return root;
  }

 private:
  enum class Tok { End, Ident, Column, String, Number, Op, LParen, RParen, Comma };
  struct Token {
    Tok kind = Tok::End;
    std::size_t begin = 0, end = 0;  // Byte offsets in the text.
    std::string value;               // Unescaped text of a string or quoted column; operator.
    Keyword keyword = Keyword::None;
  };

  // ---- errors

  std::size_t column_of(std::size_t offset) const {
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < m_text.size(); ++i)
      column += (static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80;
    return column;
  }

  // The expression, or 60 characters of it around `offset`, and a caret.
  std::string excerpt(std::size_t offset) const {
    constexpr std::size_t kWidth = 60;
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < m_text.size(); ++i)
      if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) starts.push_back(i);
    std::size_t caret = std::lower_bound(starts.begin(), starts.end(), offset) - starts.begin();
    std::size_t from = 0, to = starts.size();
    if (to > kWidth) {
      from = caret > kWidth / 2 ? caret - kWidth / 2 : 0;
      to = std::min(starts.size(), from + kWidth);
      from = to - kWidth;
    }
    std::string line = "  ";
    std::string pointer = "  ";
    if (from > 0) {
      line += "\xE2\x80\xA6";  // …
      pointer += ' ';
    }
    for (std::size_t k = from; k < to; ++k) {
      std::size_t end = k + 1 < starts.size() ? starts[k + 1] : m_text.size();
      std::string_view piece = m_text.substr(starts[k], end - starts[k]);
      auto b = static_cast<unsigned char>(piece[0]);
      if (b < 0x20 || b == 0x7F) {
        line += ' ';
      } else {
        line += piece;
      }
    }
    if (to < starts.size()) line += "\xE2\x80\xA6";
    pointer.append(caret - from, ' ');
    pointer += '^';
    return line + '\n' + pointer;
  }

  [[noreturn]] void fail(std::size_t offset, std::string_view what, std::string_view hint = {},
                         ErrorKind kind = ErrorKind::Usage) const {
    std::string message = fmt::format("{} at column {}", what, column_of(offset));
    if (!hint.empty()) fmt::format_to(std::back_inserter(message), ", {}", hint);
    message += '\n';
    message += excerpt(offset);
    throw Error(kind, std::move(message));
  }

  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Tok::End: return "the end";
      case Tok::Ident: return fmt::format("\"{}\"", t.value);
      case Tok::Column: return fmt::format("column `{}`", t.value);
      case Tok::String: return "a string";
      case Tok::Number: return fmt::format("number {}", t.value);
      case Tok::Op: return fmt::format("\"{}\"", t.value);
      case Tok::LParen: return "\"(\"";
      case Tok::RParen: return "\")\"";
      case Tok::Comma: return "\",\"";
    }
    return "?";
  }

  // ", not <token>", or nothing at the end of the expression.
  std::string not_token() const {
    return m_tok.kind == Tok::End ? std::string() : ", not " + describe(m_tok);
  }

  // After `3`, a `,5` was probably meant as a decimal comma.
  std::string decimal_comma_hint() const {
    if (m_tok.kind != Tok::Comma || m_prev_kind != Tok::Number || m_prev_end != m_tok.begin ||
        m_tok.end >= m_text.size() || !is_ascii_digit(m_text[m_tok.end]))
      return {};
    std::size_t end = m_tok.end;
    while (end < m_text.size() && is_ascii_digit(m_text[end])) ++end;
    return fmt::format("for a decimal comma, write \"{}\" in quotes",
                       m_text.substr(m_prev_begin, end - m_prev_begin));
  }

  // ---- lexing

  void advance() {
    m_prev_kind = m_tok.kind;
    m_prev_begin = m_tok.begin;
    m_prev_end = m_tok.end;
    m_tok = lex();
  }

  Token lex() {
    std::size_t n = 0;
    std::size_t i = m_pos;
    while (i < m_text.size() && is_space(decode(m_text, i, n))) i += n;
    Token t;
    t.begin = i;
    if (i >= m_text.size()) {
      t.end = m_pos = m_text.size();
      return t;
    }
    char32_t cp = decode(m_text, i, n);
    char next = i + 1 < m_text.size() ? m_text[i + 1] : '\0';
    auto single = [&](Tok kind, std::size_t length = 1) {
      t.kind = kind;
      t.end = m_pos = i + length;
      t.value = std::string(m_text.substr(i, length));
      return t;
    };
    switch (cp) {
      case '(': return single(Tok::LParen);
      case ')': return single(Tok::RParen);
      case ',': return single(Tok::Comma);
      case '=':
        if (next == '=') fail(i, "unknown operator \"==\"", "use \"=\" to compare");
        if (next == '<') fail(i, "unknown operator \"=<\"", "use \"<=\"");
        if (next == '>') fail(i, "unknown operator \"=>\"", "use \">=\"");
        return single(Tok::Op);
      case '!':
        if (next == '=') return single(Tok::Op, 2);
        fail(i, "unexpected \"!\"", "use \"!=\" to compare or \"not\" to negate");
      case '<':
        if (next == '>') fail(i, "unknown operator \"<>\"", "use \"!=\"");
        return single(Tok::Op, next == '=' ? 2 : 1);
      case '>':
        return single(Tok::Op, next == '=' ? 2 : 1);
      case '&':
        fail(i, next == '&' ? "unknown operator \"&&\"" : "unexpected \"&\"", "use \"and\"");
      case '|':
        fail(i, next == '|' ? "unknown operator \"||\"" : "unexpected \"|\"", "use \"or\"");
      case '"':
      case '\'':
        return lex_string(i, static_cast<char>(cp));
      case '`':
        return lex_quoted_column(i, '`', '`');
      case '[':
        return lex_quoted_column(i, '[', ']');
      default:
        break;
    }
    if (cp == '-' && is_ascii_digit(static_cast<unsigned char>(next))) return lex_word(i, 1);
    if (is_ident_char(cp)) return lex_word(i, 0);
    if (is_typographic_quote(cp))
      fail(i, fmt::format("typographic quote \"{}\"", m_text.substr(i, n)),
           "use straight quotes: \"text\" or 'text'");
    if (cp < 0x20 || cp == 0x7F)
      fail(i, fmt::format("unexpected control character U+{:04X}", static_cast<unsigned>(cp)));
    fail(i, fmt::format("unexpected character \"{}\"", m_text.substr(i, n)));
  }

  // An identifier or a number, starting at `i` (after a leading '-' when
  // `skip` is 1).
  Token lex_word(std::size_t i, std::size_t skip) {
    std::size_t n = 0;
    std::size_t end = i + skip;
    while (end < m_text.size() && is_ident_char(decode(m_text, end, n))) end += n;
    Token t;
    t.begin = i;
    t.end = m_pos = end;
    std::string_view word = m_text.substr(i, end - i);
    t.value = std::string(word);
    if (is_number_text(word)) {
      t.kind = Tok::Number;
    } else if (skip) {
      fail(i, fmt::format("invalid number \"{}\"", word),
           "write a number as 12, -3 or 3.5, or quote text");
    } else {
      t.kind = Tok::Ident;
      t.keyword = keyword_of(word);
    }
    return t;
  }

  Token lex_string(std::size_t i, char quote) {
    Token t;
    t.kind = Tok::String;
    t.begin = i;
    std::size_t k = i + 1;
    while (true) {
      std::size_t stop = m_text.find_first_of(quote == '"' ? "\"\\" : "'\\", k);
      if (stop == std::string_view::npos)
        fail(i, "unterminated string",
             quote == '"' ? "close it with a double quote" : "close it with a single quote");
      t.value.append(m_text.substr(k, stop - k));
      if (m_text[stop] == quote) {
        t.end = m_pos = stop + 1;
        return t;
      }
      if (stop + 1 == m_text.size())
        fail(i, "unterminated string",
             quote == '"' ? "close it with a double quote" : "close it with a single quote");
      char escaped = m_text[stop + 1];
      if (escaped != '"' && escaped != '\'' && escaped != '\\') {
        std::size_t n = 1;
        decode(m_text, stop + 1, n);
        fail(stop, fmt::format("unknown escape \"\\{}\"", m_text.substr(stop + 1, n)),
             "only \\\", \\' and \\\\ are escapes: write \\\\ for a backslash");
      }
      t.value += escaped;
      k = stop + 2;
    }
  }

  Token lex_quoted_column(std::size_t i, char open, char close) {
    Token t;
    t.kind = Tok::Column;
    t.begin = i;
    std::size_t k = i + 1;
    while (true) {
      std::size_t stop = m_text.find(close, k);
      if (stop == std::string_view::npos)
        fail(i, open == '`' ? "unterminated back-quoted column name" : "unterminated bracketed column name",
             fmt::format("close it with {}", close));
      t.value.append(m_text.substr(k, stop - k));
      if (stop + 1 < m_text.size() && m_text[stop + 1] == close) {
        t.value += close;
        k = stop + 2;
        continue;
      }
      t.end = m_pos = stop + 1;
      if (trim(t.value).empty()) fail(i, "empty column name");
      return t;
    }
  }

  // ---- grammar

  bool at_keyword(Keyword keyword) const {
    return m_tok.kind == Tok::Ident && m_tok.keyword == keyword;
  }

  void enter(std::size_t offset) {
    if (++m_depth > kMaxExpressionDepth)
      fail(offset, fmt::format("expression nested deeper than {} levels", kMaxExpressionDepth));
  }

  std::uint32_t push(Node node) {
    m_out.m_nodes.push_back(node);
    return static_cast<std::uint32_t>(m_out.m_nodes.size() - 1);
  }

  std::uint32_t parse_or() { return parse_list(Keyword::Or); }
  std::uint32_t parse_and() { return parse_list(Keyword::And); }

  // and/or chains, flattened: `(a or b) or c` is one node with three children.
  std::uint32_t parse_list(Keyword keyword) {
    Op op = keyword == Keyword::Or ? Op::Or : Op::And;
    auto operand = [&] { return keyword == Keyword::Or ? parse_and() : parse_not(); };
    std::uint32_t first = operand();
    if (!at_keyword(keyword)) return first;
    std::vector<std::uint32_t> children;
    auto add = [&](std::uint32_t child) {
      const Node& node = m_out.m_nodes[child];
      if (node.op == op) {
        auto begin = m_out.m_children.begin() + node.first;
        children.insert(children.end(), begin, begin + node.count);
      } else {
        children.push_back(child);
      }
    };
    add(first);
    while (at_keyword(keyword)) {
      advance();
      add(operand());
    }
    Node node;
    node.op = op;
    node.first = static_cast<std::uint32_t>(m_out.m_children.size());
    node.count = static_cast<std::uint32_t>(children.size());
    m_out.m_children.insert(m_out.m_children.end(), children.begin(), children.end());
    return push(node);
  }

  std::uint32_t parse_not() {
    if (!at_keyword(Keyword::Not)) return parse_cmp();
    enter(m_tok.begin);
    advance();
    Node node;
    node.op = Op::Not;
    node.first = parse_not();
    --m_depth;
    return push(node);
  }

  std::uint32_t parse_cmp() {
    if (m_tok.kind == Tok::LParen) {
      std::size_t open = m_tok.begin;
      enter(open);
      advance();
      std::uint32_t inner = parse_or();
      if (m_tok.kind != Tok::RParen)
        fail(m_tok.begin, "expected \")\"" + not_token(),
             fmt::format("the \"(\" at column {} is not closed", column_of(open)));
      advance();
      --m_depth;
      return inner;
    }
    Node node;
    node.lhs = parse_operand({});
    if (m_tok.kind == Tok::Op) {
      std::string op = m_tok.value;
      node.op = op == "=" ? Op::Eq : op == "!=" ? Op::Ne : op == "<" ? Op::Lt
              : op == "<=" ? Op::Le : op == ">" ? Op::Gt : Op::Ge;
      advance();
      node.rhs = parse_operand(op);
      return push(node);
    }
    if (at_keyword(Keyword::Not)) {
      advance();
      if (!at_keyword(Keyword::In))
        fail(m_tok.begin, "expected \"in\" after \"not\"",
             "write \"not in (...)\" here, or put \"not\" before the comparison");
      node.op = Op::NotIn;
      parse_list_of_values(node);
      return push(node);
    }
    if (at_keyword(Keyword::In)) {
      node.op = Op::In;
      parse_list_of_values(node);
      return push(node);
    }
    if (at_keyword(Keyword::Is)) {
      advance();
      node.op = Op::IsEmpty;
      if (at_keyword(Keyword::Not)) {
        advance();
        node.op = Op::IsNotEmpty;
      }
      if (!at_keyword(Keyword::Empty))
        fail(m_tok.begin, "expected \"empty\" or \"not empty\" after \"is\"");
      advance();
      return push(node);
    }
    fail(m_tok.begin, "expected an operator" + not_token(),
         "one of =, !=, <, <=, >, >=, in (...), not in (...), is empty, is not empty");
  }

  // At "in": reads the parenthesised list into node.first/count.
  void parse_list_of_values(Node& node) {
    advance();
    if (m_tok.kind != Tok::LParen)
      fail(m_tok.begin, "expected \"(\" after \"in\"", "write in (\"a\", \"b\")");
    std::size_t open = m_tok.begin;
    advance();
    if (m_tok.kind == Tok::RParen) fail(m_tok.begin, "empty list", "give at least one value");
    std::vector<Literal> values;
    while (true) {
      if (m_tok.kind == Tok::String || m_tok.kind == Tok::Number) {
        values.push_back(make_literal(m_tok.value, m_tok.kind == Tok::Number));
        advance();
      } else if (m_tok.kind == Tok::Ident && m_tok.keyword == Keyword::None) {
        fail(m_tok.begin, "expected a value in the list, not a column",
             fmt::format("write \"{}\" in quotes for text", m_tok.value));
      } else {
        fail(m_tok.begin, "expected a value in the list" + not_token());
      }
      if (m_tok.kind == Tok::RParen) break;
      if (m_tok.kind != Tok::Comma) {
        fail(m_tok.begin, "expected \",\" or \")\" in the list" + not_token(),
             m_tok.kind == Tok::End
                 ? fmt::format("the \"(\" at column {} is not closed", column_of(open))
                 : std::string());
      }
      advance();
    }
    advance();
    node.first = static_cast<std::uint32_t>(m_out.m_literals.size());
    node.count = static_cast<std::uint32_t>(values.size());
    for (auto& value : values) m_out.m_literals.push_back(std::move(value));
  }

  // A column or a literal; `after` is the operator before it, if any.
  Operand parse_operand(std::string_view after) {
    Operand operand;
    switch (m_tok.kind) {
      case Tok::String:
      case Tok::Number:
        operand.index = static_cast<std::uint32_t>(m_out.m_literals.size());
        m_out.m_literals.push_back(make_literal(m_tok.value, m_tok.kind == Tok::Number));
        advance();
        return operand;
      case Tok::Ident:
        if (m_tok.keyword != Keyword::None) break;
        [[fallthrough]];
      case Tok::Column:
        operand.column = true;
        operand.index = static_cast<std::uint32_t>(m_out.m_columns.size());
        m_out.m_columns.push_back(ColumnRef{resolve(after), m_tok.value});
        advance();
        return operand;
      default:
        break;
    }
    std::string what = after.empty() ? std::string("expected a column or a value")
                                     : fmt::format("expected a value after \"{}\"", after);
    what += not_token();
    std::string hint;
    if (m_tok.kind == Tok::Ident)
      hint = fmt::format("\"{}\" is a keyword: write `{}` for a column of that name", m_tok.value,
                         m_tok.value);
    fail(m_tok.begin, what, hint);
  }

  std::size_t resolve(std::string_view after) {
    try {
      return m_resolve(m_tok.value);
    } catch (const Error& e) {
      std::string hint = e.hint();
      if (!after.empty() && m_tok.kind == Tok::Ident) {
        if (!hint.empty()) hint += "; ";
        hint += fmt::format("if you meant text, write \"{}\" in quotes", m_tok.value);
      }
      fail(m_tok.begin, e.what(), hint, e.kind());
    }
  }

  Literal make_literal(std::string source, bool bare_number) const {
    Literal literal;
    literal.bare_number = bare_number;
    append_nfc(literal.text, trim(source));
    if (m_out.m_options.mode == CompareMode::Loose) literal.folded = fold(literal.text);
    literal.number = parse_number(literal.text);
    literal.date = parse_datetime(literal.text, m_out.m_options.date_order);
    literal.source = std::move(source);
    return literal;
  }

  std::string_view m_text;
  const Resolver& m_resolve;
  Expression& m_out;
  std::size_t m_pos = 0;
  Token m_tok;
  Tok m_prev_kind = Tok::End;
  std::size_t m_prev_begin = 0, m_prev_end = 0;
  int m_depth = 0;
};

Expression::Expression() { m_nodes.push_back(Node{}); }

Expression Expression::parse(std::string_view text, const Resolver& resolve,
                             const ExpressionOptions& options) {
  if (text.size() > kMaxExpressionBytes)
    throw usage_error(fmt::format("expression too long: {} bytes, more than the {} allowed",
                                  text.size(), kMaxExpressionBytes));
  if (std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos)
    throw usage_error(fmt::format("the expression is not valid UTF-8 (byte 0x{:02X} at offset {})",
                                  static_cast<unsigned char>(text[bad]), bad));
  if (trim(text).empty()) throw usage_error("empty expression");
  Expression e;
  e.m_options = options;
  e.m_nodes.clear();
  Parser parser(text, resolve, e);
  e.m_root = parser.parse_all();
  return e;
}

// ---------------------------------------------------------------- evaluation

std::string_view Expression::text_of(const Operand& operand,
                                     std::span<const std::string_view> row) const {
  if (!operand.column) return m_literals[operand.index].text;
  std::size_t index = m_columns[operand.index].index;
  return index < row.size() ? trim(row[index]) : std::string_view();
}

bool Expression::equal_literal(std::string_view cell, const Literal& literal) const {
  if (m_options.mode == CompareMode::Loose) {
    if (is_ascii(cell)) return ascii_fold_equals(cell, literal.folded);
    return fold(cell) == literal.folded;
  }
  if (!may_need_nfc(cell)) return cell == literal.text;
  std::string normalised;
  append_nfc(normalised, cell);
  return normalised == literal.text;
}

bool Expression::equal(const Operand& a, const Operand& b,
                       std::span<const std::string_view> row) const {
  const Literal* la = a.column ? nullptr : &m_literals[a.index];
  const Literal* lb = b.column ? nullptr : &m_literals[b.index];
  std::string_view ta = text_of(a, row);
  std::string_view tb = text_of(b, row);
  if ((la && la->bare_number) || (lb && lb->bare_number)) {
    auto na = la ? la->number : parse_number(ta);
    auto nb = lb ? lb->number : parse_number(tb);
    if (na && nb) return *na == *nb;
  }
  bool loose = m_options.mode == CompareMode::Loose;
  if (la && lb) return loose ? la->folded == lb->folded : la->text == lb->text;
  if (la) return equal_literal(tb, *la);
  if (lb) return equal_literal(ta, *lb);
  if (loose) {
    if (is_ascii(ta) && is_ascii(tb)) return ascii_fold_equals_both(ta, tb);
    return fold(ta) == fold(tb);
  }
  if (!may_need_nfc(ta) && !may_need_nfc(tb)) return ta == tb;
  std::string na, nb;
  append_nfc(na, ta);
  append_nfc(nb, tb);
  return na == nb;
}

bool Expression::ordered(Op op, const Operand& a, const Operand& b,
                         std::span<const std::string_view> row) const {
  std::string_view ta = text_of(a, row);
  std::string_view tb = text_of(b, row);
  if (ta.empty() || tb.empty()) return false;
  const Literal* la = a.column ? nullptr : &m_literals[a.index];
  const Literal* lb = b.column ? nullptr : &m_literals[b.index];
  auto compare = [op](auto x, auto y) {
    switch (op) {
      case Op::Lt: return x < y;
      case Op::Le: return x <= y;
      case Op::Gt: return x > y;
      default: return x >= y;
    }
  };
  auto na = la ? la->number : parse_number(ta);
  std::optional<double> nb;
  if (na) nb = lb ? lb->number : parse_number(tb);
  if (na && nb) return compare(*na, *nb);
  auto da = la ? la->date : parse_datetime(ta, m_options.date_order);
  if (!da) return false;
  auto db = lb ? lb->date : parse_datetime(tb, m_options.date_order);
  if (!db) return false;
  if (!da->has_time || !db->has_time) return compare(day_of(da->seconds), day_of(db->seconds));
  return compare(da->seconds, db->seconds);
}

bool Expression::eval(std::uint32_t index, std::span<const std::string_view> row) const {
  const Node& node = m_nodes[index];
  switch (node.op) {
    case Op::True:
      return true;
    case Op::Or:
      for (std::uint32_t k = 0; k < node.count; ++k)
        if (eval(m_children[node.first + k], row)) return true;
      return false;
    case Op::And:
      for (std::uint32_t k = 0; k < node.count; ++k)
        if (!eval(m_children[node.first + k], row)) return false;
      return true;
    case Op::Not:
      return !eval(node.first, row);
    case Op::Eq:
      return equal(node.lhs, node.rhs, row);
    case Op::Ne:
      return !equal(node.lhs, node.rhs, row);
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge:
      return ordered(node.op, node.lhs, node.rhs, row);
    case Op::In:
    case Op::NotIn: {
      bool found = false;
      for (std::uint32_t k = 0; k < node.count && !found; ++k)
        found = equal(node.lhs, Operand{false, node.first + k}, row);
      return found == (node.op == Op::In);
    }
    case Op::IsEmpty:
      return text_of(node.lhs, row).empty();
    case Op::IsNotEmpty:
      return !text_of(node.lhs, row).empty();
  }
  return false;
}

bool Expression::evaluate(std::span<const std::string_view> row) const {
  return eval(m_root, row);
}

std::vector<std::size_t> Expression::columns() const {
  std::vector<std::size_t> out;
  out.reserve(m_columns.size());
  for (const auto& column : m_columns) out.push_back(column.index);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// ---------------------------------------------------------------- rendering

namespace {

void append_quoted(std::string& out, std::string_view text, char open, char close,
                   bool backslash) {
  out += open;
  for (char c : text) {
    if (backslash && (c == '\\' || c == close)) {
      out += '\\';
    } else if (!backslash && c == close) {
      out += close;
    }
    out += c;
  }
  out += close;
}

}  // namespace

void Expression::render_operand(std::string& out, const Operand& operand) const {
  if (operand.column) {
    const std::string& name = m_columns[operand.index].name;
    if (is_bare_identifier(name)) {
      out += name;
    } else {
      append_quoted(out, name, '`', '`', false);
    }
    return;
  }
  const Literal& literal = m_literals[operand.index];
  if (literal.bare_number) {
    out += literal.source;
  } else {
    append_quoted(out, literal.source, '"', '"', true);
  }
}

// `context` is the lowest precedence that needs no parentheses here:
// 1 or, 2 and, 3 not and comparisons.
void Expression::render(std::string& out, std::uint32_t index, int context) const {
  const Node& node = m_nodes[index];
  int precedence = node.op == Op::Or ? 1 : node.op == Op::And ? 2 : 3;
  bool parens = precedence < context;
  if (parens) out += '(';
  switch (node.op) {
    case Op::True:
      break;
    case Op::Or:
    case Op::And:
      for (std::uint32_t k = 0; k < node.count; ++k) {
        if (k > 0) out += node.op == Op::Or ? " or " : " and ";
        render(out, m_children[node.first + k], precedence + 1);
      }
      break;
    case Op::Not:
      out += "not ";
      render(out, node.first, 3);
      break;
    case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: {
      static constexpr std::string_view kSymbols[] = {"=", "!=", "<", "<=", ">", ">="};
      render_operand(out, node.lhs);
      out += ' ';
      out += kSymbols[static_cast<int>(node.op) - static_cast<int>(Op::Eq)];
      out += ' ';
      render_operand(out, node.rhs);
      break;
    }
    case Op::In:
    case Op::NotIn:
      render_operand(out, node.lhs);
      out += node.op == Op::In ? " in (" : " not in (";
      for (std::uint32_t k = 0; k < node.count; ++k) {
        if (k > 0) out += ", ";
        render_operand(out, Operand{false, node.first + k});
      }
      out += ')';
      break;
    case Op::IsEmpty:
    case Op::IsNotEmpty:
      render_operand(out, node.lhs);
      out += node.op == Op::IsEmpty ? " is empty" : " is not empty";
      break;
  }
  if (parens) out += ')';
}

std::string Expression::to_string() const {
  std::string out;
  render(out, m_root, 0);
  return out;
}

// ---------------------------------------------------------------- fuzzing

void fuzz_expression(std::string_view bytes) {
  auto resolve = [](std::string_view name) -> std::size_t {
    if (!name.empty() && (name[0] == 'x' || name[0] == 'X'))
      throw usage_error(fmt::format("unknown column \"{}\"", name), "try q1");
    return std::hash<std::string_view>{}(name) % 8;
  };
  static const std::array<std::array<std::string_view, 8>, 4> kRows{{
      {"", "", "", "", "", "", "", ""},
      {"Oui", "12", "3,5", "2020-07-07 11:02", "Non", " ", "Île-de-France", "a"},
      {"non", "-1", "1 234", "07/08/2020", "OUI", "x", "ile-de-france", "12abc"},
      {"Très bien", "0", "nan", "2022/06/22 11:07:29 AM AST", "", "\"", "\\", "é"},
  }};
  for (CompareMode mode : {CompareMode::Exact, CompareMode::Loose}) {
    Expression e;
    try {
      e = Expression::parse(bytes, resolve, {mode, DateOrder::Auto});
    } catch (const Error&) {
      return;
    }
    for (const auto& row : kRows) e.evaluate(row);
    std::string canonical = e.to_string();
    Expression again = Expression::parse(canonical, resolve, {mode, DateOrder::Auto});
    if (again.to_string() != canonical)
      throw std::logic_error("to_string() does not read back: " + canonical);
    if (again.columns() != e.columns())
      throw std::logic_error("to_string() changes the columns: " + canonical);
    for (const auto& row : kRows)
      if (again.evaluate(row) != e.evaluate(row))
        throw std::logic_error("to_string() changes the meaning: " + canonical);
  }
}

}  // namespace survey
