// Text helpers: trimming, folding, UTF-8 validation, encodings.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "survey/read/text.hpp"

using namespace survey;

TEST_CASE("trim removes Unicode white space at both ends only") {
  CHECK(trim("  a b  ") == "a b");
  CHECK(trim("\xC2\xA0" "x" "\xE2\x80\xAF") == "x");
  CHECK(trim("\t\r\n") == "");
  CHECK(trim("é ") == "é");
}

TEST_CASE("trim survives truncated or invalid UTF-8") {
  CHECK(trim(std::string_view("\xE2\x85", 2)) == std::string_view("\xE2\x85", 2));
  CHECK(trim(std::string_view(" \xE2", 2)) == std::string_view("\xE2", 1));
  CHECK(trim(std::string_view("\xF0\x9F\x98", 3)).size() == 3);
}

TEST_CASE("fold ignores case, accents, apostrophe styles and spacing") {
  CHECK(fold("  Île-de-France ") == fold("ILE-DE-FRANCE"));
  CHECK(fold("D’accord") == fold("d'accord"));
  CHECK(fold("Très   satisfait") == "tres satisfait");
}

TEST_CASE("find_invalid_utf8 rejects overlong forms, surrogates and truncation") {
  CHECK(find_invalid_utf8("déjà") == std::string_view::npos);
  CHECK(find_invalid_utf8("\xC0\xAF") == 0);
  CHECK(find_invalid_utf8("ab\xED\xA0\x80") == 2);
  CHECK(find_invalid_utf8("ab\xE2\x82") == 2);
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);
}

TEST_CASE("append_single_byte_as_utf8 maps Windows-1252 and Latin-1") {
  std::string out;
  append_single_byte_as_utf8(out, "\x80\x92\xE9", Encoding::Windows1252);
  CHECK(out == "€’é");
  out.clear();
  append_single_byte_as_utf8(out, "\x80\xE9", Encoding::Latin1);
  CHECK(out == "\xC2\x80\xC3\xA9");
}

TEST_CASE("append_nfc composes decomposed accents") {
  std::string out;
  append_nfc(out, "e\xCC\x81");
  CHECK(out == "é");
}

TEST_CASE("classify_utf8 tells ASCII, stable, maybe-NFC and invalid text apart in one pass") {
  CHECK(classify_utf8("Oui, une fois") == Utf8Class::Ascii);
  CHECK(classify_utf8("") == Utf8Class::Ascii);
  CHECK(classify_utf8("Très satisfait « bien » d’accord … 5 €") == Utf8Class::Stable);
  CHECK(classify_utf8("Re\xCC\x81gion") == Utf8Class::MaybeNfc);
  CHECK(classify_utf8("\xE2\x84\xA6") == Utf8Class::MaybeNfc);  // OHM SIGN, NFC gives Omega.
  CHECK(classify_utf8("caf\xE9") == Utf8Class::Invalid);
  CHECK(classify_utf8("ab\xED\xA0\x80") == Utf8Class::Invalid);
  CHECK(classify_utf8("\xF0\x9F\x98\x80") == Utf8Class::MaybeNfc);
  // Agrees with the separate checks on every two-byte string.
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b) {
      char s[2] = {static_cast<char>(a), static_cast<char>(b)};
      std::string_view v(s, 2);
      Utf8Class k = classify_utf8(v);
      CHECK_EQ(k == Utf8Class::Invalid, find_invalid_utf8(v) != std::string_view::npos);
      if (k == Utf8Class::Stable) CHECK_FALSE(may_need_nfc(v));
      if (k == Utf8Class::Ascii) CHECK(is_ascii(v));
    }
}

#include "survey/count/interner.hpp"

TEST_CASE("Interner gives one index per distinct key, whatever its length") {
  Interner in;
  std::vector<std::string> keys;
  for (std::size_t n = 0; n <= 70; ++n) {
    keys.push_back(std::string(n, 'a'));
    if (n) {
      std::string last = std::string(n - 1, 'a') + "b";  // differs in the last byte
      std::string first = "b" + std::string(n - 1, 'a');  // differs in the first byte
      std::string middle = std::string(n, 'a');
      middle[n / 2] = 'c';
      keys.push_back(last);
      keys.push_back(first);
      keys.push_back(middle);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (std::size_t i = 0; i < keys.size(); ++i) CHECK(in.intern(keys[i]) == i);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CHECK(in.intern(keys[i]) == i);
    CHECK(in.key(static_cast<std::uint32_t>(i)) == keys[i]);
  }
  CHECK(in.size() == keys.size());
  CHECK(in.intern("a", 1) == keys.size());  // Same bytes, another tag: another key.
}

#include <random>

TEST_CASE("classify_utf8 agrees with validation and the NFC pre-check on random text of every length") {
  // Pieces that mix ASCII, two-, three- and four-byte characters, combining
  // marks, and invalid bytes, so that both the fast path and its fallbacks run.
  const std::vector<std::string> pieces = {"a", "Z", " ", ",", "é", "è", "à", "ç", "ô", "\xC2\xA0", "«", "»", "’", "…",
                                           "€", "\xCC\x81", "\xCE\xA9", "\xF0\x9F\x98\x80", "\x80", "\xC3", "\xE2\x80",
                                           "\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xDF\xBF"};
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    std::size_t parts = rng() % 40;
    for (std::size_t k = 0; k < parts; ++k) {
      // Mostly valid French text, now and then something else.
      std::size_t pick = rng() % 100 < 90 ? rng() % 11 : rng() % pieces.size();
      s += pieces[pick];
    }
    CAPTURE(s);
    Utf8Class k = classify_utf8(s);
    bool invalid = find_invalid_utf8(s) != std::string_view::npos;
    CHECK_EQ(k == Utf8Class::Invalid, invalid);
    if (!invalid) {
      CHECK_EQ(k == Utf8Class::Ascii, is_ascii(s));
      if (k == Utf8Class::Stable) CHECK_FALSE(may_need_nfc(s));
      if (may_need_nfc(s)) CHECK(k == Utf8Class::MaybeNfc);
    }
  }
}
