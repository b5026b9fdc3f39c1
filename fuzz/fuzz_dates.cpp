// libFuzzer target: numbers, dates and durations as exports write them
// (survey::fuzz_values checks round trips and that nothing crashes).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "survey/read/values.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  survey::fuzz_values(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
