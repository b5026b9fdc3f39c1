// Dialect detection. See sniff.hpp.
#include "survey/read/sniff.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>

namespace survey {
namespace {

struct AlignedFree {
  void operator()(char* p) const noexcept { std::free(p); }
};

struct Trial {
  std::size_t records = 0;
  std::size_t width = 0;
  std::size_t agreeing = 0;
  std::size_t errors = 0;  // Records the tokenizer rejected (then skipped to the next line).
  bool error = false;
  double quoted_share = 0;  // Non-empty fields that were quoted.
  std::size_t quoted = 0;
  std::size_t first_width = 0;  // Fields of the first record.
  bool space_after = true;      // Every delimiter is followed by a space.
};

constexpr std::size_t kMaxErrors = 16;

Trial try_dialect(const char* data, std::size_t size, bool complete, const Dialect& dialect) {
  Tokenizer tok(dialect, /*lenient=*/false);
  tok.reset(data, size, complete);
  RecordRef rec;
  std::size_t pos = 0;
  std::map<std::size_t, std::size_t> widths;
  Trial t;
  std::size_t filled = 0, quoted = 0, multi = 0;
  for (std::size_t n = 0; n < 1000; ++n) {
    const std::size_t start = pos;
    TokenStatus st = tok.next(pos, rec);
    if (st == TokenStatus::Error) {
      // Count it against the dialect, and go on at the next line (a dialect
      // that misreads this many quotes is out of the running anyway).
      t.error = true;
      ++t.records;
      if (++t.errors >= kMaxErrors) break;
      pos = start;
      while (pos < size && data[pos] != '\n' && data[pos] != '\r') ++pos;
      if (pos >= size) break;
      pos += (data[pos] == '\r' && pos + 1 < size && data[pos + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (st != TokenStatus::Record) break;
    if (rec.blank()) continue;
    if (t.records == 0) t.first_width = rec.fields.size();
    ++t.records;
    ++widths[rec.fields.size()];
    for (std::size_t j = 0; j < rec.fields.size(); ++j) {
      const FieldRef& f = rec.fields[j];
      if (j > 0 && t.space_after) {
        // The byte after the delimiter: the field's first, or the one before its opening quote.
        const std::size_t at =
            (f.flags & kFieldQuoted) ? (f.offset >= 2 ? f.offset - 2 : 0) : f.offset;
        if (rec.data[at] != ' ' || ((f.flags & kFieldQuoted) && f.offset < 2))
          t.space_after = false;
      }
      if (f.size == 0 && !(f.flags & kFieldQuoted)) continue;
      ++filled;
      if (f.flags & kFieldQuoted) ++quoted;
    }
    if (rec.fields.size() > 1) ++multi;
  }
  if (multi < 2) t.space_after = false;
  t.quoted = quoted;
  t.quoted_share = filled ? static_cast<double>(quoted) / static_cast<double>(filled) : 0.0;
  for (auto [w, n] : widths)
    if (n > t.agreeing || (n == t.agreeing && w > t.width)) {
      t.width = w;
      t.agreeing = n;
    }
  if (t.width < 2) t.agreeing = 0;
  return t;
}

std::string quote_name(const Dialect& d) {
  std::string q = d.quote == '\'' ? "\"'\"" : "'\"'";
  if (d.backslash_escape) q += " with backslash escapes";
  return q;
}

std::string describe_trial(const Dialect& d, const Trial& t) {
  std::string out =
      fmt::format("delimiter {}, quote {}: ", delimiter_name(d.delimiter), quote_name(d));
  if (t.records == 0) return out + "no records";
  if (t.agreeing == 0)
    out += fmt::format("no common width of 2 fields or more ({} record{})", t.records,
                       t.records == 1 ? "" : "s");
  else
    out += fmt::format("{} of {} records have {} fields", t.agreeing, t.records, t.width);
  if (t.errors) out += fmt::format(", {} with misplaced quotes", t.errors);
  if (t.quoted) out += fmt::format(", {:.0f} % of the values quoted", 100.0 * t.quoted_share);
  return out;
}

}  // namespace

char excel_sep_line(std::string_view sample, std::size_t& line_bytes) {
  if (sample.size() < 5 || sample.substr(0, 4) != "sep=") return '\0';
  char d = sample[4];
  if (d == '\n' || d == '\r') return '\0';
  std::size_t i = 5;
  if (i < sample.size() && d == '"') return '\0';
  if (i == sample.size()) {
    line_bytes = i;
    return d;
  }
  if (sample[i] == '\r') ++i;
  if (i < sample.size() && sample[i] == '\n') ++i;
  if (i == 5) return '\0';  // Something else follows "sep=X" on the line.
  line_bytes = i;
  return d;
}

SniffResult sniff_dialect(std::string_view sample, bool complete, char delimiter) {
  constexpr std::size_t kMaxSample = 256 * 1024;
  if (sample.size() > kMaxSample) {
    sample = sample.substr(0, kMaxSample);
    complete = false;
  }
  std::unique_ptr<char, AlignedFree> buf(static_cast<char*>(
      std::aligned_alloc(64, ((sample.size() + kTokenizerPadding + 63) / 64) * 64)));
  std::memcpy(buf.get(), sample.data(), sample.size());
  std::memset(buf.get() + sample.size(), 0, kTokenizerPadding);

  const char delimiters[] = {',', ';', '\t', '|'};
  SniffResult best;
  best.dialect.delimiter = delimiter ? delimiter : ',';
  Trial best_trial;
  bool have = false;
  bool best_error = true;
  std::string reason;
  auto consider = [&](const Dialect& dialect, const Trial& t) {
    bool better = !have || t.agreeing > best.agreeing ||
                  (t.agreeing == best.agreeing && best_error && !t.error) ||
                  (t.agreeing == best.agreeing && best_error == t.error && t.width > best.width);
    if (better) {
      best = SniffResult{dialect, t.records, t.width, t.agreeing, {}};
      best_trial = t;
      best_error = t.error;
      have = true;
    }
  };
  std::vector<std::string> lines;
  for (char d : delimiters) {
    if (delimiter && d != delimiter) continue;
    Dialect plain{d, '"', false};
    Trial base = try_dialect(buf.get(), sample.size(), complete, plain);
    lines.push_back(describe_trial(plain, base));
    // Single quotes when they quote something and make the table at least as
    // consistent, without a misplaced quote (apostrophes in text are).
    Dialect single{d, '\'', false};
    Trial t = try_dialect(buf.get(), sample.size(), complete, single);
    if (t.quoted > 0) lines.push_back(describe_trial(single, t));
    if (!t.error && t.quoted > 0 && t.agreeing >= base.agreeing) {
      consider(single, t);
      continue;
    }
    consider(plain, base);
    // Backslash escapes only when doubled quotes cannot read the sample.
    if (base.error) {
      Dialect backslash{d, '"', true};
      Trial b = try_dialect(buf.get(), sample.size(), complete, backslash);
      lines.push_back(describe_trial(backslash, b));
      if (!b.error) consider(backslash, b);
    }
  }
  // Spaces between fields, only when no other delimiter makes a table: at
  // least two records and nine in ten of them of one width (the first
  // included), with no misplaced quote.
  const bool others_poor = !have || best.agreeing * 2 < best.records;
  if (!delimiter && !others_poor)
    lines.push_back("delimiter ' ': not tried, another delimiter gives most records one width");
  if (delimiter == ' ' || (!delimiter && others_poor)) {
    Dialect space{' ', '"', false};
    Trial t = try_dialect(buf.get(), sample.size(), complete, space);
    lines.push_back(describe_trial(space, t));
    if (delimiter == ' ' || (!t.error && t.agreeing >= 2 && t.agreeing * 10 >= t.records * 9 &&
                             t.first_width == t.width && t.agreeing > best.agreeing)) {
      best = SniffResult{space, t.records, t.width, t.agreeing, {}};
      best_trial = t;
      best_error = t.error;
      have = true;
    }
  }
  if (delimiter && !have) best.dialect.delimiter = delimiter;
  // ", ": a comma file whose every delimiter is followed by a space.
  if (best.dialect.delimiter == ',' && have && best_trial.space_after)
    best.dialect.space_after = true;

  if (delimiter) {
    reason = fmt::format("delimiter {} imposed by --delimiter", delimiter_name(best.dialect));
  } else if (best.agreeing == 0) {
    reason = fmt::format("no delimiter gives records of one width; read with {}, the first choice",
                         delimiter_name(best.dialect));
  } else if (best.dialect.delimiter == ' ') {
    reason = fmt::format(
        "chose delimiter ' ': no other delimiter gives records of one width, and {} of {} have {} "
        "fields with spaces between them",
        best.agreeing, best.records, best.width);
  } else {
    reason = fmt::format(
        "chose delimiter {}, quote {}: the most records of one width ({} of {} have {} fields)",
        delimiter_name(best.dialect), quote_name(best.dialect), best.agreeing, best.records,
        best.width);
    // Ties, and how they were broken.
    std::size_t tied = 0;
    for (const auto& l : lines)
      if (l.find(fmt::format(": {} of {} records have {} fields", best.agreeing, best.records,
                             best.width)) != std::string::npos)
        ++tied;
    if (tied > 1) reason += "; ties go to , ; tab | then space, and '\"' before \"'\"";
  }
  if (best.dialect.space_after) reason += "; every comma is followed by a space: delimiter ', '";
  lines.push_back(reason);
  best.explanation = std::move(lines);
  return best;
}

}  // namespace survey
