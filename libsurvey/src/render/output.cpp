// Atomic file output, held-back standard output, and the CSV writer.
#include "survey/render/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "survey/read/error.hpp"

namespace survey {

Output::Output(const std::string& path, std::size_t hold_bytes) : m_flush_at(hold_bytes) {
  if (path.empty() || path == "-") {
    m_fd = 1;
    m_name = "<stdout>";
    return;
  }
  m_path = path;
  m_name = path;
  m_temp = path + ".tmp-XXXXXX";
  std::vector<char> tmpl(m_temp.begin(), m_temp.end());
  tmpl.push_back('\0');
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) throw io_error(std::string("cannot write: ") + std::strerror(errno), path);
  m_temp.assign(tmpl.data());
  // mkstemp creates the file 0600; give it the permissions a plain create would.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  m_fd = fd;
  m_flush_at = 1 << 16;
}

Output::~Output() {
  if (m_fd != 1 && !m_committed) {
    ::close(m_fd);
    ::unlink(m_temp.c_str());
  }
}

void Output::flush() {
  const char* p = m_buffer.data();
  std::size_t n = m_buffer.size();
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
  m_buffer.clear();
  m_flush_at = 1 << 16;
}

void Output::commit() {
  flush();
  if (m_fd == 1) {
    m_committed = true;
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

void CsvWriter::field(std::string_view value) {
  if (!m_first) m_out.put(m_delimiter);
  m_first = false;
  if (!csv_needs_quotes(value, m_delimiter)) {
    m_out.write(value);
    return;
  }
  std::string quoted;
  append_csv_field(quoted, value, m_delimiter);
  m_out.write(quoted);
}

void CsvWriter::end_row() {
  m_out.put('\n');
  m_first = true;
}

}  // namespace survey
