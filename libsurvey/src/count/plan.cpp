// Planning a count. See plan.hpp.
#include "survey/count/plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "survey/model/infer.hpp"
#include "survey/read/error.hpp"

namespace survey {
namespace {

// Runs `resolve`, prefixing a usage error with the option and name.
template <class F>
auto naming_option(std::string_view option, std::string_view name, F resolve) {
  if (option.empty()) return resolve();
  try {
    return resolve();
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::Usage) throw;
    throw usage_error(fmt::format("{} {}: {}", option, name, e.what()), e.hint());
  }
}

}  // namespace

CountPlan::CountPlan(const std::vector<std::string>& header, const std::string& codebook,
                     Diagnostics& warnings)
    : m_header(header) {
  if (!codebook.empty()) {
    m_given = read_codebook(codebook);
    m_questions = build_questions(*m_given, header, warnings);
    for (const auto& q : m_questions) m_items.push_back(Selectable{q.id, q.label, q.columns});
  } else {
    m_items = header_selectables(header);
  }
}

const Selectable& CountPlan::add(std::string_view name, std::string_view option) {
  const Selectable& item =
      m_items[naming_option(option, name, [&] { return select_item(m_items, m_header, name); })];
  for (std::size_t c : item.columns)
    if (std::find(m_tracked.begin(), m_tracked.end(), c) == m_tracked.end()) m_tracked.push_back(c);
  return item;
}

std::size_t CountPlan::add_single_column(std::string_view name, std::string_view option) {
  const Selectable& item = add(name, option);
  if (item.columns.size() != 1)
    throw usage_error(fmt::format("{} {} spans {} columns", option, item.id, item.columns.size()),
                      "name a question held in one column");
  return item.columns[0];
}

void CountPlan::add_all() {
  if (m_given) {
    for (const auto& q : m_questions)
      if (is_categorical(q.type))
        for (std::size_t c : q.columns)
          if (std::find(m_tracked.begin(), m_tracked.end(), c) == m_tracked.end())
            m_tracked.push_back(c);
  } else {
    for (std::size_t j = 0; j < m_header.size(); ++j)
      if (std::find(m_tracked.begin(), m_tracked.end(), j) == m_tracked.end())
        m_tracked.push_back(j);
  }
}

std::size_t CountPlan::set_weight(std::string_view name, std::string_view option) {
  m_weight = select_column(m_items, m_header, name, option);
  return *m_weight;
}

TallySpec CountPlan::spec(std::optional<std::size_t> by) const {
  TallySpec spec;
  spec.weight = m_weight;
  spec.columns = m_tracked;
  if (by && std::find(spec.columns.begin(), spec.columns.end(), *by) == spec.columns.end())
    spec.columns.push_back(*by);
  std::sort(spec.columns.begin(), spec.columns.end());
  spec.by = by;
  auto tracked = [&](std::size_t c) {
    return std::binary_search(spec.columns.begin(), spec.columns.end(), c);
  };
  if (m_given) {
    for (const auto& q : m_questions)
      if (q.option_columns) spec.option_groups.push_back(q.columns);
  } else {
    for (const auto& g : find_column_groups(m_header))
      if (std::all_of(g.columns.begin(), g.columns.end(), tracked))
        spec.option_groups.push_back(g.columns);
  }
  return spec;
}

std::vector<Question> CountPlan::questions(const Counts& counts, Format format,
                                           Diagnostics& warnings) const {
  if (m_given) return m_questions;
  Diagnostics notes;
  Codebook inferred = infer_codebook(profile_columns(counts, m_header), format, notes);
  return build_questions(inferred, m_header, warnings);
}

std::size_t find_question_for(const std::vector<Question>& questions,
                              const std::vector<std::string>& header, std::string_view name,
                              std::string_view option) {
  return naming_option(option, name, [&] { return find_question(questions, header, name); });
}

}  // namespace survey
