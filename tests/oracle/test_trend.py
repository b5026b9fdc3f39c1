#!/usr/bin/env python3
"""Recomputes `survey trend`'s CSV from the summaries it reads.

The COET-MOF sample is cut into periods with `survey filter` (its months,
and runs of ISO weeks), each period counted with `survey freq --codebook`
(overall and `--by region`), a header-only export added as a quiet period.
For each run, this script reads the same summary files with Python's csv
module and computes, for every (question, by, group, kind, answer) of any
period and every period, what docs/tools/trend.md says: the status, the
count, base and percentage, the change in points (decimal arithmetic on the
percentages as written), the two-proportion z-test's p-value (pooled,
from math.erfc, no continuity correction: R's prop.test(correct = FALSE)),
optionally Bonferroni-adjusted, and whether it is below alpha. Every row of
`survey trend` must match and no expected row may be missing (nothing is
dropped). p-values are compared to 1e-9 relative.
Usage: test_trend.py --bin DIR --samples DIR
"""

import argparse
import csv
import io
import math
import os
import sys
import tempfile
from decimal import Decimal

from freq_oracle import Failures, run_survey

F = Failures()
SHARES = {"answer", "option", "other", "missing", "top2", "bottom2", "promoters", "passives", "detractors"}
VALUES = {"mean", "nps"}
ANSWERS = {"answer", "option", "other"}


def read_summary(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def p_value(x1, n1, x2, n2):
    p = (x1 + x2) / (n1 + n2)
    if p <= 0 or p >= 1:
        return None
    z = (x1 / n1 - x2 / n2) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return math.erfc(abs(z) / math.sqrt(2))


def points(a, b):
    d = Decimal(b) - Decimal(a)
    places = max(len(x.split(".")[1]) if "." in x else 0 for x in (a, b))
    s = f"{abs(d):.{places}f}"
    return ("+" + s) if d > 0 else ("-" + s) if d < 0 else s


def expected(files, labels, alpha, bonferroni):
    periods = [[r for r in read_summary(f) if r["kind"] in SHARES | VALUES] for f in files]
    empty = [all(int(r["base"]) == 0 for r in rows) for rows in periods]
    keys = []
    for rows in periods:
        for r in rows:
            k = (r["question"], r["by"], r["group"], r["kind"], r["answer"])
            if k not in keys:
                keys.append(k)
    decimals = 1
    for rows in periods:
        for r in rows:
            if r["kind"] in SHARES and r["percent"]:
                decimals = len(r["percent"].split(".")[1]) if "." in r["percent"] else 0
    out = {}
    tests = []
    for k in keys:
        q, by, group, kind, answer = k
        cells = []
        for i, rows in enumerate(periods):
            qrows = [r for r in rows if r["question"] == q]
            trows = [r for r in qrows if (r["by"], r["group"]) == (by, group)]
            row = [r for r in trows if (r["kind"], r["answer"]) == (kind, answer)]
            if empty[i]:
                cell = ("no_responses", "", "", "")
            elif not qrows:
                cell = ("absent", "", "", "")
            elif not trows:
                cell = ("absent" if by == "" else "no_responses", "", "", "")
            elif row:
                cell = ("listed", row[0]["count"], row[0]["base"], row[0]["percent"])
            elif kind in ANSWERS and any(r["kind"] in ANSWERS for r in trows):
                base = [r for r in trows if r["kind"] in ANSWERS][0]["base"]
                pct = f"{0:.{decimals}f}" if int(base) > 0 else ""
                cell = ("not_listed", "0", base, pct)
            else:
                cell = ("absent", "", "", "")
            cells.append(cell)
        for i, c in enumerate(cells):
            change, p = "", None
            if i > 0 and cells[i - 1][3] and c[3]:
                change = points(cells[i - 1][3], c[3])
                a = cells[i - 1]
                if kind in SHARES and int(a[2]) > 0 and int(c[2]) > 0:
                    p = p_value(int(a[1]), int(a[2]), int(c[1]), int(c[2]))
                    if p is not None:
                        tests.append((k, labels[i]))
            out[k + (labels[i],)] = [c[0], c[1], c[2], c[3], change, p]
    for v in out.values():
        if v[5] is not None and bonferroni:
            v[5] = min(1.0, v[5] * len(tests))
    return out


def check(bin_dir, files, labels, alpha=0.05, bonferroni=False, what=""):
    args = ["trend", "-q"]
    for f, l in zip(files, labels):
        args += ["--label", l, f]
    args += ["--alpha", str(alpha)] + (["--bonferroni"] if bonferroni else [])
    out, _, code = run_survey(bin_dir, args, F)
    if code != 0:
        return
    got = list(csv.DictReader(io.StringIO(out.decode("utf-8"))))
    exp = expected(files, labels, alpha, bonferroni)
    seen = set()
    for r in got:
        k = (r["question"], r["by"], r["group"], r["kind"], r["answer"], r["period"])
        seen.add(k)
        e = exp.get(k)
        if not F.check(e is not None, f"{what}: unexpected row {k}"):
            continue
        status, count, base, pct, change, p = e
        F.check([r["status"], r["count"], r["base"], r["percent"], r["change"]] == [status, count, base, pct, change],
                f"{what}: {k}: got {[r['status'], r['count'], r['base'], r['percent'], r['change']]}, "
                f"expected {[status, count, base, pct, change]}")
        if p is None:
            F.check(r["p_value"] == "" and r["significant"] == "", f"{what}: {k}: a test where none applies")
        else:
            ok = r["p_value"] != "" and math.isclose(float(r["p_value"]), p, rel_tol=1e-9, abs_tol=1e-15)
            F.check(ok, f"{what}: {k}: p {r['p_value']}, expected {p}")
            F.check(r["significant"] == ("yes" if p < alpha else "no"), f"{what}: {k}: significant {r['significant']}")
    missing = [k for k in exp if k not in seen]
    F.check(not missing, f"{what}: rows dropped: {missing[:3]}")
    return len(got)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--samples", required=True)
    a = ap.parse_args()
    data = os.path.join(a.samples, "coet-mof-2020.csv")
    cb = os.path.join(a.samples, "coet-mof-2020.codebook.csv")
    rows = 0
    with tempfile.TemporaryDirectory() as d:
        empty = os.path.join(d, "empty.csv")
        with open(data, encoding="utf-8") as f, open(empty, "w", encoding="utf-8") as g:
            g.write(f.readline())
        windows = [["--month", f"2020-{m:02d}"] for m in range(3, 8)] + \
                  [["--week", f"2020-W{w:02d}"] for w in range(10, 29)]
        for opts in ([], ["--by", "region"], ["--missing", "--decimals", "2"]):
            files, labels = [], []
            for n, win in enumerate(windows + [None]):
                path = os.path.join(d, f"p{n}.csv")
                if win is None:
                    src = empty
                else:
                    src = os.path.join(d, f"rows{n}.csv")
                    out, _, _ = run_survey(a.bin, ["filter", data, *win, "-q"], F)
                    open(src, "wb").write(out)
                out, _, _ = run_survey(a.bin, ["freq", src, "--codebook", cb, "-q", *opts], F)
                open(path, "wb").write(out)
                files.append(path)
                labels.append(win[1] if win else "quiet")
            months, weeks = slice(0, 5), slice(5, None)
            what = " ".join(opts) or "overall"
            rows += check(a.bin, files[months], labels[months], what=f"months {what}") or 0
            rows += check(a.bin, files[weeks], labels[weeks], what=f"weeks {what}") or 0
            rows += check(a.bin, files[weeks], labels[weeks], alpha=0.2, bonferroni=True,
                          what=f"weeks bonferroni {what}") or 0
            rows += check(a.bin, [files[0], files[-1], files[3]], [labels[0], "quiet", labels[3]],
                          what=f"quiet between {what}") or 0
    F.check(rows > 1000, f"only {rows} rows checked")
    return F.report(f"{rows} rows of survey trend recomputed")


if __name__ == "__main__":
    sys.exit(main())
