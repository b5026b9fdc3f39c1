// Error construction and the one message format shared by every tool.
#include "survey/read/error.hpp"

#include <fmt/format.h>

namespace survey {

Error::Error(ErrorKind kind, std::string what, std::string file, std::uint64_t line,
             std::string hint)
    : std::runtime_error(std::move(what)),
      m_kind(kind),
      m_file(std::move(file)),
      m_line(line),
      m_hint(std::move(hint)) {}

Error data_error(std::string what, std::string file, std::uint64_t line, std::string hint) {
  return Error(ErrorKind::Data, std::move(what), std::move(file), line, std::move(hint));
}

Error usage_error(std::string what, std::string hint) {
  return Error(ErrorKind::Usage, std::move(what), {}, 0, std::move(hint));
}

Error io_error(std::string what, std::string file) {
  return Error(ErrorKind::Io, std::move(what), std::move(file), 0, {});
}

int exit_code(ErrorKind kind) noexcept { return kind == ErrorKind::Usage ? 2 : 1; }

namespace {
std::string place(std::string_view file, std::uint64_t line) {
  if (file.empty()) return {};
  if (line == 0) return fmt::format("{}: ", file);
  return fmt::format("{}:{}: ", file, line);
}
}  // namespace

std::string format_error(std::string_view program, const Error& error) {
  std::string out = fmt::format("{}: {}error: {}", program, place(error.file(), error.line()),
                                error.what());
  if (!error.hint().empty()) out += fmt::format(", {}", error.hint());
  return out;
}

std::string format_warning(std::string_view program, const Warning& warning) {
  return fmt::format("{}: {}warning: {}", program, place(warning.file, warning.line),
                     warning.message);
}

}  // namespace survey
