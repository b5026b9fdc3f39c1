// Summary rows: exact rounding and CSV output.
#include "survey/count/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "survey/render/output.hpp"

namespace survey {
namespace {

__extension__ typedef unsigned __int128 u128;

u128 pow10(int decimals) {
  u128 p = 1;
  for (int i = 0; i < decimals; ++i) p *= 10;
  return p;
}

std::string u128_text(u128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v) {
    s.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(s.begin(), s.end());
  return s;
}

// `units` in 10^-decimals, as decimal text.
std::string scaled_text(u128 units, bool negative, int decimals) {
  std::string digits = u128_text(units);
  const std::size_t d = static_cast<std::size_t>(decimals);
  std::string out;
  if (negative && units != 0) out.push_back('-');
  if (d == 0) return out + digits;
  if (digits.size() <= d) digits = std::string(d + 1 - digits.size(), '0') + digits;
  out.append(digits, 0, digits.size() - d);
  out.push_back('.');
  out.append(digits, digits.size() - d, d);
  return out;
}

// round_half_away(numerator * scale / denominator), on magnitudes.
u128 rounded_quotient(u128 numerator, u128 denominator) {
  u128 q = numerator / denominator;
  u128 r = numerator % denominator;
  if (2 * r >= denominator) ++q;
  return q;
}

// Largest-remainder rounding: gives the units still missing to reach
// `scale` to the largest remainders (ties: the larger numerator, then the
// earlier one).
template <class Remainder, class Numerator>
void give_remainders(std::vector<u128>& units, const std::vector<Remainder>& remainders,
                     const std::vector<Numerator>& numerators, u128 assigned, u128 scale) {
  std::vector<std::size_t> order(numerators.size());
  std::iota(order.begin(), order.end(), 0);
  // A total order (the index last), so std::sort is stable here; it also
  // spares stable_sort's temporary buffer, which GCC 12's libstdc++ frees
  // in a way AddressSanitizer reports as a new/free mismatch.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (remainders[a] != remainders[b]) return remainders[a] > remainders[b];
    if (numerators[a] != numerators[b]) return numerators[a] > numerators[b];
    return a < b;
  });
  for (std::size_t k = 0; k < order.size() && assigned < scale; ++k, ++assigned) ++units[order[k]];
}

}  // namespace

std::string percent_text(std::int64_t numerator, std::uint64_t denominator, int decimals) {
  if (denominator == 0) return "";
  bool negative = numerator < 0;
  u128 magnitude = negative ? static_cast<u128>(-(numerator + 1)) + 1 : static_cast<u128>(numerator);
  u128 units = rounded_quotient(magnitude * 100 * pow10(decimals), denominator);
  return scaled_text(units, negative, decimals);
}

std::vector<std::string> percent_texts_sum_to_100(const std::vector<std::uint64_t>& numerators,
                                                  std::uint64_t denominator, int decimals) {
  std::vector<std::string> out;
  if (denominator == 0) return std::vector<std::string>(numerators.size());
  const u128 scale = 100 * pow10(decimals);
  std::vector<u128> units(numerators.size()), remainders(numerators.size());
  u128 assigned = 0;
  for (std::size_t i = 0; i < numerators.size(); ++i) {
    u128 n = static_cast<u128>(numerators[i]) * scale;
    units[i] = n / denominator;
    remainders[i] = n % denominator;
    assigned += units[i];
  }
  std::uint64_t sum = std::accumulate(numerators.begin(), numerators.end(), std::uint64_t{0});
  if (sum == denominator && assigned < scale) {
    give_remainders(units, remainders, numerators, assigned, scale);
  } else {
    // Not a partition of the base: plain rounding.
    for (std::size_t i = 0; i < numerators.size(); ++i)
      if (2 * remainders[i] >= denominator) ++units[i];
  }
  for (u128 u : units) out.push_back(scaled_text(u, false, decimals));
  return out;
}

std::string ratio_text(double numerator, std::uint64_t denominator, int decimals) {
  if (denominator == 0) return "";
  if (numerator == std::floor(numerator) && std::fabs(numerator) < 9e15) {
    bool negative = numerator < 0;
    u128 magnitude = static_cast<u128>(static_cast<std::uint64_t>(std::fabs(numerator)));
    return scaled_text(rounded_quotient(magnitude * pow10(decimals), denominator), negative, decimals);
  }
  long double v = static_cast<long double>(numerator) / static_cast<long double>(denominator);
  long double p = std::pow(10.0L, decimals);
  long double r = std::round(std::fabs(v) * p) / p;
  std::string s = fmt::format("{:.{}f}", static_cast<double>(r), decimals);
  if (v < 0 && r != 0) s.insert(0, 1, '-');
  return s;
}

namespace {

bool whole(double x) {
  return x == std::floor(x) && std::fabs(x) < 9007199254740992.0;
}

// round_half_away(numerator * scale / denominator) in long double, as magnitude and sign.
u128 rounded_units(double numerator, double denominator, u128 scale, bool& negative) {
  long double q = static_cast<long double>(numerator) * static_cast<long double>(scale) /
                  static_cast<long double>(denominator);
  negative = q < 0;
  long double r = std::floor(std::fabs(q) + 0.5L);
  return static_cast<u128>(r);
}

}  // namespace

std::string weighted_percent_text(double numerator, double denominator, int decimals) {
  if (!(denominator > 0) || !std::isfinite(numerator)) return "";
  if (whole(numerator) && whole(denominator))
    return percent_text(static_cast<std::int64_t>(numerator),
                        static_cast<std::uint64_t>(denominator), decimals);
  bool negative = false;
  u128 units = rounded_units(numerator, denominator, 100 * pow10(decimals), negative);
  return scaled_text(units, negative, decimals);
}

std::vector<std::string> weighted_percent_texts_sum_to_100(const std::vector<double>& numerators,
                                                           double denominator, int decimals) {
  if (!(denominator > 0)) return std::vector<std::string>(numerators.size());
  bool integral = whole(denominator);
  for (double n : numerators) integral = integral && whole(n) && n >= 0;
  if (integral) {
    std::vector<std::uint64_t> exact;
    for (double n : numerators) exact.push_back(static_cast<std::uint64_t>(n));
    return percent_texts_sum_to_100(exact, static_cast<std::uint64_t>(denominator), decimals);
  }
  const u128 scale = 100 * pow10(decimals);
  std::vector<u128> units(numerators.size());
  std::vector<long double> remainders(numerators.size());
  u128 assigned = 0;
  long double sum = 0;
  for (std::size_t i = 0; i < numerators.size(); ++i) {
    long double q = static_cast<long double>(numerators[i]) * static_cast<long double>(scale) /
                    static_cast<long double>(denominator);
    long double f = std::floor(q);
    units[i] = static_cast<u128>(f);
    remainders[i] = q - f;
    assigned += units[i];
    sum += numerators[i];
  }
  std::vector<std::string> out;
  if (std::fabs(sum - denominator) <= 1e-9L * denominator && assigned < scale) {
    give_remainders(units, remainders, numerators, assigned, scale);
  } else {
    for (std::size_t i = 0; i < numerators.size(); ++i)
      if (remainders[i] >= 0.5L) ++units[i];
  }
  for (u128 u : units) out.push_back(scaled_text(u, false, decimals));
  return out;
}

std::string weighted_ratio_text(double numerator, double denominator, int decimals) {
  if (!(denominator > 0) || !std::isfinite(numerator)) return "";
  if (whole(denominator) && denominator >= 1)
    return ratio_text(numerator, static_cast<std::uint64_t>(denominator), decimals);
  bool negative = false;
  u128 units = rounded_units(numerator, denominator, pow10(decimals), negative);
  return scaled_text(units, negative, decimals);
}

std::string weight_text(double sum) {
  if (whole(sum)) return fmt::format("{}", static_cast<long long>(sum));
  return fmt::format("{:.12g}", sum);
}

std::string count_text(double count) {
  if (count == std::floor(count) && std::fabs(count) < 9e15) return fmt::format("{}", static_cast<long long>(count));
  return fmt::format("{}", count);
}

std::string excel_safe_cell(std::string_view text) {
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                        text[0] == '\r'))
    return std::string(1, '\'').append(text);
  return std::string(text);
}

void write_summary_csv(Output& out, const std::vector<SummaryRow>& rows, bool excel_safe,
                       const SummaryColumns& columns) {
  CsvWriter w(out);
  for (auto name : kSummaryColumns) w.field(name);
  if (columns.weighted)
    for (auto name : kWeightedColumns) w.field(name);
  if (columns.ci)
    for (auto name : kIntervalColumns) w.field(name);
  w.end_row();
  auto text = [&](const std::string& s) { return excel_safe ? excel_safe_cell(s) : s; };
  for (const auto& r : rows) {
    w.field(text(r.question));
    w.field(text(r.label));
    w.field(text(r.by));
    w.field(text(r.group));
    w.field(text(r.answer));
    w.field(count_text(r.count));
    w.field(std::to_string(r.base));
    w.field(r.percent);
    w.field(r.kind);
    if (columns.weighted) {
      w.field(weight_text(r.weighted_count));
      w.field(weight_text(r.weighted_base));
    }
    if (columns.ci) {
      w.field(r.ci_low);
      w.field(r.ci_high);
    }
    w.end_row();
  }
}

}  // namespace survey
