// The tokenizer on its own: what its block scan tells of a record's text, and
// that every SIMD level of the block scan gives the same records.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "survey/read/text.hpp"
#include "survey/read/tokenizer.hpp"

using namespace survey;

namespace {

struct Found {
  std::string bytes;  // The record's bytes, terminator included.
  RecordText text;
};

using Window = std::unique_ptr<char, decltype(&std::free)>;

// `input` in a tokenizer window: 64-byte aligned, followed by padding bytes
// of value `pad`.
Window window_of(const std::string& input, char pad) {
  const std::size_t room = (input.size() + kTokenizerPadding + 63) / 64 * 64;
  Window window(static_cast<char*>(std::aligned_alloc(64, room)), &std::free);
  std::memset(window.get(), pad, room);
  std::memcpy(window.get(), input.data(), input.size());
  return window;
}

// Tokenizes `input` as one window (zero padding) and returns its records.
std::vector<Found> tokenize(const std::string& input, Dialect dialect = {}, bool lenient = false,
                            bool classify = true) {
  Window window = window_of(input, '\0');
  Tokenizer tok(dialect, lenient);
  tok.set_classify(classify);
  tok.reset(window.get(), input.size(), true);
  std::vector<Found> out;
  RecordRef rec;
  std::size_t pos = 0;
  TokenStatus st;
  while ((st = tok.next(pos, rec)) == TokenStatus::Record) out.push_back({std::string(rec.data, rec.size), rec.text});
  REQUIRE(st == TokenStatus::End);
  return out;
}

// Makes Tokenizers constructed in its scope use `level` (or the best the
// processor has, when lower).
struct SimdScope {
  explicit SimdScope(SimdLevel level) : saved(simd_level()) { set_simd_level(level); }
  ~SimdScope() { set_simd_level(saved); }
  SimdLevel saved;
};

// The SIMD levels this processor can run, from scalar up.
std::vector<SimdLevel> levels() {
  std::vector<SimdLevel> out;
  for (SimdLevel l : {SimdLevel::Scalar, SimdLevel::Sse2, SimdLevel::Avx2, SimdLevel::Avx512})
    if (l <= supported_simd_level()) out.push_back(l);
  return out;
}

// Everything the tokenizer says of `input` read as one window, written out:
// each record's fields (offset, size, flags), line breaks, terminator and
// text, then how it stopped (and the error, with its offset).
std::string trace(const std::string& input, Dialect dialect, bool lenient, bool classify, bool eof) {
  // Padding that looks like data: nothing may depend on it.
  Window window = window_of(input, dialect.quote ? dialect.quote : 'x');
  Tokenizer tok(dialect, lenient);
  tok.set_classify(classify);
  tok.reset(window.get(), input.size(), eof);
  std::string out;
  RecordRef rec;
  std::size_t pos = 0;
  for (;;) {
    const TokenStatus st = tok.next(pos, rec);
    if (st != TokenStatus::Record) {
      out += fmt::format("status {} error {} at {} breaks {} pending {}\n", static_cast<int>(st),
                         static_cast<int>(tok.error()), st == TokenStatus::Error ? tok.error_offset() : 0,
                         st == TokenStatus::Error ? tok.error_line_breaks() : 0,
                         st == TokenStatus::NeedMore ? tok.pending_field_start() : 0);
      return out;
    }
    out += fmt::format("record at {} size {} breaks {} terminated {} text {}:", rec.data - window.get(), rec.size,
                       rec.line_breaks, rec.terminated, static_cast<int>(rec.text));
    for (const FieldRef& f : rec.fields) out += fmt::format(" {}+{}/{}", f.offset, f.size, static_cast<int>(f.flags));
    out += "\n";
  }
}

}  // namespace

TEST_CASE("Tokenizer tells ASCII and NFC-stable records from what it scanned") {
  // One record of ASCII, one with French accents, one with a combining
  // mark, one with a three-byte character, each longer than a block, so
  // that no block holds two of them.
  const std::string pad(70, 'x');
  const std::string input = pad + ",plain\n" + pad + ",\"Très \"\"satisfait\"\", à Île-de-France\"\n" + pad +
                            ",e\xCC\x81t\xC3\xA9\n" + pad + ",l\xE2\x80\x99\xC3\xA9t\xC3\xA9\n";
  auto found = tokenize(input);
  REQUIRE(found.size() == 4);
  CHECK(found[0].text == RecordText::Ascii);
  CHECK(found[1].text == RecordText::Stable);
  CHECK(found[2].text == RecordText::Unknown);  // U+0301 may change under NFC.
  CHECK(found[3].text == RecordText::Unknown);  // U+2019: left to classify_utf8().

  // Readers that do not decode turn the checks off: nothing is told then.
  for (const Found& f : tokenize(input, Dialect{}, false, /*classify=*/false)) CHECK(f.text == RecordText::Unknown);
}

TEST_CASE("Tokenizer's record text is never wrong on random records") {
  // ASCII, quotes and delimiters, two-byte characters below and above
  // U+0300, three- and four-byte characters, and invalid bytes.
  const std::vector<std::string> pieces = {"a",  "Z",  " ",  ",",  "\"", "\n", "\r\n", "é",  "à",
                                           "ç",  "\xC2\xA0", "«", "\xDF\xBF", "\xCC\x81", "’", "\xF0\x9F\x98\x80",
                                           "\x80", "\xC3", "\xFF", "\xC0\xAF", "\xE2\x80"};
  std::mt19937 rng(11);
  std::size_t ascii = 0, stable = 0, unknown = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string input;
    const std::size_t parts = rng() % 400;
    // ASCII inputs, mostly French ones, and inputs of everything.
    const unsigned mode = rng() % 3;
    for (std::size_t k = 0; k < parts; ++k) {
      std::size_t pick = mode == 0 ? rng() % 7 : mode == 1 && rng() % 100 < 97 ? rng() % 12 : rng() % pieces.size();
      // Quotes only in pairs, so that records stay well-formed.
      input += pieces[pick] == "\"" ? "\"\"" : pieces[pick];
    }
    CAPTURE(input);
    for (const Found& f : tokenize(input, Dialect{}, /*lenient=*/true)) {
      const Utf8Class k = classify_utf8(f.bytes);
      switch (f.text) {
        case RecordText::Ascii:
          ++ascii;
          CHECK(k == Utf8Class::Ascii);
          break;
        case RecordText::Stable:
          ++stable;
          CHECK((k == Utf8Class::Ascii || k == Utf8Class::Stable));
          break;
        case RecordText::Unknown:
          ++unknown;
          break;
      }
    }
  }
  // The classification is of use: most records are told.
  CHECK(ascii > 1000);
  CHECK(stable > 1000);
  MESSAGE("ascii ", ascii, " stable ", stable, " unknown ", unknown);
}

TEST_CASE("Tokenizer's record text is never wrong where characters straddle blocks") {
  // Every shift of a few characters and invalid bytes across the boundary
  // between two blocks, inside records that start before it.
  const std::vector<std::string> tails = {"é\x80", "\x80", "é", "\xC3", "\xC3\xC3\xA9", "éé\x80é", "\xA9\xA9",
                                          "e\xCC\x81", "\xE2\x80\x99"};
  for (std::size_t shift = 0; shift < 140; ++shift) {
    for (const std::string& tail : tails) {
      for (const char* before : {"", "é,", "x\n"}) {
        const std::string head = std::string(before) + std::string(shift, 'a') + tail;
        // Followed by more in the block, or at the very end of the input.
        for (const std::string& input : {head + ",b\n" + "c," + std::string(70, 'd') + tail + "\n", head}) {
          CAPTURE(input);
          for (const Found& f : tokenize(input, Dialect{}, true)) {
            const Utf8Class k = classify_utf8(f.bytes);
            if (f.text == RecordText::Ascii) CHECK(k == Utf8Class::Ascii);
            if (f.text == RecordText::Stable) CHECK((k == Utf8Class::Ascii || k == Utf8Class::Stable));
          }
        }
      }
    }
  }
}

TEST_CASE("set_simd_level: never above what the processor supports") {
  SimdScope scope(SimdLevel::Avx512);
  CHECK(simd_level() == supported_simd_level());
  CHECK(set_simd_level(SimdLevel::Scalar) == SimdLevel::Scalar);
  CHECK(simd_level() == SimdLevel::Scalar);
  CHECK(std::string(simd_level_name(SimdLevel::Sse2)) == "sse2");
  MESSAGE("this processor: ", std::string(simd_level_name(supported_simd_level())));
}

TEST_CASE("Tokenizer: every SIMD level gives the same records, fields, text and errors") {
  // Pieces of every kind the block scan looks for: delimiters of each
  // dialect, quotes (paired and stray), backslashes, CR, LF, NUL, blanks,
  // two-byte characters below and above U+0300, longer ones, invalid bytes.
  const std::vector<std::string> pieces = {"a", "bc", "0", " ", "\t", ",", ";", "|", "\"", "\"\"", "'", "\\",
                                           "\n", "\r\n", "\r", std::string(1, '\0'), "é", "à", "\xC2\xA0",
                                           "\xCC\x81", "’", "\xF0\x9F\x98\x80", "\x80", "\xC3", "\xFF",
                                           std::string(70, 'z'), "\"x\",", "\"y\"\n", "\"l\r\nm\","};
  const std::vector<Dialect> dialects = {Dialect{}, Dialect{';', '"', false}, Dialect{'\t', '"', false},
                                         Dialect{',', '\'', false}, Dialect{',', '"', true}, Dialect{'|', '\0', false}};
  const std::vector<SimdLevel> all = levels();
  CAPTURE(all.size());
  std::mt19937 rng(2026);
  std::size_t compared = 0, errors = 0, records = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string input;
    const std::size_t parts = rng() % 300;
    // Mostly well-formed text, sometimes anything at all.
    const bool wild = rng() % 4 == 0;
    for (std::size_t k = 0; k < parts; ++k) {
      std::size_t pick = rng() % pieces.size();
      if (!wild && (pieces[pick] == "\"" || pieces[pick].find('\0') != std::string::npos || pieces[pick] == "'"))
        pick = 0;
      input += pieces[pick];
    }
    const Dialect dialect = dialects[rng() % dialects.size()];
    const bool lenient = rng() % 3 == 0;
    const bool classify = rng() % 4 != 0;
    const bool eof = rng() % 5 != 0;
    CAPTURE(input);
    CAPTURE(static_cast<int>(dialect.delimiter));
    CAPTURE(static_cast<int>(dialect.quote));
    CAPTURE(dialect.backslash_escape);
    CAPTURE(lenient);
    CAPTURE(classify);
    CAPTURE(eof);
    std::string first;
    for (SimdLevel level : all) {
      SimdScope scope(level);
      const std::string got = trace(input, dialect, lenient, classify, eof);
      if (level == all.front()) {
        first = got;
        errors += got.find("status 3") != std::string::npos;
        for (std::size_t at = got.find("record"); at != std::string::npos; at = got.find("record", at + 1)) ++records;
      } else {
        CAPTURE(simd_level_name(level));
        CHECK(got == first);
        ++compared;
      }
    }
  }
  // The inputs reach both ends: records, and errors.
  CHECK(records > 5000);
  CHECK(errors > 100);
  if (all.size() < 2) MESSAGE("only one SIMD level here: nothing compared");
  MESSAGE("levels ", all.size(), " comparisons ", compared, " records ", records, " errors ", errors);
}
