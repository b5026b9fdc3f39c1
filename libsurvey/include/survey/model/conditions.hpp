// The codebook's bases (who was asked each question) compiled into condition
// bits: each distinct base expression gets a bit, and every row is evaluated
// into a mask the tally counts by.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "survey/count/tally.hpp"
#include "survey/model/codebook.hpp"
#include "survey/model/expr.hpp"
#include "survey/read/csv_reader.hpp"

namespace survey {

// Resolves the column names of an expression (codebook bases, --where): a
// question id (of a one-column question), then a header exactly, then
// ignoring case and accents, then the id the inference would give a header
// ("q1" for "1) ..."). Unknown names throw a usage error. `questions` and
// `header` must outlive the resolver.
Expression::Resolver question_resolver(const std::vector<Question>& questions,
                                       const std::vector<std::string>& header);

class Conditions {
 public:
  Conditions() = default;
  // Parses the bases of `questions`. Names in them resolve to question ids
  // (of one-column questions), then headers (exactly, then ignoring case and
  // accents). A bad base throws survey::Error naming the codebook and line.
  Conditions(const std::vector<Question>& questions, const std::vector<std::string>& header);

  // The bit of a base expression's text, or -1 (empty text, or not parsed here).
  int bit(const std::string& base) const;
  bool empty() const noexcept { return m_expressions.empty(); }
  // The columns the conditions read.
  const std::vector<std::size_t>& columns() const noexcept { return m_columns; }

  // Evaluates every condition on a raw row, decoding the columns they read.
  std::uint32_t evaluate(const RawRow& row, CsvReader& reader);
  // The same on a decoded row.
  std::uint32_t evaluate(const Row& row) const;

 private:
  std::vector<std::string> m_texts;
  std::vector<Expression> m_expressions;
  std::vector<std::size_t> m_columns;
  std::size_t m_width = 0;
  std::string m_scratch;
  std::vector<std::string_view> m_values;
  std::vector<std::pair<std::size_t, std::size_t>> m_spans;
};

}  // namespace survey
