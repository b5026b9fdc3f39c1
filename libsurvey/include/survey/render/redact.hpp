// Redaction of personal details in free-text answers before they are quoted
// in a report: e-mail addresses, telephone numbers and web addresses are
// replaced by a placeholder.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace survey {

// What replaces each kind of detail.
struct RedactLabels {
  std::string email = "[e-mail removed]";
  std::string phone = "[phone removed]";
  std::string url = "[link removed]";
};

struct Redacted {
  std::string text;
  std::size_t emails = 0, phones = 0, urls = 0;

  std::size_t total() const noexcept { return emails + phones + urls; }
};

// Replaces, in this order:
// - web addresses: a scheme (`http://`, `https://`, `ftp://`) or `www.` at
//   the start of a word, or a bare domain with a common top-level domain
//   (`exemple.fr`, `site.com/page`), up to the next space, angle bracket,
//   quote or guillemet, trailing punctuation left out;
// - e-mail addresses: `local@domain.tld` (letters, digits, `._%+-` before
//   the `@`, a dotted domain after it whose last part has two letters or
//   more);
// - telephone numbers: 9 to 15 digits, alone or in groups separated by one
//   space, dot or hyphen, optionally with a leading `+` and parentheses,
//   not inside a word, that start with `+`, `0` or `(`, or come in three
//   groups or more separated by dots or hyphens (`06 12 34 56 78`,
//   `+33 6 12 34 56 78`, `0612345678`, `(555) 123-4567`, `555-123-4567`).
//   Dates (`07/07/2020`), times, amounts (`1 234,50`) and other numbers are
//   left alone.
Redacted redact(std::string_view text, const RedactLabels& labels = {});

}  // namespace survey
