// Dialect detection. See sniff.hpp.
#include "survey/read/sniff.hpp"

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>

namespace survey {
namespace {

struct AlignedFree {
  void operator()(char* p) const noexcept { std::free(p); }
};

struct Trial {
  std::size_t records = 0;
  std::size_t width = 0;
  std::size_t agreeing = 0;
  bool error = false;
  double quoted_share = 0;  // Non-empty fields that were quoted.
};

Trial try_dialect(const char* data, std::size_t size, bool complete, const Dialect& dialect) {
  Tokenizer tok(dialect, /*lenient=*/false);
  tok.reset(data, size, complete);
  RecordRef rec;
  std::size_t pos = 0;
  std::map<std::size_t, std::size_t> widths;
  Trial t;
  std::size_t filled = 0, quoted = 0;
  for (std::size_t n = 0; n < 1000; ++n) {
    TokenStatus st = tok.next(pos, rec);
    if (st == TokenStatus::Error) {
      t.error = true;
      break;
    }
    if (st != TokenStatus::Record) break;
    if (rec.blank()) continue;
    ++t.records;
    ++widths[rec.fields.size()];
    for (const auto& f : rec.fields) {
      if (f.size == 0 && !(f.flags & kFieldQuoted)) continue;
      ++filled;
      if (f.flags & kFieldQuoted) ++quoted;
    }
  }
  t.quoted_share = filled ? static_cast<double>(quoted) / static_cast<double>(filled) : 0.0;
  for (auto [w, n] : widths)
    if (n > t.agreeing || (n == t.agreeing && w > t.width)) {
      t.width = w;
      t.agreeing = n;
    }
  if (t.width < 2) t.agreeing = 0;
  return t;
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
  bool have = false;
  bool best_error = true;
  auto consider = [&](const Dialect& dialect, const Trial& t) {
    bool better = !have || t.agreeing > best.agreeing ||
                  (t.agreeing == best.agreeing && best_error && !t.error) ||
                  (t.agreeing == best.agreeing && best_error == t.error && t.width > best.width);
    if (better) {
      best = SniffResult{dialect, t.records, t.width, t.agreeing};
      best_error = t.error;
      have = true;
    }
  };
  for (char d : delimiters) {
    if (delimiter && d != delimiter) continue;
    Dialect plain{d, '"', false};
    Trial base = try_dialect(buf.get(), sample.size(), complete, plain);
    consider(plain, base);
    // Backslash escapes only when doubled quotes cannot read the sample.
    if (base.error) {
      Dialect backslash{d, '"', true};
      Trial t = try_dialect(buf.get(), sample.size(), complete, backslash);
      if (!t.error) consider(backslash, t);
    }
    // Single quotes only when the file quotes (nearly) every field with them.
    Dialect single{d, '\'', false};
    Trial t = try_dialect(buf.get(), sample.size(), complete, single);
    if (!t.error && t.quoted_share >= 0.9 && t.agreeing >= base.agreeing) {
      best = SniffResult{single, t.records, t.width, t.agreeing};
      best_error = false;
      have = true;
    }
  }
  if (delimiter && !have) best.dialect.delimiter = delimiter;
  return best;
}

}  // namespace survey
