// Codebook bases as condition bits. See conditions.hpp.
#include "survey/model/conditions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "survey/model/select.hpp"
#include "survey/read/text.hpp"

namespace survey {

Expression::Resolver question_resolver(const std::vector<Question>& questions,
                                       const std::vector<std::string>& header) {
  return [&questions, &header](std::string_view name) -> std::size_t {
    for (const auto& q : questions)
      if (q.id == name) {
        if (q.columns.size() != 1)
          throw usage_error(fmt::format("{} spans {} columns", q.id, q.columns.size()),
                            "a base can only test a question held in one column");
        return q.columns[0];
      }
    for (std::size_t j = 0; j < header.size(); ++j)
      if (header[j] == name) return j;
    std::string key = fold(name);
    for (std::size_t j = 0; j < header.size(); ++j)
      if (fold(header[j]) == key) return j;
    // The id inference would give a column the codebook leaves out ("q1" for "1) ...").
    for (std::size_t j = 0; j < header.size(); ++j)
      if (question_id_from_header(header[j]) == name) return j;
    throw usage_error(fmt::format("no question or column is called \"{}\"", name),
                      "name a question id of the codebook or a column header");
  };
}

Conditions::Conditions(const std::vector<Question>& questions,
                       const std::vector<std::string>& header)
    : m_width(header.size()) {
  auto resolve = question_resolver(questions, header);
  for (const auto& q : questions) {
    if (q.base.empty() || std::find(m_texts.begin(), m_texts.end(), q.base) != m_texts.end())
      continue;
    if (m_texts.size() >= kMaxConditions)
      throw data_error(fmt::format("more than {} different bases", kMaxConditions), q.source,
                       q.line);
    try {
      m_expressions.push_back(Expression::parse(q.base, resolve));
    } catch (const Error& e) {
      throw data_error(fmt::format("the base of {}: {}", q.id, e.what()), q.source, q.line,
                       e.hint());
    }
    m_texts.push_back(q.base);
    for (std::size_t c : m_expressions.back().columns())
      if (std::find(m_columns.begin(), m_columns.end(), c) == m_columns.end())
        m_columns.push_back(c);
  }
  std::sort(m_columns.begin(), m_columns.end());
  m_values.assign(m_width, std::string_view());
}

int Conditions::bit(const std::string& base) const {
  if (base.empty()) return -1;
  auto it = std::find(m_texts.begin(), m_texts.end(), base);
  return it == m_texts.end() ? -1 : static_cast<int>(it - m_texts.begin());
}

std::uint32_t Conditions::evaluate(const RawRow& row, CsvReader& reader) {
  if (m_expressions.empty()) return 0;
  m_scratch.clear();
  m_spans.clear();
  for (std::size_t c : m_columns) {
    std::size_t before = m_scratch.size();
    reader.decode(m_scratch, row.raw(c), row.flags(c), row.line(), c);
    m_spans.emplace_back(before, m_scratch.size() - before);
  }
  for (std::size_t k = 0; k < m_columns.size(); ++k)
    m_values[m_columns[k]] =
        std::string_view(m_scratch.data() + m_spans[k].first, m_spans[k].second);
  std::uint32_t mask = 0;
  for (std::size_t b = 0; b < m_expressions.size(); ++b)
    if (m_expressions[b].evaluate(m_values)) mask |= std::uint32_t{1} << b;
  return mask;
}

std::uint32_t Conditions::evaluate(const Row& row) const {
  std::uint32_t mask = 0;
  for (std::size_t b = 0; b < m_expressions.size(); ++b)
    if (m_expressions[b].evaluate(row.values())) mask |= std::uint32_t{1} << b;
  return mask;
}

}  // namespace survey
