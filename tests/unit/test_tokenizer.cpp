// The tokenizer on its own: what its block scan tells of a record's text.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "survey/text.hpp"
#include "survey/tokenizer.hpp"

using namespace survey;

namespace {

struct Found {
  std::string bytes;  // The record's bytes, terminator included.
  RecordText text;
};

// Tokenizes `input` as one window (64-byte aligned, zero padding) and
// returns its records.
std::vector<Found> tokenize(const std::string& input, Dialect dialect = {}, bool lenient = false,
                            bool classify = true) {
  const std::size_t room = (input.size() + kTokenizerPadding + 63) / 64 * 64;
  std::unique_ptr<char, decltype(&std::free)> window(static_cast<char*>(std::aligned_alloc(64, room)), &std::free);
  std::memset(window.get(), 0, room);
  std::memcpy(window.get(), input.data(), input.size());
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

bool avx2() {
#if defined(__x86_64__) && defined(__GNUC__)
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

}  // namespace

TEST_CASE("Tokenizer tells ASCII and NFC-stable records from what it scanned") {
  // One record of ASCII, one with French accents, one with a combining
  // mark, one with a three-byte character, each longer than a block, so
  // that no block holds two of them.
  const std::string pad(70, 'x');
  const std::string input = pad + ",plain\n" + pad + ",\"Très \"\"satisfait\"\", à Île-de-France\"\n" + pad +
                            ",e\xCC\x81t\xC3\xA9\n" + pad + ",l\xE2\x80\x99\xC3\xA9t\xC3\xA9\n";
  if (!avx2()) {
    MESSAGE("no AVX2: only ASCII records are told apart");
    return;
  }
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
  if (avx2()) CHECK(stable > 1000);
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
