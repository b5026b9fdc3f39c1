// bench_fccp_lines: the "merely splitting lines" baseline for scripts/bench.
// Reads a file with fast-cpp-csv-parser's io::LineReader (which reads ahead
// on a second thread) and counts lines and their bytes. It does not parse
// CSV: quoted line breaks count as lines, as in `wc -l`.
#include <libfccp/csv.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_fccp_lines FILE\n");
    return 2;
  }
  try {
    auto start = std::chrono::steady_clock::now();
    io::LineReader in(argv[1]);
    unsigned long long lines = 0, bytes = 0;
    while (char* line = in.next_line()) {
      ++lines;
      bytes += std::strlen(line) + 1;  // + the LF (a CR before it is stripped by LineReader)
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("lines %llu line_bytes %llu seconds %.3f\n", lines, bytes, s);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_fccp_lines: %s\n", e.what());
    return 1;
  }
  return 0;
}
