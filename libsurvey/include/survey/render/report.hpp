// The whole survey report in one Markdown document, in French or English:
// the state of the data, the respondents' origin, one section per question
// (base, answers in counts and percentages, scale scores, optional charts
// and group breakdowns with small-cell suppression), extracts of the free
// text, a data-quality section and a method footer.
//
// With a weight column (ReportOptions::weight), every percentage is
// weighted (freq's weighted tabulate()), counts and bases stay respondents,
// each question shows its weighted and effective base, and the method
// footer names the column and the effective base of all respondents.
//
// Two steps: build_report() turns what was counted (Counts, the report
// scanner's samples and times, validate's findings) into a Report, a plain
// model with every figure already computed; render_report_markdown() writes
// it. Weighted counts (--weight, to come) plug in at build_report(): the
// figures of ReportAnswer, GroupCell and the bases are filled from weighted
// sums instead of respondent counts; the renderer does not compute
// anything.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "survey/count/report_scan.hpp"
#include "survey/count/tabulate.hpp"
#include "survey/count/tally.hpp"
#include "survey/count/validate.hpp"
#include "survey/model/codebook.hpp"
#include "survey/read/values.hpp"
#include "survey/render/render.hpp"
#include "survey/stats/disclosure.hpp"

namespace survey {

enum class ReportStyle { List, Table };
enum class ChartKind { None, Bars, Mermaid };

struct ReportOptions {
  Lang lang = Lang::En;
  std::string title;  // Empty: the form's title, else a default.
  ReportStyle style = ReportStyle::List;
  ChartKind charts = ChartKind::None;
  int decimals = 1;
  std::size_t verbatims = 5;   // Extracts per free-text question (0: none).
  std::uint64_t seed = 1;      // Of the extracts' draw.
  std::uint64_t min_cell = 0;  // Counts below it hidden in group breakdowns (0: none).
  // Main groups of the origin section and of breakdowns: those with at
  // least `min_share` percent of the respondents who answered the --by
  // question, at most `max_groups` of them (0: no limit), the largest first;
  // with min_cell, also at least min_cell respondents. The rest are "Other".
  double min_share = 4.0;
  std::size_t max_groups = 0;
  bool breakdown = false;  // Each question per main group too.
  std::string command;     // The command line, for the method footer.
  std::string weight;      // The weight column's name; empty: unweighted.
};

// One answer of a question (or one group of the origin section).
struct ReportAnswer {
  std::string label;
  std::uint64_t count = 0;
  std::string percent;  // '.' decimal point; "" when the base is 0.
  bool other = false;   // Outside the declared levels.
};

struct GroupCell {
  std::uint64_t count = 0;
  std::string percent;  // Of the group's base.
  CellState state = CellState::Shown;
};

// One question per group of the --by question: rows are the main groups,
// then "Other" (the rest together) and "No answer" (to the --by question)
// when they hold anyone, then everyone.
struct Breakdown {
  std::string by_label;
  enum class Row { Group, Rest, NoAnswer };
  std::vector<std::string> groups;  // Display names of Group rows.
  std::vector<Row> kinds;
  std::vector<GroupCell> bases;               // Each row's base (respondents who answered).
  std::vector<std::vector<GroupCell>> cells;  // [row][answer], answers as in the question.
  std::vector<std::string> scores;            // [row]: mean (scales) or NPS; "" if none or hidden.
  std::string score_name;                     // "mean", "nps" or "".
  bool suppressed = false;                    // Some cell is hidden.
  bool complementary = false;                 // Some cell is hidden to protect another.
  bool withheld = false;                      // No suppression could protect it: not shown.
};

struct QuestionReport {
  std::string id, label;
  QuestionType type = QuestionType::Single;
  bool multi = false;
  bool ordered = false;
  std::uint64_t base = 0;       // Respondents who answered (of those asked).
  std::uint64_t responses = 0;  // Multi-select: answers given in all.
  std::vector<ReportAnswer> answers;
  // Scores (empty when none).
  std::string mean, mean_range;   // "3.22", "1-4".
  std::string top2, top2_levels;  // "85.8", "Satisfaisant | Très satisfaisant".
  std::string nps, promoters, passives, detractors;
  // Who was asked, from the codebook's base (empty: everyone).
  std::string asked_when;
  std::uint64_t asked = 0, excluded = 0;  // Respondents asked; answers from others left out.
  std::optional<Breakdown> breakdown;
  // Weighted (ReportOptions::weight): the base's sum of weights and Kish's
  // effective base (sum w)^2 / sum w^2.
  double weighted_base = 0, effective_base = 0;
};

struct OriginReport {
  std::string label;                 // The --by question's label.
  bool place = false;                // It names a place (region, country...): the respondents' origin.
  std::uint64_t base = 0;            // Who answered it.
  std::uint64_t missing = 0;         // Who did not.
  std::vector<ReportAnswer> groups;  // Main groups.
  std::optional<ReportAnswer> rest;  // The others together.
  std::size_t rest_groups = 0;       // How many.
  std::vector<CellState> states;     // Per group then rest (with min_cell).
};

struct VerbatimReport {
  std::string id, label;
  std::uint64_t comments = 0;         // Non-empty answers.
  std::vector<std::string> extracts;  // Redacted, in input order.
  std::size_t redacted = 0;           // Details masked in them.
};

struct ReportQuality {
  bool codebook = false;  // Questions from a codebook (else inferred).
  std::string codebook_name;
  bool duplicates_checked = false;
  std::vector<Finding> findings;
};

struct Report {
  std::string title;
  std::string source;  // The input's name.
  std::uint64_t respondents = 0;
  std::optional<DateTime> as_of;
  bool as_of_given = false;  // From --as-of rather than the data.
  std::optional<OriginReport> origin;
  std::vector<QuestionReport> questions;
  std::vector<VerbatimReport> verbatims;
  ReportQuality quality;
  std::vector<std::string> skipped;  // Questions not reported (ids, dates, ignored).
  std::map<std::string, std::string> labels;  // Every question's label by id.
  // Weighted: every respondent's sum of weights, and their effective base.
  double weighted_total = 0, effective_total = 0;
};

// What was counted, for build_report().
struct ReportInput {
  std::string source;
  std::vector<std::string> header;
  std::string form_title;           // A title found in the export (Framaforms), or "".
  const Counts* counts = nullptr;   // Every column tracked; grouped by `by` when set.
  std::vector<Question> questions;  // Every question, in questionnaire order.
  std::vector<int> condition_bits;  // Per question: its base's condition bit (-1: none).
  bool codebook = false;            // `questions` come from a codebook.
  std::string codebook_name;
  const Question* by = nullptr;            // The --by question (one column), or nullptr.
  const ReportScanner* scanner = nullptr;  // Samples and latest times.
  std::optional<DateTime> as_of;           // --as-of DATE; nullopt: the latest submission time.
  std::vector<std::optional<Repeats>> id_repeats;  // Per question (ids), when checked.
  std::optional<Repeats> submissions;
  std::optional<std::size_t> weight_column;  // Counted with it (Counts::weighted): not a question.
};

// Computes every figure of the report. Problems met (answers outside the
// scale...) are added to `warnings`.
Report build_report(const ReportInput& input, const ReportOptions& options, Diagnostics& warnings);

std::string render_report_markdown(const Report& report, const ReportOptions& options);

// The column of `header` that most likely gives the respondents' region or
// area: the first whose header has the word région, region, département,
// department, province, county, pays, country, territoire, territory,
// académie or zone (case and accents ignored).
std::optional<std::size_t> find_region_column(const std::vector<std::string>& header);

// The datetime question whose latest value tells when the data was taken:
// the one named like a submission time (Horodateur, Timestamp, submitdate,
// Date de soumission, _submission_time, Completion time, Heure de fin...),
// else the first datetime question; nullptr when there is none.
const Question* find_submission_question(const std::vector<Question>& questions);

}  // namespace survey
