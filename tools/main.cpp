// The survey command: `survey <verb> ...`, or `survey-<verb> ...` through a
// link. Dispatches to the verb table; every verb lives in its own file.
#include <fmt/format.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <csignal>
#include <cstring>
#include <string>
#include <string_view>

#include "verb.hpp"

namespace survey::tools {

int ingest_main(const std::string& program, int argc, char** argv);
int freq_main(const std::string& program, int argc, char** argv);
int codebook_main(const std::string& program, int argc, char** argv);
int validate_main(const std::string& program, int argc, char** argv);
int report_main(const std::string& program, int argc, char** argv);

const std::vector<Verb>& verbs() {
  static const std::vector<Verb> kVerbs = {
      {"ingest", "Read any export; write canonical CSV (UTF-8, ',', one header row)", ingest_main},
      {"freq", "Count answers per question (and per group): n, base, %, scores", freq_main},
      {"codebook", "Infer a codebook (types, scales, multi-selects) to check and edit", codebook_main},
      {"validate", "Check the data against the codebook; exit 1 on problems (for cron)", validate_main},
      {"report", "The whole survey report in one Markdown document (French or English)", report_main},
  };
  return kVerbs;
}

}  // namespace survey::tools

namespace {

constexpr const char* kVersion = SURVEY_VERSION;

void print_help() {
  fmt::print(
      "survey {}: questionnaire exports to counts, percentages and reports\n\n"
      "Usage: survey <verb> [FILE|-] [QUESTION...] [OPTIONS]\n"
      "       survey-<verb> ...      (the same, through a link)\n\n"
      "Verbs:\n",
      kVersion);
  for (const auto& v : survey::tools::verbs()) fmt::print("  {:<10} {}\n", v.name, v.summary);
  fmt::print(
      "\nEvery verb reads a file or standard input and writes standard output; see\n"
      "'survey <verb> --help'. Exit codes: 0 success, 1 bad data or I/O, 2 bad usage.\n");
}

const survey::tools::Verb* find_verb(std::string_view name) {
  for (const auto& v : survey::tools::verbs())
    if (v.name == name) return &v;
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // Writes to a closed pipe fail with EPIPE; we exit quietly.
#if defined(__GLIBC__)
  // Parallel readers hand multi-megabyte batches from thread to thread. With
  // glibc's moving mmap threshold, freed batches stay in per-thread arenas
  // and resident memory doubles; a fixed threshold gives them back at once.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
  std::string_view self = argv[0];
  if (auto slash = self.rfind('/'); slash != std::string_view::npos) self.remove_prefix(slash + 1);
  if (self.substr(0, 7) == "survey-") {
    std::string_view name = self.substr(7);
    if (const auto* verb = find_verb(name)) return verb->main(fmt::format("survey {}", name), argc, argv);
    fmt::print(stderr, "survey: error: unknown verb \"{}\" (called as {})\n", name, self);
    return 2;
  }
  if (argc < 2) {
    print_help();
    return 2;
  }
  std::string_view first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    print_help();
    return 0;
  }
  if (first == "--version" || first == "-V") {
    fmt::print("survey {}\n", kVersion);
    return 0;
  }
  if (const auto* verb = find_verb(first))
    return verb->main(fmt::format("survey {}", first), argc - 1, argv + 1);
  std::string names;
  for (const auto& v : survey::tools::verbs()) names += fmt::format("{}{}", names.empty() ? "" : ", ", v.name);
  fmt::print(stderr, "survey: error: unknown verb \"{}\", the verbs are {}; see 'survey --help'\n", first, names);
  return 2;
}
