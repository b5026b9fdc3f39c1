// File, standard-input and in-memory byte sources.
#include "survey/read/input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "survey/read/error.hpp"

namespace survey {
namespace {

class FdSource final : public InputSource {
 public:
  FdSource(int fd, bool owned, std::string name, std::optional<std::uint64_t> size)
      : InputSource(std::move(name)), m_fd(fd), m_owned(owned), m_size(size) {}
  ~FdSource() override {
    if (m_owned) ::close(m_fd);
  }

  std::size_t read(char* buffer, std::size_t size) override {
    for (;;) {
      ssize_t got = ::read(m_fd, buffer, size);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno == EINTR) continue;
      throw io_error(std::string("cannot read: ") + std::strerror(errno), name());
    }
  }

  std::optional<std::uint64_t> size() const override { return m_size; }

 private:
  int m_fd;
  bool m_owned;
  std::optional<std::uint64_t> m_size;
};

class MemorySource final : public InputSource {
 public:
  MemorySource(std::string bytes, std::string name)
      : InputSource(std::move(name)), m_bytes(std::move(bytes)) {}

  std::size_t read(char* buffer, std::size_t size) override {
    std::size_t n = std::min(size, m_bytes.size() - m_pos);
    std::memcpy(buffer, m_bytes.data() + m_pos, n);
    m_pos += n;
    return n;
  }

  std::optional<std::uint64_t> size() const override { return m_bytes.size(); }

 private:
  std::string m_bytes;
  std::size_t m_pos = 0;
};

}  // namespace

std::string input_display_name(std::string_view path) {
  if (path.empty() || path == "-") return "<stdin>";
  return std::string(path);
}

std::unique_ptr<InputSource> open_input(const std::string& path) {
  if (path.empty() || path == "-") {
    struct stat st {};
    std::optional<std::uint64_t> size;
    if (::fstat(0, &st) == 0 && S_ISREG(st.st_mode)) size = static_cast<std::uint64_t>(st.st_size);
    return std::make_unique<FdSource>(0, false, "<stdin>", size);
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw io_error(std::string("cannot open: ") + std::strerror(errno), path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    throw io_error(std::string("cannot open: ") + std::strerror(err), path);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw io_error("cannot read: is a directory", path);
  }
  std::optional<std::uint64_t> size;
  if (S_ISREG(st.st_mode)) {
    size = static_cast<std::uint64_t>(st.st_size);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  return std::make_unique<FdSource>(fd, true, path, size);
}

std::unique_ptr<InputSource> open_input(const std::string& path, const std::string& display_name) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw io_error(std::string("cannot open: ") + std::strerror(errno), display_name);
  struct stat st {};
  std::optional<std::uint64_t> size;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) size = static_cast<std::uint64_t>(st.st_size);
  return std::make_unique<FdSource>(fd, true, display_name, size);
}

std::unique_ptr<InputSource> open_input_at(const std::string& path, const std::string& display_name,
                                           std::uint64_t offset) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw io_error(std::string("cannot open: ") + std::strerror(errno), display_name);
  if (::lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0) {
    int err = errno;
    ::close(fd);
    throw io_error(std::string("cannot seek: ") + std::strerror(err), display_name);
  }
  ::posix_fadvise(fd, static_cast<off_t>(offset), 0, POSIX_FADV_SEQUENTIAL);
  return std::make_unique<FdSource>(fd, true, display_name, std::nullopt);
}

bool is_regular_file(const std::string& path) {
  if (path.empty() || path == "-") return false;
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

SpooledInput::SpooledInput(InputSource& input) : m_name(input.name()) {
  const char* dir = std::getenv("TMPDIR");
  std::string tmpl = std::string(dir && *dir ? dir : "/tmp") + "/survey-spool-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  int fd = ::mkstemp(buf.data());
  if (fd < 0) throw io_error(std::string("cannot create a temporary file: ") + std::strerror(errno), buf.data());
  m_path.assign(buf.data());
  std::vector<char> chunk(1 << 20);
  for (;;) {
    std::size_t got = input.read(chunk.data(), chunk.size());
    if (got == 0) break;
    const char* p = chunk.data();
    while (got > 0) {
      ssize_t w = ::write(fd, p, got);
      if (w < 0) {
        if (errno == EINTR) continue;
        int err = errno;
        ::close(fd);
        ::unlink(m_path.c_str());
        throw io_error(std::string("cannot write a temporary file: ") + std::strerror(err), m_path);
      }
      p += w;
      got -= static_cast<std::size_t>(w);
    }
  }
  ::close(fd);
}

SpooledInput::~SpooledInput() { ::unlink(m_path.c_str()); }

std::unique_ptr<InputSource> SpooledInput::open() const { return open_input(m_path, m_name); }

RereadableInput::RereadableInput(const std::string& path) : m_given(path), m_path(path) {
  if (!is_regular_file(path)) {
    auto in = open_input(path);
    m_spool = std::make_unique<SpooledInput>(*in);
    m_path = m_spool->path();
  }
}

std::unique_ptr<InputSource> RereadableInput::open() const {
  if (m_spool) return m_spool->open();
  return open_input(m_given);
}

std::unique_ptr<InputSource> memory_input(std::string bytes, std::string name) {
  return std::make_unique<MemorySource>(std::move(bytes), std::move(name));
}

}  // namespace survey
