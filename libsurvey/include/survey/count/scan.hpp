// Reading a whole input into answer counts, on several threads when the
// input is a regular file worth splitting. Chunks start at the first line
// end after their boundary (speculation, as DuckDB's parallel CSV reader
// does); each boundary is then verified against where the previous chunk
// really stopped, and a chunk whose speculative start fell inside a quoted
// line break is read again from the right place. The result, warnings,
// errors and line numbers are those of a sequential read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "survey/model/codebook.hpp"
#include "survey/model/conditions.hpp"
#include "survey/read/csv_reader.hpp"
#include "survey/count/tally.hpp"

namespace survey {

struct TallySpec {
  std::vector<std::size_t> columns;
  std::optional<std::size_t> by;
  std::vector<std::vector<std::size_t>> option_groups;
  std::size_t max_distinct = 5000;
  // The weight column: each row's weight (row_weight()) is summed beside
  // the counts (Counts::weighted); nullopt counts rows only.
  std::optional<std::size_t> weight;
};

struct ScanOptions {
  unsigned threads = 0;                       // 0: every core.
  std::uint64_t min_chunk_bytes = 16 << 20;   // Smaller inputs are read on one thread.
  // Called now and then, from any reading thread, with the bytes and records
  // read so far; it must be thread-safe.
  std::function<void(std::uint64_t bytes, std::uint64_t rows)> progress;
  // When set, receives how many chunks had to be read again because their
  // speculative start was inside a quoted field.
  std::size_t* rereads = nullptr;
};

// More work on every row while tally_input() counts, done on the reading
// threads: one observer per chunk, each seeing its chunk's rows in order,
// merged in input order at the end, so that the result is that of one
// thread (what an observer gathers must not depend on where chunks start).
class RowObserver {
 public:
  virtual ~RowObserver() = default;
  // An empty observer of the same kind, for another chunk.
  virtual std::unique_ptr<RowObserver> fork() const = 0;
  // One row (with the chunk's own line numbers), just counted by `tally`
  // (whose fresh() tells which values it had not seen); `reader` decodes
  // its fields (CsvReader::decode()). May throw survey::Error.
  virtual void observe(const RawRow& row, CsvReader& reader, const Tally& tally) = 0;
  // Takes in what a later chunk's observer gathered; adding `line_offset`
  // to its lines gives lines of the whole input.
  virtual void merge(RowObserver& later, std::uint64_t line_offset) = 0;
};

// Counts the rest of `reader`'s input (`path` is what it was opened from).
// Chunks' statistics and warnings are added to `reader`. With `observer`,
// it sees every row too (directly on one thread; through forks merged into
// it when reading in chunks).
Counts tally_input(CsvReader& reader, const std::string& path, const TallySpec& spec, const Conditions& conditions,
                   const ScanOptions& options = {}, RowObserver* observer = nullptr);

// Calls `visit` with every record of the rest of `reader`'s input, in input
// order, on this thread. Records are decoded in parallel chunks (of at most
// `chunk_bytes`, a few per thread in flight, so memory stays flat) when the
// input is a regular file worth splitting, else read here. Errors, warnings
// and lines are those of a sequential read; rows are valid during the call.
void for_each_row(CsvReader& reader, const std::string& path, const std::function<void(const Row&)>& visit,
                  const ScanOptions& options = {}, std::uint64_t chunk_bytes = 1 << 20);

// Infers a codebook from the rest of `reader`'s input, counting every
// column in parallel as tally_input() does.
Codebook infer_codebook(CsvReader& reader, const std::string& path, const ScanOptions& options,
                        Diagnostics& notes);

// Adds `from` to `into` (groups, cells and values matched by their text).
void merge_counts(Counts& into, const Counts& from);

// The number of threads `threads` means (0: the machine's cores).
unsigned thread_count(unsigned threads);

}  // namespace survey
