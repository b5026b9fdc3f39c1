// Lenient repairs of records with misplaced quotes. See repair.hpp.
//
// A reading is searched depth first: at each quote that could open or close
// a field there are two choices (RFC 4180's first, then the repair), under a
// budget of repairs raised one at a time, so that the reading found changes
// the fewest quotes. A choice that led nowhere is remembered by (kind,
// offset, fields so far) with the budget it had, so that the search stays
// polynomial however many quotes the record holds.
#include "survey/read/repair.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace survey {
namespace {

// Steps all the searches for one record may take together (a hostile record
// of a megabyte of quotes then gets the first line's reading).
constexpr std::size_t kMaxSteps = std::size_t{1} << 23;
// Repairs a reading that fits may make, tried from 0 up.
constexpr std::size_t kMaxRepairs = 8;
constexpr std::size_t kUnlimited = SIZE_MAX / 2;
// Fields beyond the width a reading may hold (all blank) before it is given up.
constexpr std::size_t kSlack = 64;

class Search {
 public:
  Search(const char* data, std::size_t size, bool eof, const Dialect& dialect, std::size_t width)
      : m_d(data), m_n(size), m_eof(eof), m_dialect(dialect), m_width(width) {}

  // Looks for a reading with at most `max_breaks` line breaks inside fields
  // and `budget` repairs; `any_width` accepts any number of fields,
  // `open_at_end` lets a quoted field run to the end of the input.
  bool run(std::uint32_t max_breaks, std::size_t budget, bool any_width, bool open_at_end) {
    m_max_breaks = max_breaks;
    m_budget = budget;
    m_cost = 0;
    m_any_width = any_width;
    m_open_at_end = open_at_end;
    m_fields.clear();
    m_stack.clear();
    m_failed.clear();
    m_kinds = 0;
    m_column = SIZE_MAX;
    m_breaks = 0;
    return search();
  }

  void result(RepairResult& out) const {
    out.fields = m_fields;
    out.size = m_end;
    out.line_breaks = m_breaks;
    out.terminated = m_terminated;
    out.kinds = m_kinds;
    out.column = m_column == SIZE_MAX ? 0 : m_column;
    out.fits = fits(m_fields.size());
  }

  // Gives the next run a full allowance of steps.
  void reset_steps() noexcept { m_steps = 0; }

  std::uint8_t kinds() const noexcept { return m_kinds; }
  std::size_t fields() const noexcept { return m_fields.size(); }

 private:
  enum class At : std::uint8_t { FieldStart, InQuote, AfterField };
  // Open: a quote starting a field. Close: a quote before a delimiter or a
  // line end. Pair: two quotes there (an escaped quote, or a quote that was
  // not doubled and the closing one).
  enum class Choice : std::uint8_t { Open, Close, Pair };
  struct Frame {
    Choice choice;
    bool tried_second = false;
    std::size_t quote;   // Offset of the quote the choice is about.
    std::size_t k;       // Fields before the current one.
    std::size_t open;    // Opening quote of the current field.
    std::uint8_t flags;  // The current field's flags so far.
    std::size_t fields;  // m_fields.size() when the choice was made.
    std::uint8_t kinds;
    std::size_t column;
    std::uint32_t breaks;
    std::size_t cost;
  };

  bool blank(char c) const noexcept { return (c == ' ' || c == '\t') && c != m_dialect.delimiter; }

  // The end of an unquoted field starting at `p`: the next delimiter or line end.
  std::size_t unquoted_end(std::size_t p) const noexcept {
    while (p < m_n && m_d[p] != m_dialect.delimiter && m_d[p] != '\n' && m_d[p] != '\r') ++p;
    return p;
  }

  std::size_t quotes(std::size_t from, std::size_t to) const noexcept {
    if (m_dialect.quote == '\0' || to <= from) return 0;
    return static_cast<std::size_t>(std::count(m_d + from, m_d + to, m_dialect.quote));
  }

  // Counts `n` repairs (one per quote read otherwise than RFC 4180 reads it);
  // false when they are over the budget.
  bool note(std::uint8_t kind, std::size_t k, std::size_t n = 1) {
    m_kinds |= kind;
    m_column = std::min(m_column, k);
    m_cost += n;
    return m_cost <= m_budget;
  }

  void push(std::size_t begin, std::size_t end, std::uint8_t flags) {
    m_fields.push_back(FieldRef{static_cast<std::uint32_t>(begin),
                                static_cast<std::uint32_t>(end - begin), flags});
  }

  bool fits(std::size_t k) const {
    if (m_any_width) return true;
    if (k < m_width) return false;
    for (std::size_t j = m_width; j < k; ++j) {
      const FieldRef& f = m_fields[j];
      for (std::size_t i = f.offset; i < f.offset + f.size; ++i)
        if (m_d[i] != ' ' && m_d[i] != '\t') return false;
    }
    return true;
  }

  static std::uint64_t key(Choice c, std::size_t quote, std::size_t k) {
    // The view is at most kRepairMaxBytes (21 bits): the offset, the field and the choice fit.
    return (static_cast<std::uint64_t>(quote) << 34) |
           (static_cast<std::uint64_t>(k & 0xFFFFFFFFu) << 2) | static_cast<std::uint64_t>(c);
  }

  // Whether the bytes from `a` (after blanks) end a field.
  bool ends_field(std::size_t a) const noexcept {
    while (a < m_n && blank(m_d[a])) ++a;
    return a >= m_n || m_d[a] == m_dialect.delimiter || m_d[a] == '\n' || m_d[a] == '\r';
  }

  // Records a choice point (its first option taken); false when it is known to fail.
  bool choose(Choice c, std::size_t quote, std::size_t k, std::size_t open, std::uint8_t flags) {
    auto it = m_failed.find(key(c, quote, k));
    if (it != m_failed.end() && it->second >= m_budget - m_cost) return false;
    m_stack.push_back(Frame{c, false, quote, k, open, flags, m_fields.size(), m_kinds, m_column,
                            m_breaks, m_cost});
    return true;
  }

  bool search();

  const char* m_d;
  std::size_t m_n;
  bool m_eof;
  Dialect m_dialect;
  std::size_t m_width;
  std::uint32_t m_max_breaks = 0;
  bool m_any_width = false;
  bool m_open_at_end = false;

  std::vector<FieldRef> m_fields;
  std::vector<Frame> m_stack;
  // Choices known to fail, with the most repairs they were given.
  std::unordered_map<std::uint64_t, std::size_t> m_failed;
  std::size_t m_budget = 0;
  std::size_t m_cost = 0;
  std::uint8_t m_kinds = 0;
  std::size_t m_column = SIZE_MAX;
  std::uint32_t m_breaks = 0;
  std::size_t m_steps = 0;
  std::size_t m_end = 0;
  bool m_terminated = false;
};

bool Search::search() {
  const char delim = m_dialect.delimiter;
  const char quote = m_dialect.quote;
  At at = At::FieldStart;
  std::size_t p = 0, k = 0, open = 0;
  std::uint8_t flags = 0;
  for (;;) {
    if (++m_steps > kMaxSteps) return false;
    bool ok = true;
    switch (at) {
      case At::FieldStart: {
        if (!m_any_width && k >= m_width + kSlack) {
          ok = false;
          break;
        }
        std::size_t q = p;
        while (q < m_n && blank(m_d[q])) ++q;
        if (quote != '\0' && q < m_n && m_d[q] == quote) {
          if (!choose(Choice::Open, q, k, q, kFieldQuoted)) {
            ok = false;
            break;
          }
          open = q;
          flags = kFieldQuoted;
          p = q + 1;
          at = At::InQuote;
          break;
        }
        const std::size_t e = unquoted_end(p);
        if (e >= m_n && !m_eof) {
          ok = false;
          break;
        }
        if (const std::size_t n = quotes(p, e); n > 0 && !note(kRepairLiteralQuote, k, n)) {
          ok = false;
          break;
        }
        push(p, e, 0);
        ++k;
        p = e;
        at = At::AfterField;
        break;
      }
      case At::InQuote: {
        for (;;) {
          if (++m_steps > kMaxSteps) return false;
          if (p >= m_n) {
            if (m_eof && m_open_at_end && note(kRepairClosedAtEnd, k)) {
              push(open + 1, m_n, flags);
              ++k;
              at = At::AfterField;
            } else {
              ok = false;
            }
            break;
          }
          const char c = m_d[p];
          if (c == '\n' || c == '\r') {
            if (c == '\r' && p + 1 >= m_n && !m_eof) {
              ok = false;
              break;
            }
            if (m_breaks >= m_max_breaks) {
              ok = false;
              break;
            }
            ++m_breaks;
            flags |= kFieldLineBreak;
            p += (c == '\r' && p + 1 < m_n && m_d[p + 1] == '\n') ? 2 : 1;
            continue;
          }
          if (m_dialect.backslash_escape && c == '\\') {
            if (p + 1 >= m_n && !m_eof) {
              ok = false;
              break;
            }
            if (p + 1 < m_n && (m_d[p + 1] == quote || m_d[p + 1] == '\\')) {
              flags |= kFieldEscaped;
              p += 2;
            } else {
              ++p;
            }
            continue;
          }
          if (c != quote) {
            ++p;
            continue;
          }
          if (p + 1 >= m_n && !m_eof) {
            ok = false;
            break;
          }
          if (p + 1 < m_n && m_d[p + 1] == quote) {
            // Before the end of a field, "" may also be a quote not doubled, then the closing one.
            if (p + 2 >= m_n && !m_eof) {
              ok = false;
              break;
            }
            if (ends_field(p + 2) && !choose(Choice::Pair, p, k, open, flags)) {
              ok = false;
              break;
            }
            flags |= kFieldEscaped;
            p += 2;
            continue;
          }
          std::size_t a = p + 1;
          while (a < m_n && blank(m_d[a])) ++a;
          if (a >= m_n && !m_eof) {
            ok = false;
            break;
          }
          if (a >= m_n || m_d[a] == delim || m_d[a] == '\n' || m_d[a] == '\r') {
            // The quote may close the field (first), or be text.
            if (!choose(Choice::Close, p, k, open, flags)) {
              ok = false;
              break;
            }
            push(open + 1, p, flags);
            ++k;
            p = a;
            at = At::AfterField;
            break;
          }
          // A quote followed by text: text itself.
          if (!note(kRepairLiteralQuote, k)) {
            ok = false;
            break;
          }
          ++p;
        }
        break;
      }
      case At::AfterField: {
        if (p >= m_n) {
          if (!m_eof || !fits(k)) {
            ok = false;
            break;
          }
          m_end = m_n;
          m_terminated = false;
          return true;
        }
        if (m_d[p] == delim) {
          ++p;
          at = At::FieldStart;
          break;
        }
        // A line end.
        if (!fits(k) || (m_d[p] == '\r' && p + 1 >= m_n && !m_eof)) {
          ok = false;
          break;
        }
        m_end = p + ((m_d[p] == '\r' && p + 1 < m_n && m_d[p + 1] == '\n') ? 2 : 1);
        m_terminated = true;
        return true;
      }
    }
    if (ok) continue;

    // Back to the last choice that has an option left.
    bool resumed = false;
    while (!m_stack.empty() && !resumed) {
      Frame& f = m_stack.back();
      m_fields.resize(f.fields);
      m_kinds = f.kinds;
      m_column = f.column;
      m_breaks = f.breaks;
      m_cost = f.cost;
      if (f.tried_second) {
        std::size_t& failed = m_failed[key(f.choice, f.quote, f.k)];
        failed = std::max(failed, m_budget - f.cost);
        m_stack.pop_back();
        continue;
      }
      f.tried_second = true;
      if (f.choice == Choice::Open) {
        // The quote never closes: the field ends at the next delimiter.
        const std::size_t e = unquoted_end(f.quote + 1);
        if (e >= m_n && !m_eof) continue;  // Marked failed on the next turn.
        // Alone, the opening quote goes ("Oui, closed at the end of its
        // field); with other quotes after it, all are text ("Super" vraiment).
        const std::size_t n = quotes(f.quote + 1, e);
        if (!note(n > 0 ? kRepairLiteralQuote : kRepairClosedQuote, f.k, 1 + n)) continue;
        push(n > 0 ? f.quote : f.quote + 1, e, 0);
        k = f.k + 1;
        p = e;
        at = At::AfterField;
      } else if (f.choice == Choice::Close) {
        // The quote is text; the quoted field goes on.
        if (!note(kRepairLiteralQuote, f.k)) continue;
        k = f.k;
        open = f.open;
        flags = f.flags;
        p = f.quote + 1;
        at = At::InQuote;
      } else {
        // The first quote is text, the second closes the field.
        if (!note(kRepairLiteralQuote, f.k)) continue;
        push(f.open + 1, f.quote + 1, f.flags);
        k = f.k + 1;
        p = f.quote + 2;
        while (p < m_n && blank(m_d[p])) ++p;
        at = At::AfterField;
      }
      resumed = true;
    }
    if (!resumed) return false;
  }
}

}  // namespace

RepairStatus repair_record(const char* data, std::size_t size, bool eof, const Dialect& dialect,
                           std::size_t width, RepairResult& out) {
  // What the repair looks at: kRepairMaxLines lines, at most kRepairMaxBytes.
  const std::size_t limit = std::min(size, kRepairMaxBytes);
  std::size_t view = limit;
  std::size_t line_ends = 0;
  for (std::size_t i = 0; i < limit; ++i) {
    const char c = data[i];
    if (c != '\n' && c != '\r') continue;
    if (c == '\r' && i + 1 >= size && !eof && size < kRepairMaxBytes) return RepairStatus::NeedMore;
    if (c == '\r' && i + 1 < limit && data[i + 1] == '\n') ++i;
    if (++line_ends == kRepairMaxLines) {
      view = i + 1;
      break;
    }
  }
  if (line_ends < kRepairMaxLines && !eof && size < kRepairMaxBytes) return RepairStatus::NeedMore;
  const bool view_eof = eof && view == size;
  const std::size_t lines =
      line_ends + (view > 0 && data[view - 1] != '\n' && data[view - 1] != '\r' ? 1 : 0);

  Search search(data, view, view_eof, dialect, width);
  // A file cut inside a quoted field: the rest of the input is that field,
  // when that gives the table's width.
  RepairResult cut;
  bool have_cut = false;
  if (view_eof && lines <= kRepairMaxLines &&
      search.run(static_cast<std::uint32_t>(kRepairMaxLines), kUnlimited, /*any_width=*/true,
                 /*open_at_end=*/true) &&
      (search.kinds() & kRepairClosedAtEnd)) {
    search.result(cut);
    have_cut = true;
    // The input's last line end ends the record, not the field.
    FieldRef& last = cut.fields.back();
    std::size_t end = last.offset + last.size;
    if (end == view && end > last.offset && (data[end - 1] == '\n' || data[end - 1] == '\r')) {
      const std::size_t k = (end >= 2 && data[end - 2] == '\r' && data[end - 1] == '\n') ? 2 : 1;
      last.size -= static_cast<std::uint32_t>(k);
      --cut.line_breaks;
      cut.terminated = true;
      if (cut.line_breaks == 0) last.flags &= static_cast<std::uint8_t>(~kFieldLineBreak);
    }
    // Taken first when the field does run over lines and the record fits.
    if (cut.line_breaks > 0 && cut.fields.size() == width) {
      out = cut;
      out.fits = true;
      return RepairStatus::Done;
    }
  }
  for (std::size_t l = 1; l <= std::max<std::size_t>(lines, 1); ++l)
    for (std::size_t budget = 0; budget <= kMaxRepairs; ++budget)
      if (search.run(static_cast<std::uint32_t>(l - 1), budget, /*any_width=*/false,
                     /*open_at_end=*/false)) {
        search.result(out);
        out.fits = true;
        return RepairStatus::Done;
      }
  if (have_cut) {
    // Unless the line after the open quote reads as a row of its own: then
    // the quote was stray, and the lines after it are rows.
    bool next_line_fits = false;
    if (cut.line_breaks > 0) {
      std::size_t next = 0;
      while (next < view && data[next] != '\n' && data[next] != '\r') ++next;
      next += (next + 1 < view && data[next] == '\r' && data[next + 1] == '\n') ? 2 : 1;
      if (next < view) {
        Search line(data + next, view - next, view_eof, dialect, width);
        next_line_fits = line.run(0, kUnlimited, /*any_width=*/false, /*open_at_end=*/false);
      }
    }
    if (!next_line_fits) {
      out = cut;
      out.fits = false;
      return RepairStatus::Done;
    }
  }
  // No reading fits: the first line, read as the repairs read it.
  search.reset_steps();
  if (search.run(0, kUnlimited, /*any_width=*/true, /*open_at_end=*/view_eof && lines <= 1)) {
    search.result(out);
    out.fits = out.fields.size() == width;
    return RepairStatus::Done;
  }
  out = RepairResult{};
  return RepairStatus::Done;
}

}  // namespace survey
