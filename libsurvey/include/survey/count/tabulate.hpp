// Frequency tables: from answer counts and questions to summary rows, with
// bases that leave missing answers out, scale order, multi-selects,
// scores (mean, top/bottom-2-box, NPS) and per-group breakdowns.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "survey/model/codebook.hpp"
#include "survey/read/error.hpp"
#include "survey/count/summary.hpp"
#include "survey/count/tally.hpp"

namespace survey {

enum class SortOrder {
  Auto,   // Declared order for scales and given codebooks, else most frequent first.
  Count,  // Most frequent first.
  Level,  // Declared order.
  Label,  // Alphabetical (case and accents ignored).
};

struct FreqOptions {
  bool missing_row = false;         // Add a row for "no answer", as a share of all respondents.
  int decimals = 1;
  bool sum_to_100 = false;          // Largest-remainder rounding.
  SortOrder sort = SortOrder::Auto;
  std::size_t top = 0;              // Keep the N most frequent answers (0: all).
  bool multi_base_responses = false;  // Multi-select percentages of responses, not respondents.
  int mean_decimals = 2;
  // For a question the codebook gives a base (who was asked): percentages of
  // those asked who answered (true), or of everyone who answered (false).
  bool base_qualified = true;
  // Weighted tables (the counts were tallied with a weight column): every
  // row gets weighted_count and weighted_base, percentages, means, top-2
  // and NPS come from them, answers sort by weighted count, and each table
  // gets a kind::kEffectiveBase row whose answer is `weight_name`.
  bool weighted = false;
  std::string weight_name;
};

// A question tabulated by freq. `ordered` says its levels' order is meaningful
// (scales, or a codebook given by the user).
struct FreqQuestion {
  Question question;
  bool ordered = false;
  int condition = -1;  // Tally condition bit of the question's base (-1: none).
};

// The groups of a --by question, in display order: its declared levels first
// (also those nobody chose), then other values by size, the empty group last.
struct GroupOrder {
  std::string by;                    // The --by question's id.
  std::vector<std::string> labels;   // Display order.
  std::vector<std::ptrdiff_t> index; // Into Counts::groups, or -1 for a declared level nobody chose.
};

GroupOrder order_groups(const Counts& counts, const Question* by);

// A question as freq tabulates it: its levels' order counts when a codebook
// was given, for scales (Likert, NPS, numbers), and for single choices on a
// known unordered scale (yes/no); `condition` is its base's bit.
FreqQuestion freq_question(const Question& question, bool codebook_given, int condition);

// Builds the summary rows of every question: the overall rows first, then
// each group's. Problems (answers outside the scale, invalid NPS answers)
// are added to `warnings`.
std::vector<SummaryRow> tabulate(const std::vector<FreqQuestion>& questions, const Counts& counts,
                                 const GroupOrder* groups, const FreqOptions& options, Diagnostics& warnings);

}  // namespace survey
