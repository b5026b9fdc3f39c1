// Bottom-k samples of free-text answers. See verbatims.hpp.
#include "survey/count/verbatims.hpp"

#include <algorithm>

#include "survey/count/interner.hpp"

namespace survey {
namespace {

// SplitMix64's finaliser: every bit of the seeded hash depends on every bit of the input.
std::uint64_t mix(std::uint64_t x) noexcept {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

bool lower_key(const Verbatim& a, const Verbatim& b) {
  return a.key < b.key;
}

}  // namespace

VerbatimSample::VerbatimSample(std::size_t capacity, std::uint64_t seed)
    : m_capacity(capacity), m_seed(seed) {}

std::uint64_t VerbatimSample::key(std::string_view text) const noexcept {
  return mix(hash_bytes(text, mix(m_seed + 0x9E3779B97F4A7C15ULL)));
}

bool VerbatimSample::wants(std::uint64_t key) const noexcept {
  if (m_capacity == 0) return false;
  return m_heap.size() < m_capacity || key <= m_heap.front().key;
}

void VerbatimSample::insert(std::string_view text, std::uint64_t line, std::uint64_t key) {
  if (!wants(key)) return;
  for (auto& v : m_heap)
    if (v.key == key && v.text == text) {
      v.line = std::min(v.line, line);
      return;
    }
  if (m_heap.size() == m_capacity) {
    // Equal keys of different texts: the first text kept stays.
    if (key == m_heap.front().key) return;
    std::pop_heap(m_heap.begin(), m_heap.end(), lower_key);
    m_heap.pop_back();
  }
  m_heap.push_back(Verbatim{std::string(text), line, key});
  std::push_heap(m_heap.begin(), m_heap.end(), lower_key);
}

void VerbatimSample::offer(std::string_view text, std::uint64_t line) {
  if (text.empty()) return;
  insert(text, line, key(text));
}

void VerbatimSample::merge(const VerbatimSample& later, std::uint64_t line_offset) {
  for (const auto& v : later.m_heap) insert(v.text, v.line + line_offset, v.key);
}

std::vector<Verbatim> VerbatimSample::items() const {
  std::vector<Verbatim> out = m_heap;
  std::sort(out.begin(), out.end(), [](const Verbatim& a, const Verbatim& b) {
    if (a.key != b.key) return a.key < b.key;
    return a.line < b.line;
  });
  return out;
}

}  // namespace survey
