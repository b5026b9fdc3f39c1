// Regressions for hostile inputs found while building the golden corpus
// (tests/cli/ingest/hostile-*) and by fuzzing (fuzz/fuzz_reader.cpp).
#include <doctest/doctest.h>

#include <chrono>

#include "helpers.hpp"
#include "survey/header.hpp"

using namespace survey;
using namespace survey::test;

TEST_CASE("analyze_header does not fold huge cells for every signature test") {
  // A 20 MB answer in the first rows used to cost seconds: every platform
  // signature test folded (NFKC, case, accents) every cell again.
  std::string big(8u << 20, 'x');
  std::vector<TextRow> rows = {{"id", "text"}, {"1", big}, {big, "2"}, {"3", big}};
  auto start = std::chrono::steady_clock::now();
  HeaderAnalysis h = analyze_header(rows, Format::Auto, -1, false);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(h.names == Names{"id", "text"});
  CHECK(h.format == Format::Generic);
  CHECK(seconds < 1.0);
}
