// The pieces of `survey report`: verbatim samples (count/verbatims.hpp),
// small-cell suppression (stats/disclosure.hpp), the report scanner
// (count/report_scan.hpp) read in parallel chunks, and validate's checks from
// counts (findings_from_counts) against Validator itself.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "helpers.hpp"
#include "survey/count/report_scan.hpp"
#include "survey/count/scan.hpp"
#include "survey/count/validate.hpp"
#include "survey/count/verbatims.hpp"
#include "survey/model/conditions.hpp"
#include "survey/model/infer.hpp"
#include "survey/stats/disclosure.hpp"

using namespace survey;
using survey::test::TempFile;

namespace {

std::vector<std::string> texts_of(const VerbatimSample& s) {
  std::vector<std::string> out;
  for (const auto& v : s.items()) out.push_back(v.text + "@" + std::to_string(v.line));
  return out;
}

}  // namespace

TEST_CASE(
    "VerbatimSample keeps the distinct texts of lowest key, whatever the order and the chunks") {
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i)
    texts.push_back("commentaire " + std::to_string(i % 150));  // 50 repeated.
  VerbatimSample whole(7, 42);
  for (std::size_t i = 0; i < texts.size(); ++i) whole.offer(texts[i], i + 2);
  // The 7 lowest keys among the distinct texts, computed apart.
  std::vector<std::pair<std::uint64_t, std::string>> keyed;
  std::set<std::string> distinct(texts.begin(), texts.end());
  for (const auto& t : distinct) keyed.emplace_back(whole.key(t), t);
  std::sort(keyed.begin(), keyed.end());
  auto items = whole.items();
  REQUIRE(items.size() == 7);
  for (std::size_t k = 0; k < 7; ++k) {
    CHECK(items[k].text == keyed[k].second);
    // The first line where the text was offered.
    std::size_t first = std::find(texts.begin(), texts.end(), items[k].text) - texts.begin();
    CHECK(items[k].line == first + 2);
  }
  // Another order gives the same texts.
  std::vector<std::size_t> order(texts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937(3));
  VerbatimSample shuffled(7, 42);
  for (std::size_t i : order) shuffled.offer(texts[i], i + 2);
  CHECK(texts_of(shuffled) == texts_of(whole));
  // Chunks merged in order give the whole (their lines shifted).
  for (std::size_t cut : {1u, 50u, 120u, 199u}) {
    VerbatimSample a(7, 42), b(7, 42);
    for (std::size_t i = 0; i < cut; ++i) a.offer(texts[i], i + 2);
    for (std::size_t i = cut; i < texts.size(); ++i) b.offer(texts[i], i - cut + 1);
    a.merge(b, cut + 1);
    CHECK(texts_of(a) == texts_of(whole));
  }
  // Another seed draws others; no capacity, nothing; empty texts never.
  VerbatimSample other(7, 43), none(0, 42), blank(3, 1);
  for (std::size_t i = 0; i < texts.size(); ++i)
    other.offer(texts[i], i + 2), none.offer(texts[i], i);
  CHECK(texts_of(other) != texts_of(whole));
  CHECK(none.items().empty());
  blank.offer("", 2);
  CHECK(blank.items().empty());
}

namespace {

// Whether the reader, knowing the shown cells, the known margins and that
// hidden cells are whole numbers >= 0 (primary ones also < `primary_below`
// when it is not 0), can tell the value of hidden cell `k`: true when no
// other value fits.
bool recomputable(const CountTable& t, const std::vector<CellState>& states, std::size_t k,
                  std::uint64_t primary_below = 0) {
  std::vector<std::size_t> hidden;
  for (std::size_t i = 0; i < states.size(); ++i)
    if (states[i] != CellState::Shown) hidden.push_back(i);
  std::vector<std::int64_t> row_left(t.rows, 0), col_left(t.columns, 0);
  std::vector<int> row_vars(t.rows, 0), col_vars(t.columns, 0);
  std::uint64_t biggest = 0;
  for (std::size_t i = 0; i < states.size(); ++i) {
    std::size_t r = i / t.columns, c = i % t.columns;
    if (states[i] == CellState::Shown) continue;
    row_left[r] += static_cast<std::int64_t>(t.counts[i]);
    col_left[c] += static_cast<std::int64_t>(t.counts[i]);
    ++row_vars[r];
    ++col_vars[c];
  }
  for (auto n : t.counts) biggest += n;
  std::function<bool(std::size_t)> search = [&](std::size_t v) -> bool {
    if (v == hidden.size()) {
      for (std::size_t r = 0; r < t.rows; ++r)
        if (t.row_totals_known && row_left[r] != 0) return false;
      for (std::size_t c = 0; c < t.columns; ++c)
        if (t.column_totals_known && col_left[c] != 0) return false;
      return true;
    }
    std::size_t i = hidden[v], r = i / t.columns, c = i % t.columns;
    std::int64_t high = static_cast<std::int64_t>(biggest);
    if (t.row_totals_known) high = std::min(high, row_left[r]);
    if (t.column_totals_known) high = std::min(high, col_left[c]);
    if (primary_below && states[i] == CellState::Primary)
      high = std::min<std::int64_t>(high, primary_below - 1);
    std::int64_t low = 0;
    // The last unknown of a known margin takes what is left.
    if (t.row_totals_known && row_vars[r] == 1)
      low = high = row_left[r];
    else if (t.column_totals_known && col_vars[c] == 1)
      low = high = col_left[c];
    if (t.row_totals_known && t.column_totals_known && row_vars[r] == 1 && col_vars[c] == 1 &&
        row_left[r] != col_left[c])
      return false;
    for (std::int64_t x = low; x <= high; ++x) {
      if (x < 0) continue;
      if (i == k && x == static_cast<std::int64_t>(t.counts[i])) continue;
      row_left[r] -= x, col_left[c] -= x, --row_vars[r], --col_vars[c];
      bool found = search(v + 1);
      row_left[r] += x, col_left[c] += x, ++row_vars[r], ++col_vars[c];
      if (found) return true;
    }
    return false;
  };
  return !search(0);
}

}  // namespace

TEST_CASE("suppress_small_cells") {
  // A 3 in a 3 x 3 table: the cheapest cycle through it is hidden with it.
  CountTable t{3, 3, {10, 3, 20, 12, 15, 18, 8, 9, 30}, true, true};
  auto s = suppress_small_cells(t, 5);
  using S = CellState;
  CHECK(s == std::vector<S>{S::Complementary, S::Primary, S::Shown, S::Shown, S::Shown, S::Shown,
                            S::Complementary, S::Complementary, S::Shown});
  CHECK(determined_cells(t, s).empty());
  for (std::size_t k : {0u, 1u, 6u, 7u}) CHECK_FALSE(recomputable(t, s, k));
  // Without suppression, the 3 follows from its row: that is what is prevented.
  CHECK(recomputable(t,
                     std::vector<S>{S::Shown, S::Primary, S::Shown, S::Shown, S::Shown, S::Shown,
                                    S::Shown, S::Shown, S::Shown},
                     1));
  // Nothing below the threshold, or no threshold: nothing hidden.
  CHECK(suppress_small_cells(t, 3) == std::vector<S>(9, S::Shown));
  CHECK(suppress_small_cells(t, 0) == std::vector<S>(9, S::Shown));
  CHECK(suppress_small_cells(t, 1) == std::vector<S>(9, S::Shown));
  // One row whose total is known (group sizes with their total): two cells at least.
  CountTable list{1, 4, {148, 88, 3, 27}, true, false};
  auto l = suppress_small_cells(list, 5);
  CHECK(l == std::vector<S>{S::Shown, S::Shown, S::Primary, S::Complementary});
  CHECK_FALSE(recomputable(list, l, 2));
  // Zeros stay shown; a small cell alone in its column cannot be protected.
  CountTable zeros{2, 3, {2, 0, 4, 0, 9, 1}, true, true};
  auto z = suppress_small_cells(zeros, 5);
  CHECK(z == std::vector<S>{S::Primary, S::Shown, S::Primary, S::Shown, S::Shown, S::Primary});
  CHECK(determined_cells(zeros, z) == std::vector<std::size_t>{0, 2, 5});
  for (std::size_t k : {0u, 2u, 5u}) CHECK(recomputable(zeros, z, k));
}

TEST_CASE("suppress_small_cells: no hidden cell can be recomputed, on random tables") {
  std::mt19937 rng(2020);
  int tables = 0, bound_leaks = 0, hidden_cells = 0, unprotectable = 0;
  for (int round = 0; round < 400; ++round) {
    CountTable t;
    t.rows = 2 + rng() % 3;
    t.columns = 2 + rng() % 3;
    int margins = static_cast<int>(rng() % 3);
    t.row_totals_known = margins != 1;
    t.column_totals_known = margins != 2;
    std::uint64_t k = 3 + rng() % 3;
    for (std::size_t i = 0; i < t.rows * t.columns; ++i) {
      unsigned roll = rng() % 10;
      t.counts.push_back(roll < 2 ? 0 : roll < 6 ? rng() % k : rng() % 12);
    }
    auto s = suppress_small_cells(t, k);
    ++tables;
    CAPTURE(round);
    for (std::size_t i = 0; i < s.size(); ++i) {
      bool small = t.counts[i] > 0 && t.counts[i] < k;
      CHECK((s[i] == CellState::Primary) == small);
    }
    const auto determined = determined_cells(t, s);
    if (!determined.empty()) {
      // Nothing shown could protect those: the report leaves such a table out.
      ++unprotectable;
      for (std::size_t i : determined) CHECK(recomputable(t, s, i));
      continue;
    }
    std::string shown;
    for (std::size_t i = 0; i < s.size(); ++i)
      shown += (i % t.columns ? " " : " / ") + std::to_string(t.counts[i]) +
               (s[i] == CellState::Primary         ? "p"
                : s[i] == CellState::Complementary ? "c"
                                                   : "");
    CAPTURE(shown);
    CAPTURE(margins);
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == CellState::Shown) continue;
      ++hidden_cells;
      CHECK_FALSE(recomputable(t, s, i));
      // Knowing that a primary cell is below K narrows it: seldom to one value.
      if (s[i] == CellState::Primary && recomputable(t, s, i, k)) ++bound_leaks;
    }
  }
  MESSAGE(tables << " tables, " << unprotectable << " left out as unprotectable, " << hidden_cells
                 << " hidden cells, " << bound_leaks << " pinned by the \"< K\" bound as well");
  CHECK(unprotectable < tables);
  CHECK(hidden_cells > 200);
}

namespace {

// An export with ids (some repeated), French timestamps out of order,
// regions, and comments (some rows repeated whole).
std::string report_sample(std::size_t rows, unsigned seed) {
  std::mt19937 rng(seed);
  const char* regions[] = {"Bretagne", "Corse", "\"Provence, Alpes\"", "Île-de-France", ""};
  const char* comments[] = {"",
                            "",
                            "",
                            "\"très \"\"bien\"\" merci\"",
                            "\"ligne 1\nligne 2, suite\"",
                            "Trop général et trop vague",
                            "\"Écrire à jean@exemple.fr, merci\"",
                            "RAS",
                            "\"a\r\nb\r\nc, long enough\"",
                            ""};
  std::string out = "id,Horodateur,Région,Commentaire\n";
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < rows; ++i) {
    std::string id = std::to_string(rng() % 23 == 0 ? rng() % 5 : i + 1000);
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%02u/%02u/2020 %02u:%02u:%02u", 1 + rng() % 28,
                  1 + rng() % 12, rng() % 24, rng() % 60, rng() % 60);
    std::string comment = comments[rng() % 10];
    if (rng() % 3 == 0) comment = "\"commentaire " + std::to_string(rng() % 40) + ", unique\"";
    std::string line = id + "," + stamp + "," + regions[rng() % 5] + "," + comment + "\n";
    if (!lines.empty() && rng() % 17 == 0) {
      // The same answers again (another id and time).
      std::string again = lines[rng() % lines.size()];
      line = id + "," + stamp + again.substr(again.find(',', again.find(',') + 1));
    }
    lines.push_back(line);
    out += line;
  }
  return out;
}

std::vector<Question> report_questions() {
  std::vector<Question> qs(4);
  qs[0] = Question{"id", "id", QuestionType::Id, {}, {0}};
  qs[1] = Question{"horodateur", "Horodateur", QuestionType::Datetime, {}, {1}};
  qs[2] = Question{"region", "Région", QuestionType::Single, {}, {2}};
  qs[3] = Question{"commentaire", "Commentaire", QuestionType::Text, {}, {3}};
  return qs;
}

struct Scanned {
  std::vector<std::string> sample;
  std::string latest;
  Repeats ids, submissions;
};

Scanned scan_report(const std::string& path, unsigned threads, std::uint64_t min_chunk) {
  ReportScanSpec spec;
  spec.text_columns = {3};
  spec.sample_size = 6;
  spec.seed = 9;
  spec.date_columns = {1};
  auto qs = report_questions();
  spec.id_questions = {qs[0]};
  spec.submissions = SubmissionKey(qs);
  ReportScanner scanner(spec);
  ScanOptions so;
  so.threads = threads;
  so.min_chunk_bytes = min_chunk;
  CsvReader reader(open_input(path));
  TallySpec tally{{0, 1, 2, 3}, std::nullopt, {}};
  tally_input(reader, path, tally, Conditions(), so, &scanner);
  if (scanner.needs_second_pass()) {
    CsvReader again(open_input(path));
    tally_input(again, path, TallySpec{}, Conditions(), so, &scanner.second_pass());
  }
  scanner.finish();
  Scanned out;
  out.sample = texts_of(*scanner.sample(3));
  auto latest = scanner.latest(1)->latest();
  out.latest = latest ? format_datetime(*latest) : "none";
  out.ids = scanner.id_repeats(0);
  out.submissions = scanner.submission_repeats();
  return out;
}

}  // namespace

TEST_CASE("ReportScanner gives what one thread gives, and validate's duplicates") {
  TempFile file(report_sample(400, 5));
  Scanned one = scan_report(file.path, 1, 1 << 30);
  REQUIRE(one.sample.size() == 6);
  CHECK(one.latest != "none");
  CHECK(one.ids.count > 0);
  CHECK(one.submissions.count > 0);
  for (unsigned threads : {2u, 3u, 8u, 31u}) {
    CAPTURE(threads);
    Scanned many = scan_report(file.path, threads, 1);
    CHECK(many.sample == one.sample);
    CHECK(many.latest == one.latest);
    CHECK(many.ids.count == one.ids.count);
    CHECK(many.ids.lines == one.ids.lines);
    CHECK(many.submissions.count == one.submissions.count);
    CHECK(many.submissions.lines == one.submissions.lines);
  }
  // The latest time, computed apart.
  test::Parsed p = test::read_all(report_sample(400, 5));
  std::int64_t latest = 0;
  for (const auto& row : p.rows)
    latest = std::max(latest, parse_datetime(row[1], DateOrder::DayFirst)->seconds);
  CHECK(one.latest == format_datetime(DateTime{latest, true, false}));
  // Validator finds the same repeats (its lines are sorted and unique).
  auto qs = report_questions();
  Validator v(qs, {-1, -1, -1, -1}, p.header);
  CsvReader reader(open_input(file.path));
  Row row;
  while (reader.next(row)) v.add(row, 0);
  REQUIRE(v.needs_second_pass());
  CsvReader again(open_input(file.path));
  while (again.next(row)) v.add_second(row);
  auto sorted = [](std::vector<std::uint64_t> l) {
    std::sort(l.begin(), l.end());
    l.erase(std::unique(l.begin(), l.end()), l.end());
    return l;
  };
  bool ids = false, rows = false;
  for (const auto& f : v.finish()) {
    if (f.check == "duplicate-id") {
      ids = true;
      CHECK(f.count == one.ids.count);
      CHECK(f.lines == sorted(one.ids.lines));
    }
    if (f.check == "duplicate-submission") {
      rows = true;
      CHECK(f.count == one.submissions.count);
      CHECK(f.lines == sorted(one.submissions.lines));
    }
  }
  CHECK(ids);
  CHECK(rows);
}

TEST_CASE("LatestTime reads the column in the order every value allows") {
  LatestTime day;
  for (const char* t : {"07/08/2020 10:00", "13/07/2020 09:00", "2020-08-01"}) day.add(t);
  CHECK(format_datetime(*day.latest()) == "2020-08-07T10:00:00");
  LatestTime month;
  for (const char* t : {"07/08/2020 10:00", "07/13/2020 09:00"}) month.add(t);
  CHECK(format_datetime(*month.latest()) == "2020-07-13T09:00:00");
  LatestTime both;
  for (const char* t : {"13/07/2020", "07/13/2020", "2020-13-45"}) both.add(t);
  CHECK(format_datetime(*both.latest()) == "2020-07-13");
  LatestTime text;
  text.add("pas une date");
  CHECK_FALSE(text.latest());
}

namespace {

// Findings as comparable text, without lines (counts do not keep them).
std::vector<std::string> flat(const std::vector<Finding>& findings, bool duplicates) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    bool dup = f.check == "duplicate-id" || f.check == "duplicate-submission" ||
               f.check == "straight-lining";
    if (dup && !duplicates) continue;
    out.push_back(std::string(severity_name(f.severity)) + " " + f.check + " " + f.question + " " +
                  f.detail + " " + std::to_string(f.count) + "/" + std::to_string(f.base));
  }
  return out;
}

void compare_with_validator(const std::string& path, const std::string& codebook) {
  CAPTURE(path);
  CsvReader reader(open_input(path));
  const auto header = reader.header();
  Diagnostics warnings;
  std::vector<Question> questions;
  std::vector<std::size_t> all(header.size());
  for (std::size_t j = 0; j < all.size(); ++j) all[j] = j;
  std::vector<std::vector<std::size_t>> groups;
  if (!codebook.empty())
    questions = build_questions(read_codebook(codebook), header, warnings);
  else
    for (const auto& g : find_column_groups(header)) groups.push_back(g.columns);
  Conditions conditions(questions, header);
  for (const auto& q : questions)
    if (q.option_columns) groups.push_back(q.columns);
  Counts counts = tally_input(reader, path, TallySpec{all, std::nullopt, groups}, conditions);
  if (codebook.empty()) {
    Diagnostics notes;
    questions = build_questions(
        infer_codebook(profile_columns(counts, header), reader.info().format, notes), header,
        warnings);
  }
  std::vector<int> bits;
  for (const auto& q : questions) bits.push_back(conditions.bit(q.base));
  auto from_counts = findings_from_counts(questions, bits, counts, header);

  Validator v(questions, bits, header);
  CsvReader rows(open_input(path));
  Row row;
  Conditions eval(questions, header);
  while (rows.next(row)) v.add(row, eval.evaluate(row));
  CHECK(flat(from_counts, false) == flat(v.finish(), false));
}

}  // namespace

TEST_CASE("findings_from_counts agrees with Validator") {
  const std::string samples = SURVEY_SAMPLES_DIR;
  compare_with_validator(samples + "/coet-mof-2020.csv", samples + "/coet-mof-2020.codebook.csv");
  compare_with_validator(samples + "/coet-mof-2020.csv", "");
  for (const char* name :
       {"google-forms", "limesurvey", "surveymonkey", "framaforms", "kobo", "ms-forms", "excel-fr"})
    compare_with_validator(samples + "/platforms/" + name + ".csv", "");
  // Codebooks with problems to find: the validate goldens.
  const std::string cases = std::string(SURVEY_TESTS_DIR) + "/cli/validate/";
  for (const char* name : {"out-of-base", "levels", "clean", "empty-and-straight"})
    compare_with_validator(cases + name + "/input.csv", cases + name + "/codebook.csv");
}
