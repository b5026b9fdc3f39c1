// The verb table and the wiring every verb shares: reader options, the
// error-to-exit-code mapping, warnings and summaries on stderr.
#pragma once

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "survey/read/csv_reader.hpp"
#include "survey/render/output.hpp"
#include "survey/render/render.hpp"

namespace survey::tools {

// Prints a message on stderr and never throws: a closed stderr (`2>&1 | head`)
// must not turn a run into a crash, nor change its exit code.
template <typename... T>
void eprint(fmt::format_string<T...> format, T&&... args) {
  const std::string text = fmt::format(format, std::forward<T>(args)...);
  std::fwrite(text.data(), 1, text.size(), stderr);
}

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
// The verb called `name`, or nullptr.
const Verb* find_verb(std::string_view name);

// The commands of survey that are not verbs (no link, no reading of data):
// `survey version [--json]`, the line `survey --version` prints, and the
// hidden `survey __complete CWORD WORD...` of the shell completion scripts.
int version_main(const std::string& program, int argc, char** argv);
std::string version_line();
int complete_main(int argc, char** argv);

// Runs `body`, turning what it throws into a message on stderr and an exit
// code: survey::Error -> `failure` (bad data, I/O; 1 unless the verb says)
// or 2 (usage), CLI11 parse errors -> 2 (0 for --help), a closed stdout -> 0.
// validate passes 3, so that a cron job tells unreadable input from findings.
// Under describe_verb(), records `app`'s options instead and runs nothing.
int guard(const std::string& program, CLI::App& app, int argc, char** argv,
          const std::function<int()>& body, int failure = 1);

// One option or positional of a verb's command line, as its CLI11 set-up
// declares it (what shell completion needs).
struct ArgumentSpec {
  std::vector<std::string> names;  // "-o", "--output"; a positional: its name ("file").
  std::string type;                // CLI11's type name: "TEXT", "UINT", "FILE", ...
  std::string description;
  bool takes_value = false;        // False for flags.
  bool repeats = false;            // A positional taking several words.
};

// What a verb's command line accepts, in the order of its --help.
struct CommandSpec {
  std::vector<ArgumentSpec> options;
  std::vector<ArgumentSpec> positionals;
};

// Sets the verb's command line up without parsing or running anything, and
// returns what it accepts (hidden options left out).
CommandSpec describe_verb(const Verb& verb);

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

// Calls `visit` with every row of the rest of `reader`'s input (read from
// `input.path`, or `path` when given: a spooled copy), in order, decoded on
// `input.threads` threads, with the progress meter; on an error, prints the
// reader's warnings before rethrowing.
void stream_rows(const std::string& program, CsvReader& reader, const InputOptions& input,
                 const std::function<void(const Row&)>& visit, const std::string& path = {});

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

// Markdown options from --lang (en or fr; fr implies a decimal comma),
// --decimal-comma and --bars; throws a usage error for another language.
RenderOptions render_options(const std::string& lang, bool decimal_comma, bool bars);

// Prints warnings as "program: file:line: warning: ...".
void print_warnings(const std::string& program, const Diagnostics& warnings);

// Checks for numeric options, for CLI11's ->check(). They read the text
// given, before CLI11 converts it, so that "-1" never wraps around and "ten"
// or "1e99" never pass: anything outside the range is a usage error (exit 2)
// naming the option, printed by guard() as
//   survey freq: error: --top must be a whole number from 1 to 1000000, not "-1", see ...
// A whole number: digits only, from `min` to `max`.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);
// A decimal number ("0.95" or "0,95"), from `min` to `max`.
CLI::Validator decimal_number(double min, double max);
// A decimal number above 0 and below 1: a confidence level, a significance level.
CLI::Validator proportion();

// Where a verb writes: -o FILE (atomic; standard output without it) and
// --excel (CSV for Excel in a French locale: ';', a UTF-8 byte-order mark,
// decimal commas, CR LF; see docs/formats.md). A verb adds both with
// add_output_options() and writes through open().
struct OutputOptions {
  std::string path;
  bool excel = false;

  // The output, in the CSV style asked for. `csv` says whether the verb
  // writes CSV in this run: --excel with another format is a usage error.
  Output open(bool csv = true) const;
};

void add_output_options(CLI::App& app, OutputOptions& options);

}  // namespace survey::tools
