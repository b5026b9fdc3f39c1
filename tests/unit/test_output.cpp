// Output: a failed read leaves whole records on a stream at every hold and
// flush size (the error at, just before and just after each boundary); -o
// keeps the target's mode and writes through symbolic links; CsvWriter in
// the canonical and the Excel style.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "helpers.hpp"
#include "survey/render/output.hpp"

using namespace survey;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char name[] = "/tmp/survey-output-XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    path = name;
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string read_back(int fd) {
  std::string out;
  char buffer[4096];
  ::lseek(fd, 0, SEEK_SET);
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
    out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// Reads `input` and writes its records through CsvWriter to `out`, as
// `survey ingest` does, until the reader throws; `delivered` counts the
// records the reader gave.
void copy_records(const std::string& input, Output& out, std::size_t& delivered) {
  delivered = 0;
  CsvReader reader(memory_input(input, "t.csv"), {});
  CsvWriter writer(out);
  writer.row(reader.header());
  Row row;
  while (reader.next(row)) {
    writer.row(row.values());
    ++delivered;
  }
  out.commit();
}

void copy_records(const std::string& input, Output& out) {
  std::size_t delivered = 0;
  copy_records(input, out, delivered);
}

// What a clean run writes for the records before the bad one, and where
// each of its records ends.
struct Clean {
  std::string bytes;
  std::vector<std::size_t> ends;
};

Clean clean_output(const std::vector<std::string>& records) {
  Clean c;
  for (const auto& r : records) {
    c.bytes += r;
    c.ends.push_back(c.bytes.size());
  }
  return c;
}

}  // namespace

TEST_CASE("Output: a failed read leaves complete records, at every hold and flush size") {
  // 70 records of varied lengths, some quoted (more than the reader looks
  // ahead for the header, so that an error at the end comes mid-stream);
  // the canonical form is what CsvWriter writes back.
  const std::size_t n = 70;
  std::vector<std::string> canonical = {"id,nom,avis\n"};
  std::string input = canonical[0];
  for (std::size_t i = 1; i <= n; ++i) {
    std::string avis = i % 3 == 0 ? "\"bien, très\"" : std::string(i % 7 + 1, 'x');
    std::string record = std::to_string(i) + ",n" + std::to_string(i * 7) + "," + avis + "\n";
    input += record;
    canonical.push_back(record);
  }
  TempDir dir;
  std::size_t cases = 0;
  struct Failure {
    std::size_t good;   // Records before the bad one.
    bool unterminated;  // An unterminated quote at the end, else a short record.
  };
  // The error after every record, with a few hold sizes; and at a few
  // places with every hold size around a record's end.
  std::vector<std::pair<Failure, bool>> failures;  // (where, every hold size)
  for (std::size_t good = 0; good <= n; ++good) failures.push_back({Failure{good, false}, false});
  for (Failure f : {Failure{0, false}, Failure{1, false}, Failure{2, false}, Failure{35, false},
                    Failure{n - 2, false}, Failure{n, false}, Failure{n, true}})
    failures.push_back({f, true});
  for (const auto& [f, every_hold] : failures) {
    std::size_t pos = 0;
    for (std::size_t r = 0; r <= f.good; ++r) pos = input.find('\n', pos) + 1;
    const std::string bad_input =
        input.substr(0, pos) +
        (f.unterminated ? "99,x,\"pas fermé\n" : "99,court\n" + input.substr(pos));
    const Clean clean =
        clean_output(std::vector<std::string>(canonical.begin(), canonical.begin() + 1 + f.good));
    // Hold sizes at, just before and just after each record's end.
    std::vector<std::size_t> holds = {1, 100, 400, clean.bytes.size() + 1};
    if (every_hold)
      for (std::size_t end : clean.ends)
        for (std::size_t h : {end - 1, end, end + 1})
          if (h > 0) holds.push_back(h);
    for (std::size_t hold : holds) {
      for (std::size_t flush : {1, 2, 5, 13, 64, 1000}) {
        int fd = ::memfd_create("survey-output", 0);  // In memory: thousands of runs stay quick.
        REQUIRE(fd >= 0);
        bool failed = false;
        std::size_t delivered = 0;
        {
          Output out(fd, "test", hold, flush);
          try {
            copy_records(bad_input, out, delivered);
          } catch (const Error&) {
            failed = true;
          }
        }
        const std::string got = read_back(fd);
        ::close(fd);
        // Nothing until `hold` bytes of complete records, then every record
        // produced before the failure, never a cut one.
        const bool shown = std::any_of(clean.ends.begin(), clean.ends.end(),
                                       [&](std::size_t end) { return end >= hold; });
        INFO("records before the error ", f.good, ", unterminated ", f.unterminated, ", hold ",
             hold, ", flush ", flush);
        CHECK(failed);
        CHECK(delivered == f.good);
        CHECK(got == (shown ? clean.bytes : std::string()));
        ++cases;
      }
    }
  }
  MESSAGE(cases, " hold and flush sizes checked");
}

TEST_CASE("Output: a committed stream holds everything, whatever the sizes") {
  TempDir dir;
  const std::string input = "a,b\n1,\"x\ny\"\n2,z\n";
  for (std::size_t hold : {1, 4, 9, 100})
    for (std::size_t flush : {1, 3, 100}) {
      const fs::path file = dir.path / "out";
      int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
      {
        Output out(fd, "test", hold, flush);
        copy_records(input, out);
      }
      ::close(fd);
      CHECK(slurp(file) == input);
    }
}

TEST_CASE("Output: -o keeps the mode of the file it replaces") {
  TempDir dir;
  const fs::path target = dir.path / "out.csv";
  spit(target, "old\n");
  ::chmod(target.c_str(), 0664);
  {
    Output out(target.string());
    out.write("new\n");
    out.commit();
  }
  struct stat st;
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0664);
  CHECK(slurp(target) == "new\n");
  ::chmod(target.c_str(), 0600);
  {
    Output out(target.string());
    out.write("newer\n");
    out.commit();
  }
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
}

TEST_CASE("Output: -o writes through symbolic links, in the folder of the file they name") {
  TempDir dir;
  fs::create_directory(dir.path / "data");
  const fs::path real = dir.path / "data" / "real.csv";
  spit(real, "old\n");
  ::chmod(real.c_str(), 0640);
  // A relative link, and a link to that link.
  fs::create_symlink("data/real.csv", dir.path / "link.csv");
  fs::create_symlink(dir.path / "link.csv", dir.path / "link2.csv");
  for (const char* name : {"link.csv", "link2.csv"}) {
    const fs::path link = dir.path / name;
    {
      Output out(link.string());
      out.write(std::string("through ") + name + "\n");
      // The temporary file lies next to the file named, not next to the link.
      std::size_t beside_real = 0, beside_link = 0;
      for (const auto& e : fs::directory_iterator(dir.path / "data"))
        beside_real += e.path().filename().string().find(".tmp-") != std::string::npos;
      for (const auto& e : fs::directory_iterator(dir.path))
        beside_link += e.path().filename().string().find(".tmp-") != std::string::npos;
      CHECK(beside_real == 1);
      CHECK(beside_link == 0);
      out.commit();
    }
    CHECK(fs::is_symlink(link));
    CHECK(slurp(real) == std::string("through ") + name + "\n");
    struct stat st;
    REQUIRE(::stat(real.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
  }
  // A link to a file not there yet: the file is created, the link kept.
  fs::create_symlink("data/new.csv", dir.path / "dangling.csv");
  {
    Output out((dir.path / "dangling.csv").string());
    out.write("created\n");
    out.commit();
  }
  CHECK(fs::is_symlink(dir.path / "dangling.csv"));
  CHECK(slurp(dir.path / "data" / "new.csv") == "created\n");
  // A failed run leaves the file named as it was, and no temporary file.
  {
    Output out((dir.path / "link.csv").string());
    out.write("half");
  }
  CHECK(slurp(real) == "through link2.csv\n");
  std::size_t left = 0;
  for (const auto& e : fs::directory_iterator(dir.path / "data"))
    left += e.path().filename().string().find(".tmp-") != std::string::npos;
  CHECK(left == 0);
  // A loop of links, and a folder, are errors.
  fs::create_symlink("loop-b", dir.path / "loop-a");
  fs::create_symlink("loop-a", dir.path / "loop-b");
  CHECK_THROWS_AS(Output((dir.path / "loop-a").string()), Error);
  CHECK_THROWS_AS(Output((dir.path / "data").string()), Error);
}

TEST_CASE("Output: -o on a device writes in place") {
  Output out(std::string("/dev/null"));
  out.write("nothing\n");
  CHECK_NOTHROW(out.commit());
}

TEST_CASE("CsvWriter") {
  TempDir dir;
  auto written = [&](const CsvStyle& style) {
    const fs::path file = dir.path / "w.csv";
    {
      Output out(file.string());
      out.set_csv_style(style);
      CsvWriter w(out);
      w.row(std::vector<std::string>{"question", "answer", "percent"});
      w.row(std::vector<std::string>{"q1", "Oui, une fois", "75.7"});
      w.row(std::vector<std::string>{"q2", "a;b", "-0.25"});
      w.row(std::vector<std::string>{"q3", "1.2.3", "12"});
      w.row(std::vector<std::string>{"q4", " espace", "1e5"});
      out.commit();
    }
    return slurp(file);
  };
  CHECK(written(CsvStyle{}) ==
        "question,answer,percent\nq1,\"Oui, une fois\",75.7\nq2,a;b,-0.25\nq3,1.2.3,12\nq4,\" "
        "espace\",1e5\n");
  CHECK(written(excel_csv_style()) ==
        "\xEF\xBB\xBFquestion;answer;percent\r\nq1;Oui, une "
        "fois;75,7\r\nq2;\"a;b\";-0,25\r\nq3;1.2.3;12\r\n"
        "q4;\" espace\";1e5\r\n");
}

TEST_CASE("is_decimal_number") {
  for (const char* yes : {"75.7", "-0.25", "0.0", "100.000"})
    CHECK_MESSAGE(is_decimal_number(yes), yes);
  for (const char* no : {"12", "", ".5", "5.", "1e5", "1,234.5", "1.2.3", "-", "a.5", "+1.5"})
    CHECK_MESSAGE(!is_decimal_number(no), no);
}
