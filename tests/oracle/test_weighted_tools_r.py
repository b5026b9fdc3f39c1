#!/usr/bin/env python3
"""xtab, stats, report and freq --ci with --weight agree with R's survey package.

The reference values are committed under tests/reference/weights/, written
by scripts/r-reference-weights (svychisq, svytable, svymean, svyvar,
svyquantile, confint, svyciprop's Korn-Graubard formula); this test only
reads them, so it needs no R. On data-samples/coet-mof-2020-weighted.csv:
- `survey xtab ROW COL --weight Poids --format json`: the Rao-Scott
  pearson X^2, F, ndf, ddf, p, first-order chi-square, df, p, and Cramer's V
  of the weighted table, to 1e-6 (svychisq.csv, the Poids rows); the same
  with the raked weights `survey weight` writes (the raked rows: R's own
  raked weights, so survey's raking and its test are checked together, to
  1e-5);
- the CSV of those runs: every test row's value equals the JSON's;
- `survey freq --ci` and `survey xtab --ci` (wald, clopper-pearson, wilson;
  --decimals 6): each weighted percentage and its interval, to 1e-6 percent
  units beyond the 5e-7 rounding (ci.csv);
- `survey stats --weight Poids --format json`: n, weighted n, effective n,
  mean, its SE, SD, min, quartiles, max and the mean's interval of the two
  scales, to 1e-6 (stats.csv);
- `survey report --weight Poids`: every percentage of every question section
  equals R's (freq.csv) rounded to the report's one decimal, and each
  section's weighted and effective base too; with --breakdown, every shown
  cell of a region (its weighted share of the region's respondents) equals
  R's per-region svymean rounded the same way.
Usage: test_weighted_tools_r.py --bin DIR --samples DIR
"""

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal

failures = []
checked = 0


def run(bin_dir, args, stdin=None):
    p = subprocess.run([os.path.join(bin_dir, "survey")] + args, capture_output=True, text=True,
                       encoding="utf-8")
    if p.returncode != 0:
        raise SystemExit(f"FAIL: survey {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def check(what, got, want, tol=1e-6):
    global checked
    checked += 1
    if got is None or abs(float(got) - float(want)) > tol * max(1.0, abs(float(want))):
        failures.append(f"{what}: survey {got}, R {want}")


def rounded(value, decimals):
    q = Decimal(1).scaleb(-decimals)
    return str(Decimal(repr(float(value))).quantize(q, rounding=ROUND_HALF_UP))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--samples", required=True)
    args = ap.parse_args()
    ref_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference", "weights")
    sample = os.path.join(args.samples, "coet-mof-2020-weighted.csv")
    margins = os.path.join(args.samples, "coet-mof-2020.margins.csv")

    def ref(name):
        with open(os.path.join(ref_dir, name), encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    # --- xtab: Rao-Scott ------------------------------------------------------
    with tempfile.TemporaryDirectory() as tmp:
        raked = os.path.join(tmp, "raked.csv")
        with open(raked, "w", encoding="utf-8", newline="") as f:
            f.write(run(args.bin, ["weight", sample, "--targets", margins, "-q"]))
        for r in ref("svychisq.csv"):
            data, weight = (sample, "Poids") if r["weights"] == "Poids" else (raked, "weight")
            tol = 1e-6 if r["weights"] == "Poids" else 1e-5
            # The row's label: the first words identify the question.
            row, col = r["row"], r["col"]
            common = ["xtab", data, row, col, "--weight", weight, "-q"]
            j = json.loads(run(args.bin, common + ["--format", "json"]))
            what = f"xtab {row[:12]} x {col[:12]} ({r['weights']})"
            rs = j["tests"].get("rao_scott")
            if rs is None:
                failures.append(f"{what}: no rao_scott")
                continue
            for mine, theirs in (("pearson", "pearson"), ("f", "f"), ("ndf", "ndf"), ("ddf", "ddf"),
                                 ("p", "p_f"), ("chi2", "chisq"), ("df", "df"), ("chi2_p", "p_chisq")):
                check(f"{what} {mine}", rs[mine], r[theirs], tol)
            check(f"{what} design rows", rs["design_rows"], r["rows"], 0)
            check(f"{what} cramers_v", j["tests"]["cramers_v"], r["cramers_v"], tol)
            if "fisher_p" in j["tests"] or "chi2" in j["tests"]:
                failures.append(f"{what}: an unweighted test in a weighted table")
            rows = list(csv.DictReader(io.StringIO(run(args.bin, common))))
            by_kind = {x["kind"]: x for x in rows}
            for kind, key in (("rao_scott_pearson", "pearson"), ("rao_scott_f", "f"), ("rao_scott_ndf", "ndf"),
                              ("rao_scott_ddf", "ddf"), ("rao_scott_p", "p"), ("rao_scott_chi2", "chi2"),
                              ("rao_scott_chi2_df", "df"), ("rao_scott_chi2_p", "chi2_p")):
                if kind not in by_kind:
                    failures.append(f"{what}: no {kind} row")
                    continue
                check(f"{what} csv {kind}", by_kind[kind]["percent"], rs[key], 1e-9)

    # --- freq --ci and xtab --ci ----------------------------------------------
    methods = (("wald", "wald"), ("clopper-pearson", "cp"), ("wilson", "wilson"))
    cis = ref("ci.csv")
    for method, col in methods:
        got = {}
        for question in sorted({r["question"] for r in cis if r["tool"] == "freq"}):
            out = run(args.bin, ["freq", sample, question, "--weight", "Poids", "--ci", method, "--decimals", "6",
                                 "-q"])
            for x in csv.DictReader(io.StringIO(out)):
                if x["kind"] == "answer":
                    got[("freq", x["label"], "", "", x["answer"])] = x
        for row, by in sorted({(r["question"], r["by"]) for r in cis if r["tool"] == "xtab"}):
            out = run(args.bin, ["xtab", sample, row, by, "--weight", "Poids", "--ci", method, "--decimals", "6",
                                 "-q"])
            for x in csv.DictReader(io.StringIO(out)):
                if x["kind"] == "answer" and x["by"]:
                    got[("xtab", x["label"], by, x["group"], x["answer"])] = x
        for r in cis:
            key = (r["tool"], r["question"], r["by"], r["group"], r["answer"])
            g = got.get(key)
            if g is None:
                failures.append(f"{method}: no row {key}")
                continue
            # Six decimals: within 5e-7 of the exact figure, 1e-6 with R's.
            check(f"{method} {key} percent", g["percent"], r["percent"], 1e-6)
            check(f"{method} {key} ci_low", g["ci_low"], r[col + "_low"], 1e-6)
            check(f"{method} {key} ci_high", g["ci_high"], r[col + "_high"], 1e-6)

    # --- stats ------------------------------------------------------------------
    st = ref("stats.csv")
    out = json.loads(run(args.bin, ["stats", sample, "4)", "7)", "--weight", "Poids", "--format", "json", "-q"]))
    mine = {q["label"]: q for q in out["questions"]}
    for r in st:
        q = mine.get(r["question"])
        if q is None:
            failures.append(f"stats: no {r['question']}")
            continue
        check(f"stats {r['question'][:12]} {r['statistic']}", q.get(r["statistic"]), r["value"])

    # --- report -------------------------------------------------------------------
    freq = ref("freq.csv")
    percents = {}
    bases = {}
    for r in freq:
        if r["by"]:
            continue
        if r["kind"] == "answer":
            percents[(r["question"], r["answer"])] = r["value"]
        elif r["kind"] == "effective_base":
            bases[r["question"]] = (r["weighted_base"], r["value"])
    text = run(args.bin, ["report", sample, "--weight", "Poids", "--by", "none", "--verbatims", "0", "-q"])
    section = None
    seen = set()
    for line in text.splitlines():
        m = re.match(r"^## (.*) \(\d+ responses?\)$", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^- (.*) \(\d+ responses?; ([\d.]+)%\)$", line)
        if m and section:
            # The report escapes Markdown; the sample's answers need none but apostrophes.
            key = (section, m.group(1))
            if key in percents:
                global checked
                checked += 1
                seen.add(key)
                if m.group(2) != rounded(float(percents[key]), 1):
                    failures.append(f"report {key}: {m.group(2)}, R {percents[key]}")
            continue
        m = re.match(r"^Weighted percentages \(`Poids`\): weighted base ([\d.]+), effective base ([\d.]+);", line)
        if m and section in bases:
            w, e = bases[section]
            checked += 1
            if (m.group(1), m.group(2)) != (rounded(float(w), 1), rounded(float(e), 1)):
                failures.append(f"report {section}: bases {m.groups()}, R {w} {e}")
    # The breakdowns by region: each shown cell's weighted share of its region.
    by_region = {}
    for r in freq:
        if r["by"] == "Région" and r["kind"] == "answer" and r["group"]:
            by_region[(r["question"], r["group"], r["answer"])] = r["value"]
    text = run(args.bin, ["report", sample, "--weight", "Poids", "--breakdown", "--verbatims", "0", "-q"])
    section, answers, shown = None, None, 0
    for line in text.splitlines():
        m = re.match(r"^## (.*) \(\d+ responses?\)$", line)
        if m:
            section, answers = m.group(1), None
            continue
        if line.startswith("| Région | n |"):
            answers = [c.strip() for c in line.strip("|").split("|")][2:]
            continue
        if answers and line.startswith("| ") and not line.startswith("|:"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            for answer, cell in zip(answers, cells[2:]):
                m = re.match(r"^\d+ \(([\d.]+)%\)$", cell)
                key = (section, cells[0], answer)
                if m and key in by_region:
                    checked += 1
                    shown += 1
                    if m.group(1) != rounded(float(by_region[key]), 1):
                        failures.append(f"report breakdown {key}: {m.group(1)}, R {by_region[key]}")
    if shown < 40:
        failures.append(f"report breakdown: only {shown} cells compared")
    multi = {r["question"] for r in freq if r["question"].startswith("6)")}
    missing = [k for k in percents if k not in seen and k[0] not in multi]
    if missing:
        failures.append(f"report: {len(missing)} of R's percentages not found, e.g. {missing[:3]}")

    if failures:
        for f in failures[:40]:
            print("FAIL:", f)
        print(f"{len(failures)} failures")
        return 1
    print(f"ok: {checked} weighted figures of xtab, freq --ci, stats and report agree with R's survey package")
    return 0


if __name__ == "__main__":
    sys.exit(main())
