// Duplicate detection in two passes. See duplicates.hpp.
#include "survey/count/duplicates.hpp"

#include <algorithm>

namespace survey {

BloomFilter::Layer::Layer(std::uint64_t items) : capacity(items), bits((items * 10 + 63) / 64, 0) {}

std::uint64_t BloomFilter::Layer::bit(std::uint64_t h, int k) const {
  std::uint64_t a = h, b = (h >> 32) | (h << 32) | 1;
  return (a + static_cast<std::uint64_t>(k) * b) % (bits.size() * 64);
}

bool BloomFilter::Layer::contains(std::uint64_t h) const {
  for (int k = 0; k < 7; ++k) {
    std::uint64_t i = bit(h, k);
    if (!(bits[i >> 6] >> (i & 63) & 1)) return false;
  }
  return true;
}

void BloomFilter::Layer::add(std::uint64_t h) {
  for (int k = 0; k < 7; ++k) {
    std::uint64_t i = bit(h, k);
    bits[i >> 6] |= std::uint64_t{1} << (i & 63);
  }
  ++count;
}

bool BloomFilter::contains(std::uint64_t h) const {
  for (const auto& layer : m_layers)
    if (layer.contains(h)) return true;
  return false;
}

void BloomFilter::add(std::uint64_t h) {
  if (m_layers.empty() || m_layers.back().full())
    m_layers.emplace_back(m_layers.empty() ? 1u << 16 : m_layers.back().capacity * 2);
  m_layers.back().add(h);
}

SubmissionKey::SubmissionKey(const std::vector<Question>& questions) {
  for (const auto& q : questions) {
    if (q.type != QuestionType::Id && q.type != QuestionType::Datetime &&
        q.type != QuestionType::Ignore)
      for (std::size_t c : q.columns) m_content.push_back(c);
    if (q.type == QuestionType::Text)
      for (std::size_t c : q.columns) m_text.push_back(c);
  }
  std::sort(m_content.begin(), m_content.end());
}

}  // namespace survey
