// Adding up summaries: the summary CSVs of shards of one export, of regional
// chambers or of weeks, summed on their keys (question, by, group, answer,
// kind) with bases and percentages recomputed from the sums, so that freq on
// shards then merge gives the bytes freq gives on the whole (with one
// codebook for every shard). docs/tools/merge.md states the rules.
#pragma once

#include <algorithm>
#include <set>
#include <vector>

#include "survey/count/summary_reader.hpp"
#include "survey/read/error.hpp"

namespace survey {

struct MergeOptions {
  // Percentages of single-choice tables by largest-remainder rounding, as
  // freq --sum-to-100 makes them (the inputs must have been made so too).
  bool sum_to_100 = false;
};

// Sums `files` (in this order; files without rows add nothing). Throws
// survey::Error (ErrorKind::Data, naming the files) when they cannot be
// added up:
// - a question has different labels, or is broken down by different --by
//   questions;
// - an answer has different kinds (declared in one file, "other" in
//   another), or a statistics row (asked, mean range aside, top2, ...) says
//   different things;
// - the percentages were rounded to different decimals, or with and without
//   --sum-to-100 (see MergeOptions), or a percentage is not 100 × count /
//   base as rounded (a file edited by hand);
// - a row is of kind `rest` (freq --top: the answers beyond the top differ
//   from file to file) or of a kind merge does not know;
// - some files have the weighted columns and others not.
// An `nps` row's count is the summed promoters minus the summed detractors
// (the rows of the same table), a `mean` row's count the summed scores.
// Confidence bounds do not add up: the ci_low,ci_high columns are dropped,
// with a warning in `warnings` (make intervals from the merged counts).
// Answers missing from some files count 0 there, with a warning; so does a
// question missing from a file that has rows (freq leaves out a question
// without declared answers when nobody answered it, which a summary cannot
// tell from a question left out). In a single-choice question every table
// lists every answer of the question (0 where nobody in the group chose it),
// as freq lists them.
//
// Order of the result: questions, then the tables of each question (the
// overall table first, the no-answer group last) and answers, in the order
// the files give them (an item missing from the first file goes before the
// first item that follows it in its own file). The answers of a table are
// then sorted like freq sorts them: when every file lists them in increasing
// numeric order, numerically; else, when every file lists them from the most
// to the least frequent, by the summed counts (ties keep the files' order);
// answers outside the declared levels (`other`) last, most frequent first,
// then by text. With one codebook for every shard, that is freq's order on
// the whole.
std::vector<SummaryRecord> merge_summaries(const std::vector<SummaryFile>& files,
                                           const MergeOptions& options, SummaryColumns& columns,
                                           Diagnostics& warnings);

// Keeps the order of first appearance across files: inserts the items of
// `sequence` missing from `order`, each before the first item that follows
// it in `sequence` and is already placed, else last (`placed` holds what
// `order` holds). merge and trend order questions, tables and answers so.
template <class Key>
void merge_order(std::vector<Key>& order, std::set<Key>& placed, const std::vector<Key>& sequence) {
  for (std::size_t i = 0; i < sequence.size(); ++i) {
    if (placed.count(sequence[i])) continue;
    auto at = order.end();
    for (std::size_t j = i + 1; j < sequence.size() && at == order.end(); ++j)
      if (placed.count(sequence[j])) at = std::find(order.begin(), order.end(), sequence[j]);
    order.insert(at, sequence[i]);
    placed.insert(sequence[i]);
  }
}

}  // namespace survey
