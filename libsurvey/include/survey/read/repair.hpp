// Lenient repairs of a record whose quotes are misplaced: a quote that opens
// a field and is never closed, quotes inside a quoted field that were not
// doubled. The readings a person would consider are tried in order, fewest
// lines first, and the first that gives the table's width wins; the reader
// calls this only for records the tokenizer rejected (or that lost their
// shape over several lines), so well-formed input never pays for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "survey/read/tokenizer.hpp"

namespace survey {

// Bits of RepairResult::kinds: what the chosen reading did.
enum RepairKind : std::uint8_t {
  kRepairClosedQuote = 1,  // A quote opening a field, never closed: closed at the end of its field.
  kRepairLiteralQuote = 2,  // A quote that neither opens nor closes a field: kept as text.
  kRepairClosedAtEnd = 4,   // A quote still open at the end of the input: closed there.
};

// Physical lines and bytes a repaired record may span. The repair looks at
// no more than this from the record's first byte, so that its answer is the
// same whatever the reader's buffer holds.
inline constexpr std::size_t kRepairMaxLines = 8;
inline constexpr std::size_t kRepairMaxBytes = std::size_t{1} << 20;

struct RepairResult {
  std::vector<FieldRef> fields;   // Offsets from the record's first byte.
  std::size_t size = 0;           // Bytes of the record, its line terminator included.
  std::uint32_t line_breaks = 0;  // Line breaks inside its fields.
  bool terminated = false;        // Ended by a line break rather than the end of the input.
  bool fits = false;              // The record has `width` fields (or more, the extra ones blank).
  std::uint8_t kinds = 0;         // RepairKind bits.
  std::size_t column = 0;         // The first field (0-based) a repair applies to.
};

enum class RepairStatus {
  Done,      // `out` holds a reading of the record (check `fits`).
  NeedMore,  // The bytes given end before what the repair must look at: give more.
};

// Reads the record that starts at data[0]; `size` bytes are available and
// `eof` says whether the input ends there. The reading with `width` fields
// that changes the fewest lines wins; within that, quotes are read as RFC
// 4180 reads them wherever that works, a quote that never closes is closed
// at the end of its field, and other misplaced quotes are kept as text. With
// no such reading, `out` gets the record's first line read that way (fits
// false), or, when the input ends inside a quoted field within
// kRepairMaxLines lines, the rest of the input as that field, which is what
// a file cut by hand holds. `data` needs no padding.
RepairStatus repair_record(const char* data, std::size_t size, bool eof, const Dialect& dialect,
                           std::size_t width, RepairResult& out);

}  // namespace survey
