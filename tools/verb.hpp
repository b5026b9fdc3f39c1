// The verb table and the wiring every verb shares: reader options, the
// error-to-exit-code mapping, warnings and summaries on stderr.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "survey/read/csv_reader.hpp"

namespace survey::tools {

// A verb's entry point: `program` is "survey <verb>" for messages; argv[0]
// is the verb's name.
using VerbMain = int (*)(const std::string& program, int argc, char** argv);

struct Verb {
  std::string_view name;
  std::string_view summary;
  VerbMain main;
};

// Every verb, in the order `survey --help` lists them.
const std::vector<Verb>& verbs();

// Runs `body`, turning what it throws into a message on stderr and an exit
// code: survey::Error -> 1 or 2, CLI11 parse errors -> 2 (0 for --help),
// a closed stdout -> 0.
int guard(const std::string& program, CLI::App& app, int argc, char** argv,
          const std::function<int()>& body);

// The options every verb that reads respondent data accepts.
struct InputOptions {
  std::string path = "-";
  std::string encoding = "auto";
  std::string delimiter;
  std::string format = "auto";
  int header_rows = -1;
  bool lenient = false;
  bool allow_empty = false;  // A no-op: exports without records are always read.
  std::string rejects;       // --rejects FILE: rows --lenient repaired or cut.
  bool explain_dialect = false;
  std::size_t max_field_bytes = std::size_t{16} << 20;
  bool quiet = false;
  unsigned threads = 0;
  std::string program;       // For messages printed while reading (--explain-dialect).

  ReaderOptions reader_options() const;  // Throws a usage error for bad values.
};

// The export layout is --input-format; `format_alias` also accepts --format
// (for ingest, which has no output format).
void add_input_options(CLI::App& app, InputOptions& options, bool format_alias = false);

// --threads, for the verbs that read in parallel.
void add_threads_option(CLI::App& app, InputOptions& options);

// Prints the reader's warnings, the rows --lenient repaired or cut (and
// writes them to the --rejects file), and, unless quiet, its one-line summary.
void report_read(const std::string& program, const CsvReader& reader, bool quiet);

// Shows "<bytes> read, <rows> rows, <rate>" on stderr while a long run goes
// on: only when stderr is a terminal, not with --quiet, and only after the
// first second. Thread-safe; finish() clears the line.
class ProgressMeter {
 public:
  ProgressMeter(std::string program, std::optional<std::uint64_t> total_bytes, bool quiet);
  ~ProgressMeter();
  void update(std::uint64_t bytes, std::uint64_t rows);
  void finish();
  // A callback for ScanOptions::progress, or nothing when it would not show.
  std::function<void(std::uint64_t, std::uint64_t)> callback();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

// Prints warnings as "program: file:line: warning: ...".
void print_warnings(const std::string& program, const Diagnostics& warnings);

}  // namespace survey::tools
