// Naming questions on the command line: by codebook id (q1), 1-based column
// number (4), exact header text, or a unique prefix that ignores case and
// accents ("1)", "region").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace survey {

// Something that can be named: a question with its columns.
struct Selectable {
  std::string id;
  std::string label;
  std::vector<std::size_t> columns;
};

// The index in `items` of the question `name` designates. Throws a usage
// error listing the candidates when the name is unknown or ambiguous, or
// names a column no item covers. When the name was given to an option,
// `option` names it and messages start with it: `--by nosuch: no question
// is called "nosuch"`.
std::size_t select_item(const std::vector<Selectable>& items,
                        const std::vector<std::string>& header, std::string_view name,
                        std::string_view option = {});

// The data column of the question `name` designates, for a command-line
// option that needs one column (`--weight`): usage errors start with the
// option and the name ("--weight nosuch: no question is called ..."), and a
// question spanning several columns is one.
std::size_t select_column(const std::vector<Selectable>& items,
                          const std::vector<std::string>& header, std::string_view name,
                          std::string_view option);

}  // namespace survey
