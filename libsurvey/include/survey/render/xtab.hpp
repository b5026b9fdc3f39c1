// Views of a cross-tabulation for people and programs: a wide Markdown
// table (rows = answers, columns = groups, then the total) with the tests
// under it, and JSON.
#pragma once

#include <string>

#include "survey/render/render.hpp"
#include "survey/stats/xtab.hpp"

namespace survey {

// A p-value for people: "0.042", "< 0.001" (with the options' decimal comma).
std::string p_value_text(double p, const RenderOptions& options);

// "p = 0.042", "p < 0.001".
std::string p_clause(double p, const RenderOptions& options);

// A number rounded to `decimals` places for people.
std::string fixed_text(double value, int decimals, const RenderOptions& options);

// A heading with both questions and the respondents in the table, the wide
// table, a line saying what the percentages are of, and the tests.
std::string render_xtab_markdown(const Xtab& table, const XtabTests& tests,
                                 const XtabOptions& options, const RenderOptions& render);

// {"question", "label", "by", "by_label", "percent", "n", "missing_by",
//  "columns": [{"group", "letter", "count", "base", "percent"}],
//  "rows": [{"answer", "kind", "total": {...}, "cells": [{"count", "base",
//  "percent", "ci_low", "ci_high", "letters"}]}], "tests": {...}}
std::string render_xtab_json(const Xtab& table, const XtabTests& tests, const XtabOptions& options);

}  // namespace survey
