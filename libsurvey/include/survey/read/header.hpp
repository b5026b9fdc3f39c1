// Finding the header in the first rows of an export: title lines above it,
// platform signatures, multi-row headers (SurveyMonkey's two rows, Framaforms'
// three) merged into one "Question [Option]" row, and unique column names.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "survey/read/formats.hpp"

namespace survey {

using TextRow = std::vector<std::string>;

struct HeaderAnalysis {
  std::size_t preamble_rows = 0;  // Rows above the header (titles, export notes).
  std::size_t header_rows = 1;    // Rows the header spans (0: the input has none).
  Format format = Format::Generic;
  bool format_detected = false;   // True when auto-detection chose `format`.
  std::string title;              // A form title found in the header rows (Framaforms).
  std::vector<std::string> names;  // One unique, non-empty name per column.
  bool named = false;              // Some header cell had a name (false without a header).
  std::vector<std::string> notes;  // What was renamed or guessed, for warnings.
};

// Analyses the first rows of an input (decoded and trimmed, blank lines left
// out). `requested` is the --format (Auto to detect) and `header_rows` the
// --header-rows (-1 to detect). `single_byte_semicolon` tells that the input
// looks like an Excel "CSV (séparateur: point-virgule)" file, for excel-fr
// detection.
HeaderAnalysis analyze_header(const std::vector<TextRow>& rows, Format requested, int header_rows,
                              bool single_byte_semicolon);

// Makes names unique and non-empty: an empty name becomes "column_N" (N the
// 1-based position), a repeated one "name (2)", "name (3)", ... Each change is
// described in `notes`.
void make_unique_names(std::vector<std::string>& names, std::vector<std::string>& notes);

}  // namespace survey
