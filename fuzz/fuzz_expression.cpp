// libFuzzer target: the filter expression language (codebook bases,
// --where). Parsing any bytes must end in an expression or survey::Error;
// evaluation and to_string() must not crash (survey::fuzz_expression checks).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "survey/model/expr.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  survey::fuzz_expression(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
