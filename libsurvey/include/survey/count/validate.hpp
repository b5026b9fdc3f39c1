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

// A Markdown report: a summary line, the problems, then response rates.
std::string render_findings_markdown(const std::vector<Finding>& findings, std::string_view input,
                                     std::uint64_t rows, std::string_view codebook);

// CSV: severity,check,question,count,base,percent,detail,lines
void write_findings_csv(Output& out, const std::vector<Finding>& findings);

}  // namespace survey
