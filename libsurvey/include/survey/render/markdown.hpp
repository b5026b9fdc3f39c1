// Markdown building blocks shared by every Markdown view (freq tables, the
// report): text escaped so that answers, labels and comments written by
// respondents can neither break a table, start a list or a heading, nor
// inject HTML or links; code spans; Unicode bar charts; Mermaid labels.
#pragma once

#include <string>
#include <string_view>

namespace survey {

// `text` as one line of literal Markdown text, safe anywhere inline, in a
// table cell, a list item, a heading or at the start of a line (CommonMark
// and GitHub Flavored Markdown):
// - line breaks, tabs and other control characters become spaces,
//   one per character, and spaces at both ends are dropped;
// - `\`, `` ` ``, `*`, `[`, `]`, `<`, `|`, `~` and `$` (GitHub's maths) are
//   backslash-escaped everywhere, `_` unless it is inside a word (where it
//   cannot emphasise), `&` when it could start an entity (`&amp;`, `&#60;`);
// - at the start: `#`, `>`, `+`, `-`, `=` and the `.` or `)` after leading
//   digits (`1.`, `2)`), so that the text cannot open a heading, quote or
//   list.
// Rendered, it reads exactly as `text` does (with its line breaks as spaces).
std::string markdown_escape(std::string_view text);

// The same without the escapes at the start, for text that never starts a
// block: a heading's text after its `#`s, a table cell.
std::string markdown_escape_inline(std::string_view text);

// `text` as an inline code span: enclosed in more backticks than the longest
// run inside, padded with spaces when it starts or ends with a backtick;
// line breaks become spaces; a table cell needs `|` escaped with
// `in_table`.
std::string markdown_code(std::string_view text, bool in_table = false);

// A bar of Unicode blocks for a percentage ("75.7"): one full block per 5 %,
// a half block for the rest from 2.5 %; "" for an empty percentage.
std::string markdown_bar(const std::string& percent);

// `text` made safe inside a quoted Mermaid label on one line: no line
// breaks, quotes, angle brackets, backticks, braces, `;`, `#` or `%%` (which
// Mermaid would read as the end of the label, HTML, an entity, a statement
// end or a directive), at most `max_chars` characters (then "…").
std::string mermaid_label(std::string_view text, std::size_t max_chars = 40);

}  // namespace survey
