// tally_input: reading in parallel chunks gives exactly what one thread
// gives, whatever the chunk boundaries (inside quotes, on line ends, one byte
// off), with the same warnings and error lines.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>

#include "helpers.hpp"
#include "survey/count/scan.hpp"

using namespace survey;
using survey::test::TempFile;

namespace {

// An export with quoted commas, doubled quotes and quoted line breaks
// (LF and CRLF), so that many byte positions lie inside quotes.
std::string sample(std::size_t rows, unsigned seed, const char* eol) {
  std::mt19937 rng(seed);
  const char* regions[] = {"Bretagne", "Corse", "\"Provence, Alpes\"", "Île-de-France", ""};
  const char* answers[] = {"\"Oui, une fois\"", "Non", "\"Oui, plusieurs fois\"", ""};
  const char* comments[] = {"", "\"bien\"", "\"très \"\"bien\"\"\"", "\"ligne 1\nligne 2\"", "\"a\r\nb\r\nc\"",
                            "\"long, très long commentaire ; avec des signes\"", "\"\n\"", "\"\"\"\""};
  std::string out = std::string("id,Région,Q1,Commentaire") + eol;
  for (std::size_t i = 0; i < rows; ++i)
    out += std::to_string(i + 1) + "," + regions[rng() % 5] + "," + answers[rng() % 4] + "," + comments[rng() % 8] + eol;
  return out;
}

// Everything the counts hold, as comparable text.
std::string dump(const Counts& c) {
  std::map<std::string, std::uint64_t> flat;
  for (const auto& col : c.columns)
    for (std::size_t v = 0; v < col.values.size(); ++v)
      for (std::size_t k = 0; k < col.counts[v].size(); ++k)
        if (col.counts[v][k])
          flat[std::to_string(col.column) + "|" + c.groups[c.cells[k].group] + "|" + std::to_string(c.cells[k].mask) +
               "|" + col.values[v]] += col.counts[v][k];
  std::string out = "rows " + std::to_string(c.rows) + "\n";
  for (const auto& [k, n] : flat) out += k + " = " + std::to_string(n) + "\n";
  return out;
}

struct Result {
  std::string counts;
  ReadStats stats;
  Diagnostics warnings;
  std::string error;
};

Result scan(const std::string& path, unsigned threads, std::uint64_t min_chunk, ReaderOptions ro = {},
            std::size_t* rereads = nullptr) {
  Result r;
  try {
    CsvReader reader(open_input(path), ro);
    std::vector<std::size_t> columns(reader.header().size());
    for (std::size_t j = 0; j < columns.size(); ++j) columns[j] = j;
    ScanOptions so;
    so.threads = threads;
    so.min_chunk_bytes = min_chunk;
    so.rereads = rereads;
    Counts c = tally_input(reader, path, TallySpec{columns, std::size_t{1}, {}}, Conditions(), so);
    r.counts = dump(c);
    r.stats = reader.stats();
    r.warnings = reader.warnings();
  } catch (const Error& e) {
    r.error = format_error("t", e);
  }
  return r;
}

}  // namespace

TEST_CASE("tally_input gives the same counts for every chunking") {
  for (const char* eol : {"\n", "\r\n"}) {
    TempFile file(sample(300, 7, eol));
    Result one = scan(file.path, 1, 1);
    REQUIRE(one.error.empty());
    // Chunks of a few bytes up to a few hundred put boundaries everywhere:
    // inside quotes, on CR and LF, one byte before and after record starts.
    std::size_t rereads = 0;
    for (unsigned threads : {2u, 3u, 7u, 16u, 61u, 200u}) {
      CAPTURE(threads);
      Result many = scan(file.path, threads, 1, {}, &rereads);
      CHECK(many.error.empty());
      CHECK(many.counts == one.counts);
      CHECK(many.stats.records == one.stats.records);
    }
    // Some boundaries did fall inside quoted line breaks, and were repaired.
    CHECK(rereads > 0);
  }
}

TEST_CASE("tally_input reports errors and warnings at the lines one thread gives") {
  std::string text = sample(200, 11, "\n");
  text += "201,Corse,Non,\"never closed\n";
  for (int i = 0; i < 50; ++i) text += "x,y,z,w\n";
  TempFile file(text);
  Result one = scan(file.path, 1, 1);
  REQUIRE(!one.error.empty());
  for (unsigned threads : {2u, 5u, 33u}) {
    CAPTURE(threads);
    CHECK(scan(file.path, threads, 1).error == one.error);
  }

  std::string ragged = sample(200, 12, "\n") + "999,Corse\n" + sample(50, 13, "\n").substr(27);
  TempFile file2(ragged);
  ReaderOptions lenient;
  lenient.lenient = true;
  Result a = scan(file2.path, 1, 1, lenient);
  REQUIRE(a.error.empty());
  REQUIRE(a.warnings.size() == 1);
  for (unsigned threads : {2u, 9u, 40u}) {
    CAPTURE(threads);
    Result b = scan(file2.path, threads, 1, lenient);
    CHECK(b.counts == a.counts);
    REQUIRE(b.warnings.size() == 1);
    CHECK(b.warnings[0].line == a.warnings[0].line);
    CHECK(b.warnings[0].message == a.warnings[0].message);
  }
}

TEST_CASE("tally_input skips notes below the data only at the end") {
  std::string text = sample(100, 3, "\r\n") + ",,,\r\nTotal : 100 réponses,,,\r\n";
  TempFile file(text);
  Result one = scan(file.path, 1, 1);
  REQUIRE(one.error.empty());
  CHECK(one.stats.notes_below == 1);
  for (unsigned threads : {2u, 4u, 50u}) {
    CAPTURE(threads);
    Result many = scan(file.path, threads, 1);
    CHECK(many.counts == one.counts);
    CHECK(many.stats.notes_below == 1);
    CHECK(many.stats.empty_records == one.stats.empty_records);
  }
}

namespace {

struct Rows {
  std::vector<std::string> rows;  // Values joined by '\x1f', then the line.
  ReadStats stats;
  Diagnostics warnings;
  std::vector<Reject> rejects;
  std::string error;
};

Rows read_rows(const std::string& path, unsigned threads, std::uint64_t chunk, ReaderOptions ro = {}) {
  Rows r;
  try {
    CsvReader reader(open_input(path), ro);
    ScanOptions so;
    so.threads = threads;
    so.min_chunk_bytes = 1;
    for_each_row(
        reader, path,
        [&](const Row& row) {
          std::string s;
          for (auto v : row.values()) s.append(v).push_back('\x1f');
          r.rows.push_back(s + std::to_string(row.line()));
        },
        so, chunk);
    r.stats = reader.stats();
    r.warnings = reader.warnings();
    r.rejects = reader.rejects();
  } catch (const Error& e) {
    r.error = format_error("t", e);
  }
  return r;
}

}  // namespace

TEST_CASE("for_each_row visits the same rows, in order, with the same lines, whatever the chunks") {
  for (const char* eol : {"\n", "\r\n"}) {
    TempFile file(sample(400, 21, eol));
    Rows one = read_rows(file.path, 1, 1 << 20);
    REQUIRE(one.error.empty());
    REQUIRE(one.rows.size() == 400);
    for (std::uint64_t chunk : {1u, 7u, 64u, 301u, 4096u})
      for (unsigned threads : {2u, 3u}) {
        CAPTURE(chunk);
        CAPTURE(threads);
        Rows many = read_rows(file.path, threads, chunk);
        CHECK(many.error.empty());
        CHECK(many.rows == one.rows);
        CHECK(many.stats.records == one.stats.records);
      }
  }
}

TEST_CASE("for_each_row stops at the first error, after the rows before it") {
  std::string text = sample(150, 5, "\n") + "151,Corse,Non,ab\"c\n" + sample(40, 6, "\n").substr(27);
  TempFile file(text);
  Rows one = read_rows(file.path, 1, 1 << 20);
  REQUIRE(!one.error.empty());
  for (std::uint64_t chunk : {3u, 100u, 1000u}) {
    CAPTURE(chunk);
    Rows many = read_rows(file.path, 2, chunk);
    CHECK(many.error == one.error);
    CHECK(many.rows == one.rows);
  }
  std::string notes = sample(80, 8, "\r\n") + ";;;\r\nTotal : 80 réponses,,,\r\n";
  TempFile file2(notes);
  Rows a = read_rows(file2.path, 1, 1 << 20);
  Rows b = read_rows(file2.path, 2, 50);
  CHECK(b.rows == a.rows);
  CHECK(b.stats.notes_below == a.stats.notes_below);
  REQUIRE(b.warnings.size() == a.warnings.size());
  for (std::size_t i = 0; i < a.warnings.size(); ++i) CHECK(b.warnings[i].line == a.warnings[i].line);
}

TEST_CASE("tally_input: warnings raised while decoding a chunk's values name lines of the whole input") {
  // A misplaced quote is only noticed when the value is decoded (--lenient),
  // after the chunk was read.
  std::string text = sample(300, 31, "\n") + "301,Corse,ab\"c,fin\n" + sample(60, 32, "\n").substr(27);
  TempFile file(text);
  ReaderOptions lenient;
  lenient.lenient = true;
  Result one = scan(file.path, 1, 1, lenient);
  REQUIRE(one.error.empty());
  REQUIRE(!one.warnings.empty());
  for (unsigned threads : {2u, 7u, 30u}) {
    CAPTURE(threads);
    Result many = scan(file.path, threads, 1, lenient);
    REQUIRE(many.warnings.size() == one.warnings.size());
    for (std::size_t i = 0; i < one.warnings.size(); ++i) {
      CHECK(many.warnings[i].line == one.warnings[i].line);
      CHECK(many.warnings[i].message == one.warnings[i].message);
    }
  }
}

TEST_CASE("parallel reading accounts for every byte of the file once: progress never passes its size") {
  TempFile file(sample(3000, 5, "\n"));
  std::ifstream in(file.path, std::ios::binary | std::ios::ate);
  const std::uint64_t size = static_cast<std::uint64_t>(in.tellg());
  for (unsigned threads : {1u, 2u, 3u})
    for (std::uint64_t chunk : {1000u, 4096u, 1u << 20}) {
      CAPTURE(threads);
      CAPTURE(chunk);
      // Ordered rows, with a read buffer far smaller than a chunk's read-ahead.
      {
        CsvReader reader(open_input(file.path));
        ScanOptions so;
        so.threads = threads;
        so.min_chunk_bytes = 1;
        std::uint64_t last = 0;
        bool monotonic = true;
        so.progress = [&](std::uint64_t bytes, std::uint64_t) {
          monotonic = monotonic && bytes >= last && bytes <= size;
          last = bytes;
        };
        for_each_row(reader, file.path, [](const Row&) {}, so, chunk);
        CHECK(monotonic);
        CHECK(reader.bytes_read() == size);
      }
      // Counting.
      {
        CsvReader reader(open_input(file.path));
        ScanOptions so;
        so.threads = threads;
        so.min_chunk_bytes = chunk;
        tally_input(reader, file.path, TallySpec{{1}, std::size_t{1}, {}}, Conditions(), so);
        CHECK(reader.bytes_read() == size);
      }
    }
}

namespace {

// The sample with rows --lenient must repair every few rows: quotes that
// never close (some swallowing the lines below until another quote),
// quotes not doubled, quoted line breaks around them, short and long rows.
std::string dirty_sample(std::size_t rows, unsigned seed) {
  std::mt19937 rng(seed);
  const char* dirty[] = {"{},\"Corse,Non,fin\n",
                         "{},Corse,Non,\"il a dit \"bof\" et puis\"\n",
                         "{},Corse\n",
                         "{},Corse,Non,a,b\n",
                         "{},\"Bretagne,Oui,x\n",
                         "{},Corse,Non,\"ligne \"1\"\nligne 2\"\n",
                         "{},Corse,5\" screen,x\r\n",
                         "{},Corse,\"Oui, \"vraiment\", oui\",ok\n"};
  std::string clean = sample(rows, seed, "\n");
  std::string out;
  std::size_t n = 0;
  for (std::size_t start = 0, end; start < clean.size(); start = end + 1) {
    end = clean.find('\n', start);
    // Whole records only: a quoted line break of the sample is no record end.
    std::string line = clean.substr(start, end - start + 1);
    while (std::count(line.begin(), line.end(), '"') % 2 != 0) {
      start = end + 1;
      end = clean.find('\n', start);
      line += clean.substr(start, end - start + 1);
    }
    out += line;
    if (++n > 1 && rng() % 6 == 0) {
      std::string d = dirty[rng() % std::size(dirty)];
      d.replace(d.find("{}"), 2, std::to_string(9000 + n));
      out += d;
    }
  }
  return out;
}

std::string rejects_text(const std::vector<Reject>& rejects) {
  std::string out;
  for (const auto& r : rejects) out += std::to_string(r.line) + "|" + r.reason + "|" + r.raw + "\n";
  return out;
}

std::string warnings_text(const Diagnostics& warnings) {
  std::string out;
  for (const auto& w : warnings) out += std::to_string(w.line) + "|" + w.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("for_each_row: --lenient repairs give the same rows, warnings, lines and rejects on one thread and in chunks") {
  TempFile file(dirty_sample(700, 41));
  ReaderOptions lenient;
  lenient.lenient = true;
  lenient.rejects = "rejects.csv";
  Rows one = read_rows(file.path, 1, 1 << 20, lenient);
  REQUIRE(one.error.empty());
  const std::vector<Reject>& one_rejects = one.rejects;
  // Every kind of repair happened, more often than the warnings show.
  CHECK(one.stats.padded > 5);
  CHECK(one.stats.quotes_repaired > 5);
  CHECK(one.stats.rejected > 5);
  CHECK(one_rejects.size() == one.stats.rows_lenient());
  CHECK(one.warnings.size() < one_rejects.size());
  for (std::uint64_t chunk : {1u, 7u, 64u, 301u, 4096u})
    for (unsigned threads : {2u, 3u}) {
      CAPTURE(chunk);
      CAPTURE(threads);
      Rows many = read_rows(file.path, threads, chunk, lenient);
      CHECK(many.error.empty());
      CHECK(many.rows == one.rows);
      CHECK(warnings_text(many.warnings) == warnings_text(one.warnings));
      CHECK(rejects_text(many.rejects) == rejects_text(one_rejects));
      CHECK(many.stats.padded == one.stats.padded);
      CHECK(many.stats.quotes_repaired == one.stats.quotes_repaired);
      CHECK(many.stats.rejected == one.stats.rejected);
    }
}

TEST_CASE("tally_input: --lenient repairs give the same counts, warnings and rejects on one thread and in chunks") {
  TempFile file(dirty_sample(300, 43));
  ReaderOptions lenient;
  lenient.lenient = true;
  lenient.rejects = "rejects.csv";
  Result one = scan(file.path, 1, 1, lenient);
  REQUIRE(one.error.empty());
  CHECK(one.stats.rows_lenient() > 15);
  std::size_t rereads = 0;
  for (unsigned threads : {2u, 5u, 17u, 60u}) {
    CAPTURE(threads);
    Result many = scan(file.path, threads, 1, lenient, &rereads);
    CHECK(many.error.empty());
    CHECK(many.counts == one.counts);
    CHECK(warnings_text(many.warnings) == warnings_text(one.warnings));
    CHECK(many.stats.rows_lenient() == one.stats.rows_lenient());
    CHECK(many.stats.records == one.stats.records);
  }
  CHECK(rereads > 0);
}
