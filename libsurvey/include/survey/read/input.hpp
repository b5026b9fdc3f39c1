// Byte sources the reader pulls from: a file, standard input or memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace survey {

// A forward-only stream of bytes with a name for messages.
class InputSource {
 public:
  virtual ~InputSource() = default;

  // Reads up to `size` bytes into `buffer`; returns 0 only at the end of the
  // input. Throws survey::Error (ErrorKind::Io) when reading fails.
  virtual std::size_t read(char* buffer, std::size_t size) = 0;

  // The name used in messages: the path as given, or "<stdin>".
  const std::string& name() const noexcept { return m_name; }

  // The total size in bytes when known in advance (regular files).
  virtual std::optional<std::uint64_t> size() const { return std::nullopt; }

 protected:
  explicit InputSource(std::string name) : m_name(std::move(name)) {}

 private:
  std::string m_name;
};

// Opens a file, or standard input when `path` is empty or "-".
// Throws survey::Error (ErrorKind::Io) naming the file when it cannot be opened
// or is a directory.
std::unique_ptr<InputSource> open_input(const std::string& path);

// Opens `path`, naming it `display_name` in messages.
std::unique_ptr<InputSource> open_input(const std::string& path, const std::string& display_name);

// Opens `path` at byte `offset`, naming it `display_name` in messages.
std::unique_ptr<InputSource> open_input_at(const std::string& path, const std::string& display_name,
                                           std::uint64_t offset);

// True when `path` names a regular file (which can be read twice).
bool is_regular_file(const std::string& path);

// A copy of a stream in a temporary file, removed with this object, so that
// standard input can be read twice. Memory stays flat: the copy is on disk.
class SpooledInput {
 public:
  explicit SpooledInput(InputSource& input);
  ~SpooledInput();
  SpooledInput(const SpooledInput&) = delete;
  SpooledInput& operator=(const SpooledInput&) = delete;
  // A fresh reader of the copy, named like the original.
  std::unique_ptr<InputSource> open() const;
  // The temporary file (for readers that open it again, such as parallel chunks).
  const std::string& path() const noexcept { return m_path; }

 private:
  std::string m_path;
  std::string m_name;
};

// An input a verb reads more than once: a regular file as it is, standard
// input or a pipe through a SpooledInput copy.
class RereadableInput {
 public:
  explicit RereadableInput(const std::string& path);
  // A fresh reader of the input from its start, named like the original.
  std::unique_ptr<InputSource> open() const;
  // The file to give parallel scans (the file itself, or the copy).
  const std::string& path() const noexcept { return m_path; }

 private:
  std::unique_ptr<SpooledInput> m_spool;
  std::string m_given;
  std::string m_path;
};

// A source over bytes held in memory (tests, fuzzing); `name` is used in
// messages.
std::unique_ptr<InputSource> memory_input(std::string bytes, std::string name = "<memory>");

// The display name for a path argument: "<stdin>" for "" and "-".
std::string input_display_name(std::string_view path);

}  // namespace survey
