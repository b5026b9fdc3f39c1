// The codebook: what each column of the data is (question id, label, type,
// ordered levels with scores, multi-select packing, who was asked, which
// tokens mean "no answer"). Written once by `survey codebook`, edited by
// people (possibly in Excel), read by every verb. docs/formats.md is the
// reference for the file format.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "survey/read/error.hpp"
#include "survey/read/input.hpp"
#include "survey/model/select.hpp"

namespace survey {

class Output;

enum class QuestionType {
  Id,        // A respondent identifier: not tabulated, checked for duplicates.
  Datetime,  // A timestamp: not tabulated.
  Single,    // One answer among categories.
  Multi,     // Several answers: packed in one cell, or one column per option.
  Likert,    // An ordered scale with scores (Insatisfait=1 … Très satisfait=4).
  Nps,       // A 0–10 likelihood to recommend.
  Numeric,   // A number (age, count, mark).
  Text,      // Free text: verbatims, not tabulated.
  Ignore,    // Left out.
};

std::string_view type_name(QuestionType type) noexcept;
std::optional<QuestionType> parse_type(std::string_view name) noexcept;
// Types whose answers are counted by freq.
bool is_categorical(QuestionType type) noexcept;

struct Level {
  std::string label;
  std::optional<double> score;

  friend bool operator==(const Level&, const Level&) = default;
};

// `multi_sep` of an option column: one column per option of a multi-select.
inline constexpr std::string_view kOptionColumns = "column";

// One row of the codebook file: one column of the data.
struct CodebookEntry {
  std::string id;                    // Question id; the option columns of a multi-select share it.
  std::string column;                // Header of the data column.
  std::string label;                 // Question text for reports.
  QuestionType type = QuestionType::Single;
  std::vector<Level> levels;         // Ordered answers; for an option column, its option.
  std::string multi_sep;             // Packed multi-select separator, or "column".
  std::string base;                  // Who was asked, as a filter expression; empty: everyone.
  std::vector<std::string> missing;  // Tokens that mean "no answer" besides an empty cell.
  std::uint64_t line = 0;            // Line in the codebook file (0 when inferred).
};

struct Codebook {
  std::vector<CodebookEntry> entries;
  std::string source;  // File name, or "inferred".

  // The entry for a data column header, or nullptr (exact match, then loose).
  const CodebookEntry* find_column(std::string_view header) const;
};

// A question to tabulate: codebook entries grouped by id and matched to the
// data's columns.
struct Question {
  std::string id;
  std::string label;
  QuestionType type = QuestionType::Single;
  std::vector<Level> levels;          // Answer order; options of an option-column multi.
  std::vector<std::size_t> columns;   // Data column indexes (several for option columns).
  std::string multi_sep;              // Packed separator; empty for option columns.
  bool option_columns = false;        // One column per option.
  std::string base;
  std::vector<std::string> missing;
  std::string source;       // The codebook's file name ("inferred").
  std::uint64_t line = 0;   // Its line there (0 when inferred).
};

// Parses "A|B=2|C" into levels; "\|", "\=" and "\\" escape. A trailing
// "=number" is the score.
std::vector<Level> parse_levels(std::string_view text);
std::string format_levels(const std::vector<Level>& levels);

// Reads a codebook CSV file (any encoding or delimiter the reader accepts, so
// one re-saved by Excel in a French locale reads back). Throws survey::Error
// with the file and line of a bad entry.
Codebook read_codebook(const std::string& path);
Codebook read_codebook(std::unique_ptr<InputSource> input);

// Writes the codebook as canonical CSV.
void write_codebook(Output& out, const Codebook& codebook);

// A codebook for the data whose columns are `header`, from an analyst's
// codebook `given` brought up to date with `inferred` (what infer_codebook()
// makes of the same data): in the data's column order, a column `given`
// describes keeps its entry as it is (its `column` set to the data's
// spelling when it matched loosely); a column it lacks gets the inferred
// entry, with a note, its id suffixed when `given` already uses it. Entries
// for columns no longer in the data are left out with a warning. Notes of
// the inference about columns `given` keeps ("q7: satisfaction scale ...")
// are taken out of `notes`.
Codebook update_codebook(const Codebook& given, const Codebook& inferred, const std::vector<std::string>& header,
                         Diagnostics& warnings, Diagnostics& notes);

// Groups entries into questions and matches them to `header`. Columns the
// codebook does not mention are left out; codebook columns missing from the
// data produce warnings.
std::vector<Question> build_questions(const Codebook& codebook, const std::vector<std::string>& header,
                                      Diagnostics& warnings);

// Whether `value` is no answer to `q`: empty, or one of its missing tokens
// (compared loosely: case, accents and spaces aside).
bool is_missing_answer(const Question& q, std::string_view value);

// The questions as select_item() names them (id, label, columns).
std::vector<Selectable> question_selectables(const std::vector<Question>& questions);

// The question `name` designates (see select_item()): among the questions
// that are not ignored first, then among all.
std::size_t find_question(const std::vector<Question>& questions, const std::vector<std::string>& header,
                          std::string_view name);

// A short stable id from a header: "q1" for "1) …", "Q1." or "Q1[SQ001]";
// otherwise a slug of up to three significant words ("points_positifs").
std::string question_id_from_header(std::string_view header);

}  // namespace survey
