// Raking (iterative proportional fitting): weights that make the sample's
// weighted counts match population margins on several variables at once
// (region and trade group, say). Raking only depends on how many
// respondents (or how much starting weight) fall in each cross-
// classification cell of the raking variables, so it streams: one pass
// counts the cells, the fit runs on the cells, a second pass writes each
// row's weight. Memory grows with the cells, never with rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "survey/model/select.hpp"
#include "survey/read/csv_reader.hpp"

namespace survey {

// One line of a margins file: a category of a variable and its population
// target (a count, or a share of the total).
struct MarginTarget {
  std::string category;
  double target = 0;
  std::uint64_t line = 0;  // Where it is in the margins file.
};

// The targets of one raking variable.
struct MarginVariable {
  std::string name;        // As the margins file writes it.
  std::size_t column = 0;  // The data column it names.
  std::uint64_t line = 0;  // Its first line in the margins file.
  std::vector<MarginTarget> targets;
  double total() const;
};

// A margins file (docs/formats.md#margins): `variable,category,target`, one
// line per category; targets are counts, or shares adding up to 1 for every
// variable.
struct Margins {
  std::string file;  // Its name for messages.
  std::vector<MarginVariable> variables;
  bool shares = false;  // Every variable's targets add up to 1.
};

// Reads a margins file and resolves its variable names against the data's
// questions (`items`, `header`: as select_item() names them). Throws data
// errors naming the file and line: a missing column, a target that is not a
// number of 0 or more, a category given twice, a variable that names no
// question of the data or spans several columns, margins that disagree on
// the total (checked to a relative 1e-6).
Margins read_margins(const std::string& path, const std::vector<Selectable>& items,
                     const std::vector<std::string>& header);

struct RakingOptions {
  double tolerance =
      1e-10;  // Converged when every margin is within tolerance * total of its target.
  int max_iterations = 1000;  // Sweeps over every variable.
  // Bounds on each respondent's adjustment (the weight divided by its
  // starting weight; the weight itself without starting weights).
  std::optional<double> min, max;
  // Bounds at mean / ratio and mean * ratio of the adjustment (> 1).
  std::optional<double> ratio;
};

// What the fit did, for the report on stderr.
struct RakingReport {
  int iterations = 0;
  bool converged = false;
  double gap = 0;  // The largest |weighted total - target| / total at the end.
  std::uint64_t rows = 0;
  std::size_t cells = 0;  // Cells of the cross-classification seen in the data.
  double total = 0;       // What the weights add up to (the targets' total).
  double min_weight = 0, max_weight = 0;
  double design_effect = 1;   // Kish: n * sum(w^2) / sum(w)^2 = 1 + CV^2 of the weights.
  double effective_base = 0;  // sum(w)^2 / sum(w^2).
  std::optional<double> min_bound, max_bound;  // The trimming bounds used.
  std::uint64_t trimmed_rows = 0;              // Rows whose weight sits at a bound.
};

// Rakes one input. Feed every row to add() (the first pass), call solve(),
// then weight() gives each row's weight (the second pass, same rows).
class Raker {
 public:
  // `data_name` names the input in messages.
  Raker(Margins margins, std::string data_name);

  // Counts a row of starting weight `base` (1 without a weight column).
  // Throws a data error at the row's line when one of its values has no
  // target.
  void add(const Row& row, double base = 1.0);

  // Fits the weights. Throws data errors naming the margins file and line
  // for a category with a target but no respondent (or only respondents of
  // weight 0); fails to converge -> report.converged is false.
  RakingReport solve(const RakingOptions& options);

  // The raked weight of a row seen by add(): base * its cell's adjustment.
  double weight(const Row& row, double base = 1.0);

  const Margins& margins() const noexcept { return m_margins; }

 private:
  struct Variable {
    std::unordered_map<std::string, std::uint32_t> exact;  // Category text -> index.
    std::unordered_map<std::string, std::uint32_t>
        loose;  // Folded text -> index (unique folds only).
    std::unordered_map<std::string, std::uint32_t> seen;  // Data values resolved so far.
  };
  std::uint32_t category(std::size_t v, std::string_view value, std::uint64_t line);
  std::size_t cell_of(const Row& row, bool adding);

  Margins m_margins;
  std::string m_data_name;
  std::vector<Variable> m_variables;
  std::unordered_map<std::string, std::size_t> m_cell_index;  // Packed category indexes -> cell.
  std::vector<std::vector<std::uint32_t>> m_cells;            // Cell -> category per variable.
  std::vector<double> m_base;                                 // Cell -> sum of starting weights.
  std::vector<double> m_base_squares;                         // Cell -> sum of their squares.
  std::vector<std::uint64_t> m_rows;                          // Cell -> rows.
  std::vector<std::uint64_t> m_positive;       // Cell -> rows of positive starting weight.
  std::vector<double> m_min_base, m_max_base;  // Cell -> their smallest and largest.
  std::vector<double> m_adjust;                // Cell -> weight / starting weight.
  std::string m_key;
};

// Kish's design effect of a set of weights, n * sum(w^2) / sum(w)^2
// (1 + the squared coefficient of variation); 1 when there are none.
double kish_design_effect(double n, double sum, double sum_squares);

}  // namespace survey
