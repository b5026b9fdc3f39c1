// survey --version and survey version [--json]: what a bug report needs to
// know of the build: version, Git commit, libraries, compiler, SIMD level.
#include <fmt/format.h>
#include <sys/utsname.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "build_info.hpp"
#include "survey/read/text.hpp"
#include "survey/read/tokenizer.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

std::string compiler_name() {
#if defined(__clang__)
  return fmt::format("clang {}.{}.{}", __clang_major__, __clang_minor__, __clang_patchlevel__);
#elif defined(__GNUC__)
  return fmt::format("GCC {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#else
  return "unknown";
#endif
}

std::string fmt_version() {
  return fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100);
}

std::string system_name() {
  utsname u{};
  if (uname(&u) != 0) return "unknown";
  return fmt::format("{} {} {}", u.sysname, u.release, u.machine);
}

std::string short_commit() {
  return std::string(kBuildCommit).substr(0, 12);
}

nlohmann::ordered_json version_json() {
  nlohmann::ordered_json j;
  j["survey"] = kBuildVersion;
  j["commit"] = *kBuildCommit ? nlohmann::ordered_json(kBuildCommit) : nlohmann::ordered_json();
  j["commit_date"] =
      *kBuildCommitDate ? nlohmann::ordered_json(kBuildCommitDate) : nlohmann::ordered_json();
  j["modified"] = kBuildModified;
  j["build_type"] = kBuildType;
  j["sanitizers"] = kBuildSanitizers;
  j["compiler"] = compiler_name();
  j["fmt"] = fmt_version();
  j["utf8proc"] = std::string(unicode_library_version());
  j["unicode"] = std::string(unicode_data_version());
  j["cli11"] = CLI11_VERSION;
  j["simd"] = simd_level_name(simd_level());
  j["simd_supported"] = simd_level_name(supported_simd_level());
  j["hardware_threads"] = std::thread::hardware_concurrency();
  j["system"] = system_name();
  return j;
}

}  // namespace

std::string version_line() {
  if (!*kBuildCommit)
    return fmt::format("survey {} (built outside a Git work tree)", kBuildVersion);
  return fmt::format("survey {} (git {}{})", kBuildVersion, short_commit(),
                     kBuildModified ? ", modified" : "");
}

int version_main(const std::string& program, int argc, char** argv) {
  bool json = false;
  CLI::App app{
      "Print the version of survey, the Git commit it was built from, the versions of the "
      "libraries it uses, the compiler and the SIMD level its CSV reader chose on this "
      "processor: what a bug report needs.",
      program};
  app.add_flag("--json", json,
               "Print one JSON object (keys: survey, commit, fmt, utf8proc, simd, ...)");
  app.footer(
      "Examples:\n"
      "  survey version\n"
      "  survey version --json");
  return guard(program, app, argc, argv, [&] {
    auto j = version_json();
    if (json) {
      fmt::print("{}\n", j.dump(2));
      return 0;
    }
    fmt::print("{}\n", version_line());
    if (*kBuildCommit)
      fmt::print("commit:    {}{} ({})\n", kBuildCommit,
                 kBuildModified ? " with local changes" : "", kBuildCommitDate);
    fmt::print("build:     {}{}, {}\n", kBuildType,
               *kBuildSanitizers ? fmt::format(" with {} sanitizers", kBuildSanitizers) : "",
               j["compiler"].get<std::string>());
    fmt::print("libraries: fmt {}, utf8proc {} (Unicode {}), CLI11 {}\n",
               j["fmt"].get<std::string>(), j["utf8proc"].get<std::string>(),
               j["unicode"].get<std::string>(), CLI11_VERSION);
    fmt::print("SIMD:      {} (this processor supports {})\n", j["simd"].get<std::string>(),
               j["simd_supported"].get<std::string>());
    fmt::print("system:    {}, {} hardware threads\n", j["system"].get<std::string>(),
               std::thread::hardware_concurrency());
    return 0;
  });
}

}  // namespace survey::tools
