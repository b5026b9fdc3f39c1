// The record/field scanner. See tokenizer.hpp for the contract.
#include "survey/read/tokenizer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SURVEY_HAVE_AVX2_PATH 1
#endif

namespace survey {
namespace {

// What one 64-byte block holds, one bit per byte: the structural masks the
// tokenizer walks (see Tokenizer::Masks) and, when the block's text is
// classified (see Tokenizer::m_high_end), `high`: the bytes of 0x80 or more,
// and when there are any, `lead`: the leads C2..DF of two-byte characters,
// `cont`: the continuation bytes 80..BF, `late`: the leads CC..DF (U+0300 and
// up, which NFC may change). Every SIMD level computes the same bits.
struct BlockBits {
  std::uint64_t unquoted = 0;
  std::uint64_t quoted = 0;
  std::uint64_t high = 0;
  std::uint64_t lead = 0;
  std::uint64_t cont = 0;
  std::uint64_t late = 0;
};

// The bytes the masks look for, for one dialect: four bytes, passed in a
// register.
struct Needles {
  char delimiter;
  char quote;   // The dialect's quote, or '\n' when it has none.
  char escape;  // '\\' in backslash-escape mode, else '\n'.
  bool strict;  // A quote also ends an unquoted field (to be reported).
};

template <bool Classify>
void bits_scalar(const char* p, Needles n, BlockBits& b) {
  for (int i = 0; i < 64; ++i) {
    const char c = p[i];
    const auto u = static_cast<unsigned char>(c);
    const std::uint64_t bit = std::uint64_t{1} << i;
    const bool common = c == '\n' || c == '\r' || c == '\0';
    const bool q = c == n.quote;
    if (common || c == n.delimiter || (n.strict && q)) b.unquoted |= bit;
    if (common || q || c == n.escape) b.quoted |= bit;
    if (Classify && u >= 0x80) {
      b.high |= bit;
      if (u <= 0xBF) b.cont |= bit;
      if (u >= 0xC2 && u <= 0xDF) b.lead |= bit;
      if (u >= 0xCC && u <= 0xDF) b.late |= bit;
    }
  }
}

#if defined(__SSE2__)
inline std::uint64_t movemask64(__m128i a, __m128i b, __m128i c, __m128i d) {
  return static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(a))) |
         (static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(b))) << 16) |
         (static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(c))) << 32) |
         (static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(d))) << 48);
}

// Signed byte compares: 80..BF is -128..-65, C2..DF is -62..-33, CC..DF is
// -52..-33.
template <bool Classify>
void bits_sse2(const char* p, Needles n, BlockBits& b) {
  const __m128i delim = _mm_set1_epi8(n.delimiter);
  const __m128i quote = _mm_set1_epi8(n.quote);
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i nul = _mm_setzero_si128();
  const __m128i esc = _mm_set1_epi8(n.escape);
  __m128i v[4], unq[4], quo[4];
  for (int k = 0; k < 4; ++k) {
    v[k] = _mm_load_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    __m128i common = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v[k], lf), _mm_cmpeq_epi8(v[k], cr)),
                                  _mm_cmpeq_epi8(v[k], nul));
    __m128i q = _mm_cmpeq_epi8(v[k], quote);
    unq[k] = _mm_or_si128(common, _mm_cmpeq_epi8(v[k], delim));
    if (n.strict) unq[k] = _mm_or_si128(unq[k], q);
    quo[k] = _mm_or_si128(_mm_or_si128(common, q), _mm_cmpeq_epi8(v[k], esc));
  }
  b.unquoted = movemask64(unq[0], unq[1], unq[2], unq[3]);
  b.quoted = movemask64(quo[0], quo[1], quo[2], quo[3]);
  if (!Classify) return;
  b.high = movemask64(v[0], v[1], v[2], v[3]);
  if (b.high == 0) return;
  const __m128i below_c0 = _mm_set1_epi8(-64);
  const __m128i above_c1 = _mm_set1_epi8(-63);
  const __m128i below_e0 = _mm_set1_epi8(-32);
  const __m128i above_cb = _mm_set1_epi8(-53);
  __m128i co[4], le[4], la[4];
  for (int k = 0; k < 4; ++k) {
    co[k] = _mm_cmpgt_epi8(below_c0, v[k]);
    le[k] = _mm_and_si128(_mm_cmpgt_epi8(v[k], above_c1), _mm_cmpgt_epi8(below_e0, v[k]));
    la[k] = _mm_and_si128(le[k], _mm_cmpgt_epi8(v[k], above_cb));
  }
  b.cont = movemask64(co[0], co[1], co[2], co[3]);
  b.lead = movemask64(le[0], le[1], le[2], le[3]);
  b.late = movemask64(la[0], la[1], la[2], la[3]);
}
#endif

#if defined(SURVEY_HAVE_AVX2_PATH)
// The same bits with 32-byte compares, on processors that have AVX2.
template <bool Classify>
__attribute__((target("avx2"))) void bits_avx2(const char* p, Needles n, BlockBits& b) {
  const __m256i delim = _mm256_set1_epi8(n.delimiter);
  const __m256i quote = _mm256_set1_epi8(n.quote);
  const __m256i lf = _mm256_set1_epi8('\n');
  const __m256i cr = _mm256_set1_epi8('\r');
  const __m256i nul = _mm256_setzero_si256();
  const __m256i esc = _mm256_set1_epi8(n.escape);
  std::uint64_t unq[2], quo[2], hi[2];
  __m256i vs[2];
  for (int k = 0; k < 2; ++k) {
    __m256i v = _mm256_load_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
    vs[k] = v;
    if (Classify) hi[k] = static_cast<std::uint32_t>(_mm256_movemask_epi8(v));
    __m256i common = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, lf), _mm256_cmpeq_epi8(v, cr)),
                                     _mm256_cmpeq_epi8(v, nul));
    __m256i q = _mm256_cmpeq_epi8(v, quote);
    __m256i u = _mm256_or_si256(common, _mm256_cmpeq_epi8(v, delim));
    if (n.strict) u = _mm256_or_si256(u, q);
    __m256i w = _mm256_or_si256(_mm256_or_si256(common, q), _mm256_cmpeq_epi8(v, esc));
    unq[k] = static_cast<std::uint32_t>(_mm256_movemask_epi8(u));
    quo[k] = static_cast<std::uint32_t>(_mm256_movemask_epi8(w));
  }
  b.unquoted = unq[0] | (unq[1] << 32);
  b.quoted = quo[0] | (quo[1] << 32);
  if (!Classify) return;
  b.high = hi[0] | (hi[1] << 32);
  if (b.high == 0) return;
  // Signed compares, as in bits_sse2().
  const __m256i below_c0 = _mm256_set1_epi8(-64);
  const __m256i above_c1 = _mm256_set1_epi8(-63);
  const __m256i below_e0 = _mm256_set1_epi8(-32);
  const __m256i above_cb = _mm256_set1_epi8(-53);
  std::uint64_t co[2], le[2], la[2];
  for (int k = 0; k < 2; ++k) {
    __m256i v = vs[k];
    co[k] = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpgt_epi8(below_c0, v)));
    __m256i l = _mm256_and_si256(_mm256_cmpgt_epi8(v, above_c1), _mm256_cmpgt_epi8(below_e0, v));
    le[k] = static_cast<std::uint32_t>(_mm256_movemask_epi8(l));
    la[k] = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_and_si256(l, _mm256_cmpgt_epi8(v, above_cb))));
  }
  b.cont = co[0] | (co[1] << 32);
  b.lead = le[0] | (le[1] << 32);
  b.late = la[0] | (la[1] << 32);
}

// The same bits with one 64-byte load compared straight into mask registers,
// on processors that have AVX-512BW.
template <bool Classify>
__attribute__((target("avx512f,avx512bw"))) void bits_avx512(const char* p, Needles n, BlockBits& b) {
  const __m512i v = _mm512_loadu_si512(reinterpret_cast<const void*>(p));
  const __mmask64 common = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n')) |
                           _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\r')) | _mm512_testn_epi8_mask(v, v);
  const __mmask64 q = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(n.quote));
  b.unquoted = common | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(n.delimiter)) | (n.strict ? q : 0);
  b.quoted = common | q | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(n.escape));
  if (!Classify) return;
  b.high = _mm512_movepi8_mask(v);
  if (b.high == 0) return;
  // Unsigned range checks as one compare each: x - lo <= hi - lo.
  b.cont = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(static_cast<char>(0x80))),
                                  _mm512_set1_epi8(0xBF - 0x80));
  b.lead = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(static_cast<char>(0xC2))),
                                  _mm512_set1_epi8(0xDF - 0xC2));
  b.late = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(static_cast<char>(0xCC))),
                                  _mm512_set1_epi8(0xDF - 0xCC));
}
#endif

SimdLevel detect_simd_level() noexcept {
#if defined(SURVEY_HAVE_AVX2_PATH)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512f")) return SimdLevel::Avx512;
  if (__builtin_cpu_supports("avx2")) return SimdLevel::Avx2;
#endif
#if defined(__SSE2__)
  return SimdLevel::Sse2;
#else
  return SimdLevel::Scalar;
#endif
}

}  // namespace

SimdLevel supported_simd_level() noexcept {
  static const SimdLevel level = detect_simd_level();
  return level;
}

namespace {
std::atomic<SimdLevel>& chosen_simd_level() noexcept {
  static std::atomic<SimdLevel> level{supported_simd_level()};
  return level;
}
}  // namespace

SimdLevel simd_level() noexcept { return chosen_simd_level().load(std::memory_order_relaxed); }

SimdLevel set_simd_level(SimdLevel level) noexcept {
  const SimdLevel effective = std::min(level, supported_simd_level());
  chosen_simd_level().store(effective, std::memory_order_relaxed);
  return effective;
}

const char* simd_level_name(SimdLevel level) noexcept {
  switch (level) {
    case SimdLevel::Scalar:
      return "scalar";
    case SimdLevel::Sse2:
      return "sse2";
    case SimdLevel::Avx2:
      return "avx2";
    case SimdLevel::Avx512:
      return "avx512";
  }
  return "?";
}

Tokenizer::Tokenizer(Dialect dialect, bool lenient)
    : m_dialect(dialect),
      m_lenient(lenient),
      m_quote_needle(dialect.quote != '\0' ? dialect.quote : '\n'),
      m_escape_needle(dialect.backslash_escape ? '\\' : '\n'),
      m_strict(!lenient && dialect.quote != '\0'),
      m_simd(simd_level()) {}

// Spaces and tabs allowed around quoted fields, unless they are the delimiter.
bool Tokenizer::is_blank_byte(char c) const noexcept {
  return (c == ' ' || c == '\t') && c != m_dialect.delimiter;
}

void Tokenizer::reset(const char* data, std::size_t size, bool eof) {
  m_data = data;
  m_size = size;
  m_eof = eof;
  m_block = SIZE_MAX;
  // Without classification, every record is Unknown.
  m_high_end = m_mixed_end = m_classify ? 0 : SIZE_MAX;
  m_error = TokenError::None;
}

void Tokenizer::set_classify(bool on) noexcept {
  m_classify = on;
  if (!on) m_high_end = m_mixed_end = SIZE_MAX;
}

template <bool Classify>
static inline void block_bits(SimdLevel level, const char* p, Needles n, BlockBits& b) {
  switch (level) {
#if defined(SURVEY_HAVE_AVX2_PATH)
    case SimdLevel::Avx512:
      bits_avx512<Classify>(p, n, b);
      return;
    case SimdLevel::Avx2:
      bits_avx2<Classify>(p, n, b);
      return;
#endif
#if defined(__SSE2__)
    case SimdLevel::Sse2:
      bits_sse2<Classify>(p, n, b);
      return;
#endif
    default:
      bits_scalar<Classify>(p, n, b);
      return;
  }
}

void Tokenizer::load_block(std::size_t block) {
  const char* p = m_data + block * 64;
  const std::size_t base = block * 64;
  const bool last = base + 64 > m_size;
  // The bytes of the block that are in the window (all but in the last block).
  const std::uint64_t valid =
      !last ? ~std::uint64_t{0} : m_size > base ? ~std::uint64_t{0} >> (64 - (m_size - base)) : 0;
  BlockBits b;
  if (!m_classify) {
    block_bits<false>(m_simd, p, Needles{m_dialect.delimiter, m_quote_needle, m_escape_needle, m_strict}, b);
  } else {
    block_bits<true>(m_simd, p, Needles{m_dialect.delimiter, m_quote_needle, m_escape_needle, m_strict}, b);
    const std::uint64_t high = b.high & valid;
    // Two-byte characters below U+0300 only: each lead is followed by one
    // continuation byte (the lead ending the previous block included, even
    // when this block is ASCII), and no other byte is high. Anything else
    // is left to classify_utf8().
    const unsigned char before = block > 0 ? static_cast<unsigned char>(p[-1]) : 0;
    const std::uint64_t carry = before >= 0xC2 && before <= 0xDF ? 1 : 0;
    if (high | carry) {
      if (high) m_high_end = std::max(m_high_end, base + 64);
      const std::uint64_t lead = b.lead & valid;
      const std::uint64_t cont = b.cont & valid;
      // In the block that ends the window, a lead on the window's last byte
      // has nothing after it.
      const std::uint64_t dangling = base + 64 >= m_size ? lead & ~(valid >> 1) : 0;
      if ((high & ~lead & ~cont) != 0 || ((lead << 1) | carry) != cont || (b.late & valid) != 0 || dangling != 0)
        m_mixed_end = std::max(m_mixed_end, base + 64);
    }
  }
  m_masks.unquoted = b.unquoted & valid;
  m_masks.quoted = b.quoted & valid;
  m_block = block;
}

// The next byte at or after `pos` whose bit is set in the mask `which`
// selects (Masks::unquoted or Masks::quoted), or m_size.
template <std::uint64_t Tokenizer::Masks::*which>
std::size_t Tokenizer::find(std::size_t pos) {
  if (pos >= m_size) return m_size;
  std::size_t block = pos >> 6;
  if (block != m_block) load_block(block);
  std::uint64_t m = m_masks.*which & (~std::uint64_t{0} << (pos & 63));
  while (m == 0) {
    ++block;
    if (block * 64 >= m_size) return m_size;
    load_block(block);
    m = m_masks.*which;
  }
  return block * 64 + static_cast<std::size_t>(__builtin_ctzll(m));
}

std::size_t Tokenizer::find_unquoted(std::size_t pos) { return find<&Masks::unquoted>(pos); }

std::size_t Tokenizer::find_quoted(std::size_t pos) { return find<&Masks::quoted>(pos); }

TokenStatus Tokenizer::fail(TokenError error, std::size_t offset, const RecordRef& record) {
  m_error = error;
  m_error_offset = offset;
  m_error_line_breaks = record.line_breaks;
  return TokenStatus::Error;
}

TokenStatus Tokenizer::finish(std::size_t start, std::size_t pos, std::size_t& next,
                              RecordRef& record) {
  std::size_t end;
  if (pos >= m_size) {
    end = m_size;
    record.terminated = false;
  } else if (m_data[pos] == '\n') {
    end = pos + 1;
    record.terminated = true;
  } else {  // '\r'
    if (pos + 1 >= m_size && !m_eof) return TokenStatus::NeedMore;
    end = (pos + 1 < m_size && m_data[pos + 1] == '\n') ? pos + 2 : pos + 1;
    record.terminated = true;
  }
  record.size = end - start;
  record.text = m_high_end <= start ? RecordText::Ascii
                : m_mixed_end <= start ? RecordText::Stable
                                       : RecordText::Unknown;
  next = end;
  return TokenStatus::Record;
}

TokenStatus Tokenizer::next(std::size_t& pos, RecordRef& record) {
  const std::size_t start = pos;
  if (start >= m_size) return m_eof ? TokenStatus::End : TokenStatus::NeedMore;
  record.data = m_data + start;
  record.fields.clear();
  record.line_breaks = 0;
  record.terminated = false;
  const char delim = m_dialect.delimiter;
  const char quote = m_dialect.quote;
  auto push = [&](std::size_t begin, std::size_t end, std::uint8_t flags) {
    record.fields.push_back(FieldRef{static_cast<std::uint32_t>(begin - start),
                                     static_cast<std::uint32_t>(end - begin), flags});
  };

  std::size_t p = start;
  for (;;) {
    // The common case first: in strict mode, an unquoted field that ends at
    // a delimiter (a quote inside it stops the scan, as a line end does).
    // The byte at m_size is padding, so reading it is safe; whatever it
    // holds, find_unquoted() then answers m_size and the loop stops.
    std::size_t found = SIZE_MAX;  // The scan's stop for the field at p, if made.
    if (m_strict) {
      while (m_data[p] != quote) {
        const std::size_t e = find_unquoted(p);
        if (e >= m_size || m_data[e] != delim) {
          found = e;
          break;
        }
        push(p, e, 0);
        p = e + 1;
      }
    }
    m_field_start = p;
    // A quote opens a quoted field when it starts the field, possibly after
    // blanks ("a, "b"" as people type it).
    bool opens_quote = quote != '\0' && p < m_size && m_data[p] == quote;
    std::size_t e = opens_quote ? p : found != SIZE_MAX ? found : find_unquoted(p);
    if (quote != '\0' && !opens_quote) {
      if (e < m_size && m_data[e] == quote) {
        opens_quote = true;
        for (std::size_t k = p; k < e; ++k)
          if (!is_blank_byte(m_data[k])) opens_quote = false;
      } else if (m_lenient && e > p) {
        // Lenient mode does not stop at quotes; check for blanks then a quote.
        std::size_t k = p;
        while (k < e && is_blank_byte(m_data[k])) ++k;
        if (k < e && m_data[k] == quote) {
          opens_quote = true;
          e = k;
        }
      }
    }

    if (!opens_quote) {
      if (e >= m_size && !m_eof) return TokenStatus::NeedMore;
      // Lenient mode does not stop at quotes: flag the field that holds one.
      const std::uint8_t stray =
          m_lenient && quote != '\0' && std::memchr(m_data + p, quote, std::min(e, m_size) - p)
              ? kFieldStrayQuote
              : 0;
      if (e >= m_size) {
        push(p, m_size, stray);
        return finish(start, m_size, pos, record);
      }
      char c = m_data[e];
      if (c == delim) {
        push(p, e, stray);
        p = e + 1;
        continue;
      }
      if (c == '\n' || c == '\r') {
        push(p, e, stray);
        return finish(start, e, pos, record);
      }
      if (c == '\0') return fail(TokenError::NulByte, e, record);
      return fail(TokenError::StrayQuote, e, record);  // A quote, in strict mode.
    }

    // Quoted field: the text runs from after the opening quote to the closing one.
    const std::size_t open = e;
    std::uint8_t flags = kFieldQuoted;
    std::size_t q = open + 1;
    for (;;) {
      q = find_quoted(q);
      if (q >= m_size) {
        if (!m_eof) return TokenStatus::NeedMore;
        if (!m_lenient) return fail(TokenError::UnterminatedQuote, open, record);
        push(open + 1, m_size, static_cast<std::uint8_t>(flags | kFieldStrayQuote | kFieldEscaped));
        return finish(start, m_size, pos, record);
      }
      char c = m_data[q];
      if (c == '\n') {
        ++record.line_breaks;
        flags |= kFieldLineBreak;
        ++q;
        continue;
      }
      if (c == '\r') {
        flags |= kFieldLineBreak;
        if (q + 1 >= m_size && !m_eof) return TokenStatus::NeedMore;
        if (q + 1 >= m_size || m_data[q + 1] != '\n') ++record.line_breaks;  // Lone CR.
        ++q;
        continue;
      }
      if (c == '\0') return fail(TokenError::NulByte, q, record);
      if (c != quote) {  // A backslash in backslash-escape mode.
        if (q + 1 >= m_size && !m_eof) return TokenStatus::NeedMore;
        if (q + 1 < m_size && (m_data[q + 1] == quote || m_data[q + 1] == '\\')) {
          flags |= kFieldEscaped;
          q += 2;
        } else {
          ++q;
        }
        continue;
      }
      // A quote: doubled (an escaped quote) or closing.
      if (q + 1 >= m_size && !m_eof) return TokenStatus::NeedMore;
      if (q + 1 < m_size && m_data[q + 1] == quote) {
        flags |= kFieldEscaped;
        q += 2;
        continue;
      }
      // Closing quote; blanks may follow before the delimiter or line end.
      std::size_t after = q + 1;
      while (after < m_size && is_blank_byte(m_data[after])) ++after;
      if (after >= m_size && !m_eof) return TokenStatus::NeedMore;
      if (after >= m_size) {
        push(open + 1, q, flags);
        return finish(start, m_size, pos, record);
      }
      char n = m_data[after];
      if (n == delim) {
        push(open + 1, q, flags);
        p = after + 1;
        break;
      }
      if (n == '\n' || n == '\r') {
        push(open + 1, q, flags);
        return finish(start, after, pos, record);
      }
      if (!m_lenient) return fail(TokenError::TextAfterQuote, q + 1, record);
      // Lenient: the quote was text after all; the field goes on, unquoted.
      std::size_t end = find_unquoted(q + 1);
      if (end >= m_size && !m_eof) return TokenStatus::NeedMore;
      if (end < m_size && m_data[end] == '\0') return fail(TokenError::NulByte, end, record);
      push(open + 1, end, static_cast<std::uint8_t>(flags | kFieldStrayQuote | kFieldEscaped));
      if (end >= m_size) return finish(start, m_size, pos, record);
      if (m_data[end] == delim) {
        p = end + 1;
        break;
      }
      return finish(start, end, pos, record);
    }
  }
}

void append_unescaped(std::string& out, std::string_view inner, const Dialect& dialect) {
  const char quote = dialect.quote;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    char c = inner[i];
    if (c == quote && quote != '\0') {
      out.push_back(c);
      if (i + 1 < inner.size() && inner[i + 1] == quote) ++i;
    } else if (c == '\\' && dialect.backslash_escape && i + 1 < inner.size() &&
               (inner[i + 1] == quote || inner[i + 1] == '\\')) {
      out.push_back(inner[i + 1]);
      ++i;
    } else {
      out.push_back(c);
    }
  }
}

std::string delimiter_name(char delimiter) {
  if (delimiter == '\t') return "tab";
  return fmt::format("'{}'", delimiter);
}

std::string delimiter_name(const Dialect& dialect) {
  if (dialect.space_after) return fmt::format("'{} '", dialect.delimiter);
  return delimiter_name(dialect.delimiter);
}

}  // namespace survey
