// Errors and warnings raised by libsurvey. The library never prints and never
// exits: it throws survey::Error and collects warnings in a Diagnostics list;
// the tools turn them into messages and exit codes.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace survey {

// What went wrong, which decides the exit code (see exit_code()).
enum class ErrorKind {
  Data,   // The input is malformed or inconsistent: exit 1.
  Io,     // A file could not be opened, read or written: exit 1.
  Usage,  // The command line asks for something impossible: exit 2.
};

// An error with the place it happened. `file` is the display name of the
// input ("<stdin>" for standard input) and `line` the 1-based physical line
// where the offending record starts (0 when no line applies). `hint` tells the
// user what to do about it and may be empty.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string what, std::string file = {}, std::uint64_t line = 0,
        std::string hint = {});

  ErrorKind kind() const noexcept { return m_kind; }
  const std::string& file() const noexcept { return m_file; }
  std::uint64_t line() const noexcept { return m_line; }
  const std::string& hint() const noexcept { return m_hint; }

 private:
  ErrorKind m_kind;
  std::string m_file;
  std::uint64_t m_line;
  std::string m_hint;
};

// Shorthands for the common kinds.
Error data_error(std::string what, std::string file = {}, std::uint64_t line = 0,
                 std::string hint = {});
Error usage_error(std::string what, std::string hint = {});
Error io_error(std::string what, std::string file = {});

// The exit code a tool returns for an error of this kind: 1 for data and I/O
// errors, 2 for usage errors.
int exit_code(ErrorKind kind) noexcept;

// A warning: something was repaired, skipped or guessed; the run goes on.
struct Warning {
  std::string file;
  std::uint64_t line = 0;
  std::string message;
};

// Warnings collected while reading and computing, in the order they arose.
using Diagnostics = std::vector<Warning>;

// Formats an error as the tools print it:
//   "survey freq: data.csv:14: error: what, hint"
// The file and line parts are left out when unknown.
std::string format_error(std::string_view program, const Error& error);

// Formats a warning the same way, with "warning:" instead of "error:".
std::string format_warning(std::string_view program, const Warning& warning);

}  // namespace survey
