// bench_survey_read: raw reader throughput for scripts/bench, without a verb.
// Reads a file with survey::CsvReader (detection, tokenizing, UTF-8
// validation, NFC, trimming: every row, every column decoded) and prints the
// records and bytes read. `--only N` decodes only the N-th column (1-based),
// as a verb that needs one question would ask through select_columns().
// `--threads N` reads in parallel chunks as ingest and validate do (default:
// every core; 1: one thread). `--simd scalar|sse2|avx2|avx512` makes the
// tokenizer use a lower instruction set than the processor's best, to compare.
#include <cstdlib>  // Defines __GLIBC__ on glibc.
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "survey/read/csv_reader.hpp"
#include "survey/read/error.hpp"
#include "survey/read/input.hpp"
#include "survey/count/scan.hpp"
#include "survey/read/tokenizer.hpp"

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 1 << 20);  // As the survey tool does (tools/main.cpp).
#endif
  std::string path;
  long only = 0;
  unsigned threads = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
      only = std::strtol(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      threads = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (std::strcmp(argv[i], "--simd") == 0 && i + 1 < argc) {
      const char* name = argv[++i];
      bool known = false;
      for (auto level : {survey::SimdLevel::Scalar, survey::SimdLevel::Sse2, survey::SimdLevel::Avx2,
                         survey::SimdLevel::Avx512})
        if (std::strcmp(name, survey::simd_level_name(level)) == 0) {
          survey::set_simd_level(level);
          known = true;
        }
      if (!known) {
        std::fprintf(stderr, "bench_survey_read: unknown --simd %s\n", name);
        return 2;
      }
    } else if (path.empty()) {
      path = argv[i];
    } else {
      std::fprintf(stderr, "usage: bench_survey_read FILE [--only N] [--threads N] [--simd LEVEL]\n");
      return 2;
    }
  }
  if (path.empty()) {
    std::fprintf(stderr, "usage: bench_survey_read FILE [--only N]\n");
    return 2;
  }
  try {
    auto start = std::chrono::steady_clock::now();
    survey::CsvReader reader(survey::open_input(path));
    if (only > 0) {
      std::vector<bool> wanted(reader.header().size(), false);
      if (static_cast<std::size_t>(only) <= wanted.size()) wanted[only - 1] = true;
      reader.select_columns(wanted);
    }
    unsigned long long rows = 0, value_bytes = 0;
    survey::ScanOptions options;
    options.threads = threads;
    survey::for_each_row(reader, path, [&](const survey::Row& row) {
      ++rows;
      for (auto v : row.values()) value_bytes += v.size();
    }, options);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("rows %llu columns %zu bytes %llu value_bytes %llu seconds %.3f simd %s\n", rows,
                reader.header().size(), static_cast<unsigned long long>(reader.bytes_read()),
                value_bytes, s, survey::simd_level_name(survey::simd_level()));
  } catch (const survey::Error& e) {
    std::fprintf(stderr, "bench_survey_read: %s:%llu: %s\n", e.file().c_str(),
                 static_cast<unsigned long long>(e.line()), e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_survey_read: %s\n", e.what());
    return 1;
  }
  return 0;
}
