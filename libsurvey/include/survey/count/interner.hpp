// Interning of answer strings: maps byte strings to dense indexes with one
// hash lookup, keeping a copy of each distinct string. This is what makes
// counting a column a hash lookup per row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace survey {

namespace detail {

inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
inline std::uint64_t load4(const char* p) noexcept {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

// The bytes of a key of at most 16 bytes as two words, with overlapping
// loads instead of a loop (answers are short; their lengths vary).
inline void short_words(const char* p, std::size_t n, std::uint64_t& a, std::uint64_t& b) noexcept {
  if (n >= 8) {
    a = load8(p);
    b = load8(p + n - 8);
  } else if (n >= 4) {
    a = load4(p);
    b = load4(p + n - 4);
  } else if (n > 0) {
    a = static_cast<unsigned char>(p[0]) | (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
        (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16);
    b = 0;
  } else {
    a = b = 0;
  }
}

}  // namespace detail

// A fast non-cryptographic hash of a short byte string.
inline std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed = 0) noexcept {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t h = seed ^ (n * kMul);
  if (n <= 32) {
    // Fixed, overlapping loads: no loop whose length depends on the key.
    std::uint64_t a, b, c = 0, d = 0;
    if (n <= 16) {
      detail::short_words(p, n, a, b);
    } else {
      a = detail::load8(p);
      b = detail::load8(p + 8);
      c = detail::load8(p + n - 16);
      d = detail::load8(p + n - 8);
    }
    h = (h ^ a) * kMul;
    h = (h ^ (h >> 29) ^ b) * kMul;
    h = (h ^ (h >> 29) ^ c ^ (d << 1)) * kMul;
    return h ^ (h >> 32);
  }
  std::size_t left = n;
  while (left >= 8) {
    h = (h ^ detail::load8(p)) * kMul;
    h ^= h >> 29;
    p += 8;
    left -= 8;
  }
  if (left) h = (h ^ detail::load8(s.data() + n - 8)) * kMul;
  h ^= h >> 32;
  h *= kMul;
  h ^= h >> 29;
  return h;
}

class Interner {
 public:
  static constexpr std::uint32_t kFull = UINT32_MAX;

  // At most `max_size` distinct strings are kept; later new strings get kFull.
  explicit Interner(std::size_t max_size = SIZE_MAX) : m_max(max_size) { rehash(16); }

  // The index of `key` (with a one-byte tag, such as field flags), inserting it if new.
  std::uint32_t intern(std::string_view key, std::uint8_t tag = 0) {
    std::uint64_t h = hash_bytes(key, tag);
    std::size_t mask = m_slots.size() - 1;
    std::size_t i = h & mask;
    for (;;) {
      Slot& s = m_slots[i];
      if (s.index == kEmpty) break;
      if (s.hash == h) {
        const Entry& e = m_entries[s.index];
        if (e.size == key.size() && e.tag == tag && same_bytes(m_storage.data() + e.offset, key.data(), key.size()))
          return s.index;
      }
      i = (i + 1) & mask;
    }
    if (m_entries.size() >= m_max) return kFull;
    std::uint32_t index = static_cast<std::uint32_t>(m_entries.size());
    m_entries.push_back(Entry{m_storage.size(), static_cast<std::uint32_t>(key.size()), tag});
    m_storage.append(key);
    m_slots[i] = Slot{h, index};
    if (m_entries.size() * 2 > m_slots.size()) rehash(m_slots.size() * 2);
    return index;
  }

  std::size_t size() const noexcept { return m_entries.size(); }
  std::string_view key(std::uint32_t index) const noexcept {
    const Entry& e = m_entries[index];
    return {m_storage.data() + e.offset, e.size};
  }
  std::uint8_t tag(std::uint32_t index) const noexcept { return m_entries[index].tag; }
  bool full() const noexcept { return m_entries.size() >= m_max; }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t index = kEmpty;
  };
  struct Entry {
    std::size_t offset;
    std::uint32_t size;
    std::uint8_t tag;
  };

  // memcmp() == 0 without a library call for the short keys answers are.
  static bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
    if (n <= 16) {
      std::uint64_t a1, a2, b1, b2;
      detail::short_words(a, n, a1, a2);
      detail::short_words(b, n, b1, b2);
      return a1 == b1 && a2 == b2;
    }
    if (n <= 32)
      return detail::load8(a) == detail::load8(b) && detail::load8(a + 8) == detail::load8(b + 8) &&
             detail::load8(a + n - 16) == detail::load8(b + n - 16) && detail::load8(a + n - 8) == detail::load8(b + n - 8);
    return std::memcmp(a, b, n) == 0;
  }

  void rehash(std::size_t slots) {
    std::vector<Slot> fresh(slots);
    std::size_t mask = slots - 1;
    for (const Slot& s : m_slots) {
      if (s.index == kEmpty) continue;
      std::size_t i = s.hash & mask;
      while (fresh[i].index != kEmpty) i = (i + 1) & mask;
      fresh[i] = s;
    }
    m_slots.swap(fresh);
  }

  std::vector<Slot> m_slots;
  std::vector<Entry> m_entries;
  std::string m_storage;
  std::size_t m_max;
};

}  // namespace survey
