// Data-quality checks against a codebook: answers from respondents who were
// not asked (skip-logic violations), answers outside the declared levels
// (and values that are not numbers or dates in numeric and datetime columns),
// duplicate ids and submissions, empty columns, straight-lining in grids,
// response rates. Streaming: memory grows with distinct answers, plus about
// 1.2 bytes per row for the duplicate checks (a Bloom filter; a second pass
// over the input confirms the candidates).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "survey/count/duplicates.hpp"
#include "survey/count/tally.hpp"
#include "survey/model/codebook.hpp"
#include "survey/read/csv_reader.hpp"

namespace survey {

class Output;

enum class Severity { Info, Warning, Error };

std::string_view severity_name(Severity severity) noexcept;
std::optional<Severity> parse_severity(std::string_view name) noexcept;

struct Finding {
  Severity severity = Severity::Info;
  std::string check;     // See docs/tools/validate.md for the list.
  std::string question;  // Question id; empty for checks on whole rows.
  std::string detail;
  std::uint64_t count = 0;
  std::uint64_t base = 0;
  std::vector<std::uint64_t> lines;  // The first lines where it happens.
};

class Validator {
 public:
  // `condition_bits[i]` is the condition bit of questions[i]'s base (-1: none).
  Validator(std::vector<Question> questions, std::vector<int> condition_bits, std::vector<std::string> header,
            std::size_t max_lines = 5);
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;
  ~Validator();

  // Checks one row; `conditions` holds the bits of the bases it satisfies.
  void add(const Row& row, std::uint32_t conditions);

  // Duplicates are found in two passes so that memory stays small: after
  // every row went through add(), when this is true, every row must go
  // through add_second() too (the input is read again).
  bool needs_second_pass() const;
  void add_second(const Row& row);

  // Every finding, errors first, then warnings, then information.
  std::vector<Finding> finish();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

// The checks of Validator that follow from answer counts alone, for a verb
// that has counted already (`survey report`): answers from respondents not
// asked, those asked who did not answer, answers outside the declared
// levels, empty columns and response rates, worded as Validator::finish()
// words them but without lines (counts do not keep them). `counts` must
// track the columns of `questions` (and the option groups of their option
// columns); a column it does not track is not checked for emptiness. When
// set, `id_repeats[i]` is the duplicate check of questions[i] (an id) and
// `submissions` that of repeated submissions (see ReportScanner).
std::vector<Finding> findings_from_counts(const std::vector<Question>& questions,
                                          const std::vector<int>& condition_bits, const Counts& counts,
                                          const std::vector<std::string>& header,
                                          const std::vector<std::optional<Repeats>>& id_repeats = {},
                                          const std::optional<Repeats>& submissions = std::nullopt);

// A Markdown report: a summary line, the problems, then response rates.
std::string render_findings_markdown(const std::vector<Finding>& findings, std::string_view input,
                                     std::uint64_t rows, std::string_view codebook);

// CSV: severity,check,question,count,base,percent,detail,lines
void write_findings_csv(Output& out, const std::vector<Finding>& findings);

}  // namespace survey
