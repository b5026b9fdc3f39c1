// Helpers shared by the unit tests: read a string through the real reader.
#pragma once

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "survey/read/csv_reader.hpp"

namespace survey::test {

struct Parsed {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::uint64_t> lines;
  ReadInfo info;
  ReadStats stats;
  Diagnostics warnings;
};

inline Parsed read_all(std::string bytes, ReaderOptions options = {}, std::string name = "t.csv") {
  CsvReader reader(memory_input(std::move(bytes), std::move(name)), options);
  Parsed p;
  p.header = reader.header();
  Row row;
  while (reader.next(row)) {
    p.rows.emplace_back(row.values().begin(), row.values().end());
    p.lines.push_back(row.line());
  }
  p.info = reader.info();
  p.stats = reader.stats();
  p.warnings = reader.warnings();
  return p;
}

using Rows = std::vector<std::vector<std::string>>;
using Names = std::vector<std::string>;

// The message of the survey::Error that reading `bytes` throws ("" if none),
// formatted as the tools print it.
inline std::string read_error(std::string bytes, ReaderOptions options = {}) {
  try {
    read_all(std::move(bytes), options);
  } catch (const Error& e) {
    return format_error("survey test", e);
  }
  return "";
}

// A file holding `content`, removed with the object.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& content) {
    char name[] = "/tmp/survey-test-XXXXXX";
    int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    path = name;
    std::FILE* f = fdopen(fd, "wb");
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
  }
  ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace survey::test
