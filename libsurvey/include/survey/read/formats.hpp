// The export layouts survey knows (see docs/formats.md for what each means).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace survey {

enum class Format {
  Auto,          // Detect from the header's signature.
  Generic,       // One header row, nothing platform-specific.
  GoogleForms,   // "Timestamp"/"Horodateur" first; checkbox answers joined in one cell.
  LimeSurvey,    // id/submitdate/lastpage...; Q1[SQ001] columns holding Y or empty.
  SurveyMonkey,  // Two header rows: question, then option.
  Framaforms,    // Drupal Webform 7: three header rows (title, groups, labels).
  Kobo,          // KoboToolbox: _uuid/_submission_time...; question/option columns of 1/0.
  MsForms,       // Microsoft Forms re-saved as CSV: ID, Start time, Completion time, Email, Name.
  ExcelFr,       // Saved by Excel in a French locale: ';', Windows-1252, decimal commas.
};

// The name used by --format and in summaries ("google-forms", ...).
std::string_view format_name(Format format) noexcept;

// Parses a --format value; nullopt when unknown.
std::optional<Format> parse_format(std::string_view name) noexcept;

// Every format, Auto first, in the order --help lists them.
const std::vector<Format>& all_formats();

}  // namespace survey
