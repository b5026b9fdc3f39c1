// What a counting verb reads for the questions named on its command line:
// the columns to track, the option groups of one-column-per-option
// multi-selects, and afterwards the questions themselves (the codebook's, or
// inferred from the counts). xtab and stats plan their reads with it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "survey/count/scan.hpp"
#include "survey/model/codebook.hpp"
#include "survey/model/select.hpp"
#include "survey/read/formats.hpp"

namespace survey {

class CountPlan {
 public:
  // `codebook` is the path of a codebook to read, or empty to infer one
  // after counting. Codebook problems (columns it names that the data lacks)
  // go to `warnings`.
  CountPlan(const std::vector<std::string>& header, const std::string& codebook,
            Diagnostics& warnings);

  bool has_codebook() const noexcept { return m_given.has_value(); }
  // The codebook's questions (empty without a codebook): for the conditions
  // to evaluate while counting.
  const std::vector<Question>& given_questions() const noexcept { return m_questions; }

  // Resolves `name` (see select_item()) and tracks its columns. `option`
  // ("--by") is named in the error for an unknown or ambiguous name; empty
  // for a positional argument.
  const Selectable& add(std::string_view name, std::string_view option = {});
  // The column of a question that must be held in one column (a --by), or a
  // usage error naming `option`.
  std::size_t add_single_column(std::string_view name, std::string_view option);
  // Tracks every categorical question of the codebook, or every column.
  void add_all();
  // The weight column `name` designates (select_column(), errors naming
  // `option`): every spec() from now on counts with it. Not tracked.
  std::size_t set_weight(std::string_view name, std::string_view option = "--weight");
  std::optional<std::size_t> weight() const noexcept { return m_weight; }

  // What to count; `by` is the grouping column.
  TallySpec spec(std::optional<std::size_t> by) const;

  // The questions, from the codebook or inferred from `counts` (which must
  // cover every column the inference needs: the tracked ones).
  std::vector<Question> questions(const Counts& counts, Format format, Diagnostics& warnings) const;

 private:
  const std::vector<std::string>& m_header;
  std::optional<Codebook> m_given;
  std::vector<Question> m_questions;
  std::vector<Selectable> m_items;
  std::vector<std::size_t> m_tracked;
  std::optional<std::size_t> m_weight;
};

// Resolves `name` among `questions` (find_question()), naming `option` in the
// error when it is not empty.
std::size_t find_question_for(const std::vector<Question>& questions,
                              const std::vector<std::string>& header, std::string_view name,
                              std::string_view option);

}  // namespace survey
