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

#include "build_info.hpp"
#include "verb.hpp"

namespace survey::tools {

int ingest_main(const std::string& program, int argc, char** argv);
int freq_main(const std::string& program, int argc, char** argv);
int codebook_main(const std::string& program, int argc, char** argv);
int validate_main(const std::string& program, int argc, char** argv);
int xtab_main(const std::string& program, int argc, char** argv);
int stats_main(const std::string& program, int argc, char** argv);
int render_main(const std::string& program, int argc, char** argv);
int merge_main(const std::string& program, int argc, char** argv);
int trend_main(const std::string& program, int argc, char** argv);
int filter_main(const std::string& program, int argc, char** argv);
int recode_main(const std::string& program, int argc, char** argv);
int weight_main(const std::string& program, int argc, char** argv);
int report_main(const std::string& program, int argc, char** argv);

const std::vector<Verb>& verbs() {
  static const std::vector<Verb> kVerbs = {
      {"ingest", "Read any export; write canonical CSV (UTF-8, ',', one header row)", ingest_main},
      {"freq", "Count answers per question (and per group): n, base, %, scores", freq_main},
      {"codebook", "Infer a codebook (types, scales, multi-selects) to check and edit", codebook_main},
      {"validate", "Check the data against the codebook; exit 1 on problems (for cron)", validate_main},
      {"xtab", "Cross-tabulate two questions: %, chi-square, Cramér's V, Fisher, letters", xtab_main},
      {"stats", "Scale statistics: mean, sd, quartiles, CI; alpha; correlations; key drivers", stats_main},
      {"weight", "Rake respondents to population margins; append a weight column", weight_main},
      {"filter", "Keep the rows matching --where and a date window (--last 7d, --week)", filter_main},
      {"recode", "Map answers to new values (--map, --collapse, --preset fr-regions)", recode_main},
      {"merge", "Add up summaries of shards, regions or weeks; recompute bases and %", merge_main},
      {"trend", "Compare summaries of periods: % per period, change in points, z-test", trend_main},
      {"render", "Show a summary CSV as Markdown tables (as freq --format md)", render_main},
      {"report", "The whole survey report in one Markdown document (French or English)", report_main},
  };
  return kVerbs;
}

const Verb* find_verb(std::string_view name) {
  for (const auto& v : verbs())
    if (v.name == name) return &v;
  return nullptr;
}

}  // namespace survey::tools

namespace {

void print_help() {
  fmt::print(
      "survey {}: questionnaire exports to counts, percentages and reports\n\n"
      "Usage: survey <verb> [FILE|-] [QUESTION...] [OPTIONS]\n"
      "       survey-<verb> ...      (the same, through a link)\n\n"
      "Verbs:\n",
      survey::tools::kBuildVersion);
  for (const auto& v : survey::tools::verbs()) fmt::print("  {:<10} {}\n", v.name, v.summary);
  fmt::print(
      "\nOptions:\n"
      "  -h,--help         Print this help message and exit\n"
      "  -V,--version      Print the version and the Git commit survey was built from\n"
      "  --list-verbs      Print each verb's name, a tab and its summary, one verb a line\n"
      "\nOther commands:\n"
      "  version [--json]  Versions of survey and its libraries, compiler, SIMD level in use\n"
      "\nEvery verb reads a file or standard input and writes standard output; see\n"
      "'survey <verb> --help'. Exit codes: 0 success, 1 bad data or I/O, 2 bad usage.\n");
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
    if (const auto* verb = survey::tools::find_verb(name)) return verb->main(fmt::format("survey {}", name), argc, argv);
    survey::tools::eprint("survey: error: unknown verb \"{}\" (called as {})\n", name, self);
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
    fmt::print("{}\n", survey::tools::version_line());
    return 0;
  }
  if (first == "--list-verbs") {
    for (const auto& v : survey::tools::verbs()) fmt::print("{}\t{}\n", v.name, v.summary);
    return 0;
  }
  if (first == "version") return survey::tools::version_main("survey version", argc - 1, argv + 1);
  if (first == "__complete") return survey::tools::complete_main(argc - 1, argv + 1);
  if (const auto* verb = survey::tools::find_verb(first))
    return verb->main(fmt::format("survey {}", first), argc - 1, argv + 1);
  std::string names;
  for (const auto& v : survey::tools::verbs()) names += fmt::format("{}{}", names.empty() ? "" : ", ", v.name);
  survey::tools::eprint("survey: error: unknown verb \"{}\", the verbs are {}; see 'survey --help'\n", first, names);
  return 2;
}
