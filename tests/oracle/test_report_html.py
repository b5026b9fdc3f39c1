#!/usr/bin/env python3
"""The Markdown of `survey report` converts cleanly to HTML with cmark-gfm.

Every golden report (tests/cli/report/*/expout that is a report) and the
COET-MOF sample's report in each style and chart kind are rendered with
`cmark-gfm -e table -e strikethrough --unsafe` (unsafe: raw HTML would pass
through, so none must be there) and the HTML, read with html.parser, must
match the Markdown source line for line:
- as many <table> as the source has tables (a header row followed by a
  delimiter row), each with the source's rows, and every row of the source
  with as many cells as its header (an unescaped `|` in an answer would add
  one) and every HTML row with that many cells;
- as many <li> as source lines starting "- ", headings <h1>-<h3> as "#"
  lines, <blockquote> as "> " lines, <pre> as fenced blocks: an answer that
  opened a list, heading or quote would add some;
- no tag but those the report writes (no <script>, <img>, <a>, <em>,
  <del>...): escaped text stays text, and "<script>" shows as such.
Usage: test_report_html.py --bin DIR --samples DIR
"""

import argparse
import glob
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

from freq_oracle import Failures, run_survey

F = Failures()
ALLOWED = {"h1", "h2", "h3", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "blockquote",
           "code", "pre", "strong"}
CELL_SPLIT = re.compile(r"(?<!\\)\|")


class Html(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.tables = []  # Per table, the cell count of each row.
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in ("td", "th"):
            self.tables[-1][-1] += 1

    def handle_data(self, data):
        self.text.append(data)


def source_shape(md):
    """Counts of the Markdown's blocks, outside fenced code."""
    shape = {"tables": [], "li": 0, "h": 0, "blockquote": 0, "pre": 0, "bad_rows": []}
    lines = md.split("\n")
    fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            if not fence:
                shape["pre"] += 1
            fence = not fence
            i += 1
            continue
        if fence:
            i += 1
            continue
        if line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|(:?-+:?\|)+$", lines[i + 1]):
            header = len(CELL_SPLIT.split(line.strip())) - 2
            rows = [header]
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                cells = len(CELL_SPLIT.split(lines[j].strip())) - 2
                if cells != header:
                    shape["bad_rows"].append(lines[j])
                rows.append(header)
                j += 1
            shape["tables"].append(rows)
            i = j
            continue
        if line.startswith("- "):
            shape["li"] += 1
        elif re.match(r"^#{1,3} ", line):
            shape["h"] += 1
        elif line.startswith("> "):
            shape["blockquote"] += 1
        i += 1
    return shape


def check(md, what):
    html = subprocess.run(["cmark-gfm", "-e", "table", "-e", "strikethrough", "--unsafe"], input=md.encode("utf-8"),
                          capture_output=True, check=True).stdout.decode("utf-8")
    parsed = Html()
    parsed.feed(html)
    src = source_shape(md)
    F.same(parsed.tables, src["tables"], f"{what}: tables (cells per row)")
    F.same(src["bad_rows"], [], f"{what}: source rows with a cell count other than their header's")
    F.same(parsed.tags.count("li"), src["li"], f"{what}: list items")
    F.same(sum(parsed.tags.count(h) for h in ("h1", "h2", "h3")), src["h"], f"{what}: headings")
    F.same(parsed.tags.count("blockquote"), src["blockquote"], f"{what}: quotes")
    F.same(parsed.tags.count("pre"), src["pre"], f"{what}: code blocks")
    F.same(sorted(set(parsed.tags) - ALLOWED), [], f"{what}: tags the report never writes")
    return "".join(parsed.text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--samples", required=True)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    n = 0
    for expout in sorted(glob.glob(os.path.join(here, "..", "cli", "report", "*", "expout"))):
        md = open(expout, encoding="utf-8").read()
        if not md.startswith("# "):
            continue
        name = os.path.basename(os.path.dirname(expout))
        text = check(md, name)
        n += 1
        if name.startswith("hostile"):
            # The hostile answers show as text, tags and all.
            F.check("<script>" in text, f"{name}: the text <script> is not shown as text")
    F.check(n >= 10, f"only {n} golden reports found")
    sample = os.path.join(args.samples, "coet-mof-2020.csv")
    for extra in ([], ["--style", "table"], ["--charts", "bars"], ["--style", "table", "--charts", "bars"],
                  ["--charts", "mermaid"], ["--breakdown", "--min-cell", "5", "--min-share", "0"],
                  ["--breakdown", "--style", "table", "--min-cell", "10"]):
        for lang in ("fr", "en"):
            out, _, _ = run_survey(args.bin, ["report", sample, "--lang", lang, "-q"] + extra, F)
            check(out.decode("utf-8"), f"coet-mof-2020 --lang {lang} {' '.join(extra)}")
    return F.report(f"{n} golden reports and the sample's reports render to the HTML their Markdown says")


if __name__ == "__main__":
    sys.exit(main())
