// Statistical disclosure control for published tables of counts: small cells
// are hidden (primary suppression), then as few and as small other cells as
// needed (complementary suppression) so that no hidden cell can be worked out
// from the totals and the cells still shown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace survey {

enum class CellState : std::uint8_t {
  Shown,
  Primary,        // Below the threshold: shown as "< K".
  Complementary,  // Hidden so that a primary cell cannot be worked out.
};

// A table of counts, row by row, and which of its margins the reader knows
// (printed next to it, or elsewhere in the same document).
struct CountTable {
  std::size_t rows = 0, columns = 0;
  std::vector<std::uint64_t> counts;  // rows * columns, row by row.
  bool row_totals_known = true;       // Each row's sum is published.
  bool column_totals_known = true;    // Each column's sum is published.

  std::uint64_t at(std::size_t r, std::size_t c) const { return counts[r * columns + c]; }
};

// Hides every cell from 1 to `min_cell` - 1 (zeros stay shown: they tell
// nothing about anybody), then more cells until no hidden cell is determined
// by the linear equations the reader has: the known row and column sums
// with the shown cells subtracted. A hidden cell is determined exactly when
// it is a bridge of the graph whose vertices are the rows and columns with a
// known sum (those without one merged into one free vertex) and whose edges
// are the hidden cells; each such bridge is closed into a cycle by hiding the
// cells of the cheapest path between its ends (cheapest: the smallest total
// of counts hidden). Zero cells are never hidden: the reader knows a hidden
// cell is at least 0, and a hidden zero at that bound can pin the other
// cells of its cycle; with every hidden cell at 1 or more, each can move
// along its cycle both ways, so no hidden cell has a single possible value.
// With `min_cell` 0 or 1 nothing is hidden. Deterministic.
std::vector<CellState> suppress_small_cells(const CountTable& table, std::uint64_t min_cell);

// The hidden cells that the known sums and shown cells determine (the
// bridges above); empty after suppress_small_cells() unless the table left
// no way to protect a cell: its only other nonzero cells are already in the
// same line (an answer given in one group only). Then only hiding the whole
// table protects it.
std::vector<std::size_t> determined_cells(const CountTable& table,
                                          const std::vector<CellState>& states);

}  // namespace survey
