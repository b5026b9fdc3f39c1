// libFuzzer target: the codebook reader, then grouping into questions and
// compiling the bases against a fixed header. Only survey::Error may come
// out, and a data error must name the codebook.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "survey/model/codebook.hpp"
#include "survey/model/conditions.hpp"
#include "survey/read/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<std::string> header = {
      "Horodateur", "Région", "1) Participation à un webinaire d'information", "2) Si non, pour quelles raisons ?",
      "Q1", "Q2", "Thèmes [A]", "Thèmes [B]"};
  try {
    survey::Codebook cb = survey::read_codebook(
        survey::memory_input(std::string(reinterpret_cast<const char*>(data), size), "codebook.csv"));
    survey::Diagnostics warnings;
    std::vector<survey::Question> questions = survey::build_questions(cb, header, warnings);
    survey::Conditions conditions(questions, header);
    for (const auto& q : questions) (void)conditions.bit(q.base);
    std::string levels;
    for (const auto& e : cb.entries) levels += survey::format_levels(e.levels);
  } catch (const survey::Error& e) {
    if (e.kind() == survey::ErrorKind::Data && e.file().empty()) std::abort();
  }
  return 0;
}
