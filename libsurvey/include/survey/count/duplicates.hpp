// Finding values seen more than once (duplicate respondent ids, repeated
// submissions) with small memory: a first pass keeps a Bloom filter of
// 64-bit hashes (about 1.2 bytes per value) and the few hashes it may have
// seen already; a second pass, needed only when there are such candidates,
// confirms them exactly and finds the lines of both occurrences. Used by
// `validate` and `report`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "survey/count/interner.hpp"
#include "survey/model/codebook.hpp"

namespace survey {

// A scalable Bloom filter of 64-bit hashes, about 1.2 bytes per hash at a
// 1 % false-positive rate per layer; each new layer doubles the capacity.
class BloomFilter {
 public:
  bool contains(std::uint64_t h) const;
  void add(std::uint64_t h);

 private:
  struct Layer {
    explicit Layer(std::uint64_t items);
    std::uint64_t capacity, count = 0;
    std::vector<std::uint64_t> bits;
    bool full() const { return count >= capacity; }
    std::uint64_t bit(std::uint64_t h, int k) const;
    bool contains(std::uint64_t h) const;
    void add(std::uint64_t h);
  };
  std::vector<Layer> m_layers;
};

// How often values repeat an earlier one, with the first lines involved.
struct Repeats {
  std::uint64_t count = 0;           // Occurrences that repeat an earlier one.
  std::vector<std::uint64_t> lines;  // The first lines involved (both occurrences).
};

class DuplicateFinder {
 public:
  // First pass: every value's hash, in any order.
  void first(std::uint64_t h) {
    if (m_bloom.contains(h))
      m_candidates.insert(h);
    else
      m_bloom.add(h);
  }
  bool needs_second() const { return !m_candidates.empty(); }
  // Whether a hash may repeat (a candidate of the second pass).
  bool candidate(std::uint64_t h) const { return m_candidates.count(h) != 0; }
  // Second pass: every value's hash again, in input order, with its line.
  void second(std::uint64_t h, std::uint64_t line, std::size_t max_lines) {
    if (!m_candidates.count(h)) return;
    auto [it, fresh] = m_first_line.emplace(h, line);
    if (fresh) return;
    if (result.lines.size() < max_lines) result.lines.push_back(it->second);
    ++result.count;
    if (result.lines.size() < max_lines) result.lines.push_back(line);
  }
  Repeats result;

 private:
  BloomFilter m_bloom;
  std::unordered_set<std::uint64_t> m_candidates;
  std::unordered_map<std::uint64_t, std::uint64_t> m_first_line;
};

// The duplicate-submission rule of `validate`: a row counts when it holds a
// free-text answer of ten bytes or more (identical multiple-choice answers
// happen by chance in any large survey; the same sentences with them do
// not), and is keyed by its answers to every question but ids, timestamps
// and ignored columns.
class SubmissionKey {
 public:
  SubmissionKey() = default;
  explicit SubmissionKey(const std::vector<Question>& questions);

  // The columns the key reads.
  const std::vector<std::size_t>& content_columns() const noexcept { return m_content; }
  const std::vector<std::size_t>& text_columns() const noexcept { return m_text; }
  bool empty() const noexcept { return m_text.empty(); }

  // The hash of a row whose values `value(column)` gives (decoded), or
  // nullopt when the row holds no long enough free text.
  template <class Value>
  std::optional<std::uint64_t> hash(Value&& value) {
    bool text = false;
    for (std::size_t c : m_text)
      if (value(c).size() >= 10) text = true;
    if (!text) return std::nullopt;
    m_scratch.clear();
    for (std::size_t c : m_content) {
      m_scratch.append(value(c));
      m_scratch.push_back('\x1f');
    }
    return hash_bytes(m_scratch);
  }

 private:
  std::vector<std::size_t> m_content, m_text;
  std::string m_scratch;
};

}  // namespace survey
