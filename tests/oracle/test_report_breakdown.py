#!/usr/bin/env python3
"""`survey report --breakdown --min-cell K` on the COET-MOF sample, checked
against the data and by trying to recompute every hidden cell.

For each question's table by region (main groups: at least 4 % of those who
answered the region and at least K of them; then "Autres" and "(sans
réponse)"; then "Ensemble"), computed apart with the csv module:
- every shown count and row percentage, and each row's mean score, is right;
- a cell shows "< K" exactly when its count is from 1 to K - 1, "s" only for a
  count of 1 or more (zeros are never hidden); a row's score is hidden with
  any of its cells;
- no hidden cell can be recomputed: the reader knows every shown cell, the
  "Ensemble" row (each column's total) and that each row's answers add up to
  its n; as linear equations over the hidden cells (exact fractions), no
  hidden cell is determined (its unit vector is not in the equations' row
  space).
Runs with K = 5 and 10, and with every region a group (--min-share 0).
Usage: test_report_breakdown.py --bin DIR --samples DIR
"""

import argparse
import csv
import os
import re
import sys
from collections import Counter, defaultdict
from fractions import Fraction

from freq_oracle import Failures, percent, round_half_away, run_survey

F = Failures()
LIKERT = {
    "4)": ["Insatisfaisant", "Peu satisfaisant", "Satisfaisant", "Très satisfaisant"],
    "7)": ["Insatisfait", "Peu satisfait", "Satisfait", "Très satisfait"],
}


def unescape(text):
    return re.sub(r"\\(.)", r"\1", text)


def cells_of(line):
    return [unescape(c.strip()) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def tables(md):
    """{question heading: (header cells, rows of cells)} of the breakdown tables."""
    out = {}
    heading = None
    lines = md.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("## "):
            heading = unescape(re.sub(r" \(\d+ réponses?\)$", "", line[3:]))
        if line.startswith("### Par ") and i + 2 < len(lines):
            j = i + 2
            header = cells_of(lines[j])
            rows = []
            j += 2
            while j < len(lines) and lines[j].startswith("|"):
                rows.append(cells_of(lines[j]))
                j += 1
            out[heading] = (header, rows)
    return out


def rank(rows):
    """Rank of a list of Fraction rows (Gaussian elimination)."""
    m = [list(r) for r in rows]
    r = 0
    cols = len(m[0]) if m else 0
    for c in range(cols):
        pivot = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
        if pivot is None:
            continue
        m[r], m[pivot] = m[pivot], m[r]
        for i in range(len(m)):
            if i != r and m[i][c] != 0:
                f = m[i][c] / m[r][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[r])]
        r += 1
    return r


def check(args, k, extra):
    path = os.path.join(args.samples, "coet-mof-2020.csv")
    cmd = ["report", path, "--lang", "fr", "-q", "--breakdown", "--min-cell", str(k)] + extra
    out, _, _ = run_survey(args.bin, cmd, F)
    what = " ".join(cmd[3:])
    found = tables(out.decode("utf-8"))
    with open(path, encoding="utf-8", newline="") as f:
        data = list(csv.reader(f))
    header, rows = data[0], data[1:]
    region = header.index("Région")
    regions = Counter(r[region] for r in rows if r[region])
    base = sum(regions.values())
    share = 0 if "--min-share" in extra else 4
    main = {g for g, n in regions.items() if 100 * n >= share * base and n >= k}
    F.check(len(found) == 7, f"{what}: {len(found)} breakdown tables")
    for q in header[2:9]:
        if not F.check(q in found, f"{what}: no table for {q!r}"):
            continue
        head, shown = found[q]
        answers = head[2:]
        key = q.split(" ", 1)[0]
        score = key in LIKERT
        if score:
            answers = answers[:-1]
        counts = defaultdict(Counter)
        for r in rows:
            if not r[header.index(q)]:
                continue
            g = r[region]
            g = "(sans réponse)" if not g else g if g in main else "Autres"
            counts[g][r[header.index(q)]] += 1
        table = []  # (group, n, [counts]) as the report has them, Ensemble left out.
        for cells in shown:
            name = cells[0]
            if name == "**Ensemble**":
                total = cells
                continue
            c = counts[name]
            n = sum(c.values())
            table.append((name, n, [c[a] for a in answers], cells))
        F.same(sorted(t[0] for t in table), sorted(counts), f"{what}: {q}: groups")
        hidden = []  # (row, column) with column len(answers) for n.
        for r, (name, n, values, cells) in enumerate(table):
            for c, (value, text) in enumerate(zip(values + [n], cells[2:2 + len(answers)] + [cells[1]])):
                if c == len(values):
                    value, text = n, cells[1]
                else:
                    text = cells[2 + c]
                where = f"{what}: {q}: {name} / {answers[c] if c < len(answers) else 'n'}"
                if text == f"< {k}":
                    F.check(1 <= value < k, f"{where}: {value} shown as < {k}")
                    hidden.append((r, c))
                elif text == "s":
                    F.check(value >= 1, f"{where}: {value} hidden as s")
                    hidden.append((r, c))
                else:
                    F.check(not 1 <= value < k, f"{where}: {value} < {k} shown")
                    # A group that did not answer (n = 0) has no percentages.
                    expected = (str(value) if c == len(values) or n == 0
                                else f"{value} ({str(percent(value, n)).replace('.', ',')} %)")
                    F.same(text, expected, where)
            if score:
                text = cells[-1]
                has_hidden = any(h[0] == r for h in hidden)
                if has_hidden:
                    F.same(text, "", f"{what}: {q}: {name}: score with hidden cells")
                else:
                    levels = LIKERT[key]
                    mean = round_half_away(Fraction(sum((i + 1) * values[i] for i in range(4)), n), 2)
                    F.same(text, str(mean).replace(".", ","), f"{what}: {q}: {name}: mean")
        # Try to recompute each hidden cell from the shown ones and the totals.
        if not hidden:
            continue
        index = {h: i for i, h in enumerate(hidden)}
        equations = []
        ncols = len(answers) + 1
        for r in range(len(table)):  # answers - n = 0
            row = [Fraction(0)] * len(hidden)
            for c in range(ncols):
                if (r, c) in index:
                    row[index[(r, c)]] = Fraction(-1 if c == len(answers) else 1)
            equations.append(row)
        for c in range(ncols):  # column totals (Ensemble)
            row = [Fraction(0)] * len(hidden)
            for r in range(len(table)):
                if (r, c) in index:
                    row[index[(r, c)]] = Fraction(1)
            equations.append(row)
        full = rank(equations)
        for h, i in index.items():
            unit = [Fraction(0)] * len(hidden)
            unit[i] = Fraction(1)
            name = table[h[0]][0]
            F.check(rank(equations + [unit]) > full,
                    f"{what}: {q}: hidden cell {name} / {answers[h[1]] if h[1] < len(answers) else 'n'} can be recomputed")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--samples", required=True)
    args = ap.parse_args()
    for k, extra in ((5, []), (10, []), (5, ["--min-share", "0"]), (3, ["--min-share", "0"])):
        check(args, k, extra)
    return F.report("survey report --breakdown --min-cell: figures right, no hidden cell recomputable")


if __name__ == "__main__":
    sys.exit(main())
