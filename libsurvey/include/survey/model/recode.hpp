// Recoding answers for `survey recode`: maps of old values to new ones per
// column (a MAP.csv of column,from,to rows, or collapse specifications such
// as `q7:Satisfait|Très satisfait=Satisfaits`) and built-in presets (French
// départements, postal codes and old region names to the 18 current
// regions), with the values no rule covers collected for the report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace survey {

// One rule: in `column` (as named by the user), `from` becomes `to`.
struct RecodeRule {
  std::string column;
  std::string from;
  std::string to;
  std::string source;      // Where the rule was written: the map file, or the --collapse option.
  std::uint64_t line = 0;  // Its line in the map file (0 for an option).

  // "map.csv:4", or the option.
  std::string where() const;
};

// Reads a MAP.csv: a header naming the columns `column`, `from` and `to`
// (found by name, in any order; other columns are ignored), then one rule per
// row. Any encoding or delimiter the reader accepts. Throws survey::Error
// with file and line for a missing column or an empty `column`.
std::vector<RecodeRule> read_recode_map(const std::string& path);

// Reads `COLUMN:A|B=C`: the values A and B of COLUMN become C. `\|`, `\=`
// and `\\` escape. `resolves` says whether a text names a column: the
// column part ends at the first `:` whose left side does (column names may
// hold `:`). Throws a usage error naming --collapse.
std::vector<RecodeRule> parse_collapse(std::string_view spec,
                                       const std::function<bool(std::string_view)>& resolves);

// The built-in presets.
enum class RecodePreset {
  FrRegions,  // French départements, postal codes and region names -> the 18 regions.
};

// Parses a --preset name ("fr-regions"); nullopt when unknown.
std::optional<RecodePreset> parse_preset(std::string_view name) noexcept;

// The current region of a French location, or nullopt: a postal code
// (`75015`, `20090` -> Corse, `97400` -> La Réunion; four digits are read as a
// code whose leading zero a spreadsheet dropped: `1000` is 01000), a
// département number (`1`, `01`, `2A`, `974`) or name (`Bouches-du-Rhône`),
// the two together (`13 - Bouches-du-Rhône`, `Paris (75)`), or a region name,
// current or before 2016 (`Lorraine` -> Grand Est). Names are compared
// ignoring case, accents, hyphens, apostrophes and a leading "Région".
std::optional<std::string_view> fr_region(std::string_view value);

// The columns a preset applies to when none is named: for fr-regions, the
// headers that speak of a postal code, a département or a region ("Code
// postal", "CP", "Département", "Région", "Zip code").
std::vector<std::size_t> preset_columns(RecodePreset preset,
                                        const std::vector<std::string>& header);

// The recoding of the columns of a table: per column, a map of values (exact,
// then ignoring case and accents) followed by an optional preset applied to
// what the map gives.
class Recoding {
 public:
  // Adds a rule for column index `column`. Throws a usage error when `from`
  // already goes to another value in that column.
  void add(std::size_t column, const RecodeRule& rule);
  void add_preset(std::size_t column, RecodePreset preset);

  bool recodes(std::size_t column) const { return m_columns.count(column) > 0; }
  // The columns recoded, in increasing order.
  std::vector<std::size_t> columns() const;

  // The new value of `value` in `column`, or nullopt when no rule covers it
  // (an empty value is always covered: it stays empty unless a rule maps "").
  // Answers repeat: the results of up to 65,536 distinct values per column
  // are remembered, so call it from one thread.
  const std::optional<std::string>& apply(std::size_t column, std::string_view value);

 private:
  struct Target {
    std::string to;
    std::string source;
  };
  struct Column {
    std::map<std::string, Target, std::less<>> exact;
    std::map<std::string, std::string, std::less<>> loose;  // fold(from) -> to
    std::optional<RecodePreset> preset;
    std::unordered_map<std::string, std::optional<std::string>> memo;
  };
  std::optional<std::string> compute(const Column& c, std::string_view value) const;
  std::optional<std::string> m_result;
  std::map<std::size_t, Column> m_columns;
};

// The values of each column that no rule covered, with how many rows held
// them; at most `limit` distinct values are kept per column, the others
// only counted.
class UncoveredValues {
 public:
  explicit UncoveredValues(std::size_t limit = 1000) : m_limit(limit) {}
  void add(std::size_t column, std::string_view value);
  bool empty() const noexcept { return m_columns.empty(); }

  struct Report {
    std::size_t column = 0;
    std::uint64_t rows = 0;
    std::vector<std::pair<std::string, std::uint64_t>>
        values;                  // Most frequent first, then by text.
    std::uint64_t distinct = 0;  // Distinct values, counted up to the limit.
    bool more = false;           // Past the limit.
  };
  std::vector<Report> reports() const;

 private:
  struct Column {
    std::map<std::string, std::uint64_t, std::less<>> values;
    std::uint64_t rows = 0;
    bool more = false;
  };
  std::size_t m_limit;
  std::map<std::size_t, Column> m_columns;
};

}  // namespace survey
