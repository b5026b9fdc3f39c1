// Atomic file output (through symbolic links, keeping the mode), held-back
// standard output cut only at record ends, and the CSV writer.
#include "survey/render/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "survey/read/error.hpp"

namespace survey {

CsvStyle excel_csv_style() noexcept {
  return CsvStyle{';', true, true, true};
}

Output::Output(const std::string& path, std::size_t hold_bytes, std::size_t flush_bytes)
    : m_flush_at(hold_bytes), m_flush_bytes(flush_bytes) {
  if (path.empty() || path == "-") {
    m_fd = 1;
    m_name = "<stdout>";
    return;
  }
  m_name = path;
  open_file(path);
}

Output::Output(int fd, std::string name, std::size_t hold_bytes, std::size_t flush_bytes)
    : m_fd(fd), m_name(std::move(name)), m_flush_at(hold_bytes), m_flush_bytes(flush_bytes) {}

Output::Output(Output&& other) noexcept
    : m_fd(other.m_fd),
      m_stream(other.m_stream),
      m_own_fd(other.m_own_fd),
      m_name(std::move(other.m_name)),
      m_path(std::move(other.m_path)),
      m_temp(std::move(other.m_temp)),
      m_buffer(std::move(other.m_buffer)),
      m_complete(other.m_complete),
      m_flush_at(other.m_flush_at),
      m_flush_bytes(other.m_flush_bytes),
      m_written(other.m_written),
      m_committed(other.m_committed),
      m_style(other.m_style) {
  other.m_fd = -1;
  other.m_own_fd = false;
  other.m_committed = true;
}

void Output::open_file(const std::string& path) {
  // The file the path names, through symbolic links.
  std::string target = path;
  for (int hops = 0;; ++hops) {
    struct stat st;
    if (::lstat(target.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) break;
    if (hops == 40) throw io_error("cannot write: too many levels of symbolic links", path);
    std::vector<char> link(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 255) + 1);
    ssize_t n = ::readlink(target.c_str(), link.data(), link.size());
    if (n < 0) throw io_error(std::string("cannot write: ") + std::strerror(errno), path);
    std::string next(link.data(), static_cast<std::size_t>(n));
    if (next.empty() || next[0] != '/') {
      std::size_t slash = target.rfind('/');
      next = (slash == std::string::npos ? std::string() : target.substr(0, slash + 1)) + next;
    }
    target = std::move(next);
  }
  struct stat st;
  const bool exists = ::stat(target.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) throw io_error("cannot write: it is a directory", path);
  if (exists && !S_ISREG(st.st_mode)) {
    // A device or a FIFO: written in place, as standard output is.
    int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw io_error(std::string("cannot write: ") + std::strerror(errno), path);
    m_fd = fd;
    m_own_fd = true;
    return;
  }
  m_stream = false;
  m_path = target;
  m_temp = target + ".tmp-XXXXXX";
  std::vector<char> tmpl(m_temp.begin(), m_temp.end());
  tmpl.push_back('\0');
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) throw io_error(std::string("cannot write: ") + std::strerror(errno), path);
  m_temp.assign(tmpl.data());
  m_fd = fd;
  if (exists) {
    // The file replaced keeps its mode (and, when allowed, its owner).
    bool owner = st.st_uid == ::geteuid() && st.st_gid == ::getegid();
    if (!owner) owner = ::fchown(fd, st.st_uid, st.st_gid) == 0;
    ::fchmod(fd, st.st_mode & (owner ? 07777 : 0777));
  } else {
    // mkstemp creates the file 0600; give it the permissions a plain create would.
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
  }
  m_flush_at = m_flush_bytes;
}

Output::~Output() {
  if (m_committed || m_fd < 0) return;
  if (!m_stream) {
    ::close(m_fd);
    ::unlink(m_temp.c_str());
    return;
  }
  // Output already shown ends with the last complete record, not a cut one.
  if (m_written > 0) {
    const char* p = m_buffer.data();
    std::size_t n = m_complete;
    while (n > 0) {
      ssize_t w = ::write(m_fd, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) break;
      p += w;
      n -= static_cast<std::size_t>(w);
    }
  }
  if (m_own_fd) ::close(m_fd);
}

void Output::flush(bool everything) {
  const std::size_t total = everything ? m_buffer.size() : m_complete;
  const char* p = m_buffer.data();
  std::size_t n = total;
  while (n > 0) {
    ssize_t w = ::write(m_fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) throw BrokenPipe();
      throw io_error(std::string("cannot write: ") + std::strerror(errno), m_name);
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  m_buffer.erase(0, total);
  m_complete = everything ? 0 : m_complete - total;
  m_written += total;
  m_flush_at = m_flush_bytes;
}

void Output::commit() {
  flush(true);
  if (m_stream) {
    m_committed = true;
    if (m_own_fd && ::close(m_fd) != 0)
      throw io_error(std::string("cannot write: ") + std::strerror(errno), m_name);
    return;
  }
  if (::fsync(m_fd) != 0 && errno != EINVAL)
    throw io_error(std::string("cannot write: ") + std::strerror(errno), m_name);
  if (::close(m_fd) != 0) {
    m_fd = -1;
    ::unlink(m_temp.c_str());
    m_committed = true;
    throw io_error(std::string("cannot write: ") + std::strerror(errno), m_name);
  }
  m_committed = true;
  if (::rename(m_temp.c_str(), m_path.c_str()) != 0) {
    int err = errno;
    ::unlink(m_temp.c_str());
    throw io_error(std::string("cannot write: ") + std::strerror(err), m_name);
  }
}

bool csv_needs_quotes(std::string_view value, char delimiter) noexcept {
  if (value.empty()) return false;
  if (value.front() == ' ' || value.back() == ' ' || value.front() == '\t' || value.back() == '\t')
    return true;
  for (char c : value)
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') return true;
  return false;
}

void append_csv_field(std::string& out, std::string_view value, char delimiter) {
  if (!csv_needs_quotes(value, delimiter)) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

bool is_decimal_number(std::string_view value) noexcept {
  std::size_t i = !value.empty() && value[0] == '-' ? 1 : 0;
  std::size_t digits = 0, point = std::string_view::npos;
  for (; i < value.size(); ++i) {
    char c = value[i];
    if (c >= '0' && c <= '9')
      ++digits;
    else if (c == '.' && point == std::string_view::npos && digits > 0)
      point = i;
    else
      return false;
  }
  return point != std::string_view::npos && point + 1 < value.size();
}

CsvWriter::CsvWriter(Output& out) : m_out(out), m_style(out.csv_style()) {
  if (m_style.bom && m_out.size() == 0) m_out.append("\xEF\xBB\xBF");
}

CsvWriter::CsvWriter(Output& out, char delimiter) : CsvWriter(out) {
  m_style.delimiter = delimiter;
}

void CsvWriter::field(std::string_view value) {
  if (!m_first) m_out.put(m_style.delimiter);
  m_first = false;
  if (m_style.decimal_comma && is_decimal_number(value)) {
    m_scratch.assign(value);
    std::replace(m_scratch.begin(), m_scratch.end(), '.', ',');
    value = m_scratch;
  }
  if (!csv_needs_quotes(value, m_style.delimiter)) {
    m_out.append(value);
    return;
  }
  std::string quoted;
  append_csv_field(quoted, value, m_style.delimiter);
  m_out.append(quoted);
}

void CsvWriter::end_row() {
  if (m_style.crlf) m_out.put('\r');
  m_out.put('\n');
  m_out.end_record();
  m_first = true;
}

}  // namespace survey
