// A fixed-size, reproducible sample of free-text answers: the distinct texts
// whose seeded hash is lowest (bottom-k sampling). Each text has the same
// chance to be drawn, the draw depends only on the texts and the seed (not
// on their order, nor on how the input was split between threads), samples
// of chunks merge into the sample of the whole, and memory stays fixed
// whatever the number of rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace survey {

struct Verbatim {
  std::string text;
  std::uint64_t line = 0;  // The first line where it was seen.
  std::uint64_t key = 0;   // Its seeded hash; the sample keeps the lowest.
};

class VerbatimSample {
 public:
  explicit VerbatimSample(std::size_t capacity = 5, std::uint64_t seed = 1);

  // The seeded hash of a text (its trimmed, decoded form).
  std::uint64_t key(std::string_view text) const noexcept;
  // Whether a text of this key would be kept now: decode a field only then.
  bool wants(std::uint64_t key) const noexcept;
  // Offers a text seen at `line`; an empty text is ignored.
  void offer(std::string_view text, std::uint64_t line);
  // Takes in the sample of a later chunk whose lines need `line_offset` added.
  void merge(const VerbatimSample& later, std::uint64_t line_offset);

  // The kept texts, lowest key first.
  std::vector<Verbatim> items() const;
  std::size_t capacity() const noexcept { return m_capacity; }
  std::uint64_t seed() const noexcept { return m_seed; }

 private:
  void insert(std::string_view text, std::uint64_t line, std::uint64_t key);

  std::size_t m_capacity;
  std::uint64_t m_seed;
  std::vector<Verbatim> m_heap;  // A max-heap on key.
};

}  // namespace survey
