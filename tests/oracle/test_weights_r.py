#!/usr/bin/env python3
"""Weighted freq and raking agree with R's survey package.

The reference values are committed under tests/reference/weights/, written
by scripts/r-reference-weights (svytable, svytotal, svymean, rake); this test
only reads them, so it needs no R. On data-samples/coet-mof-2020-weighted.csv:
- `survey freq --weight Poids` (overall and --by Région): weighted counts and
  bases, percentages, means, top-2 and Kish's effective base, to 1e-6;
- `survey weight --targets coet-mof-2020.margins.csv`: every row's raked
  weight, from weights of 1 and from Poids, to 1e-6;
- with trimming bounds (R's calibrate() with bounds fails to converge on this
  sample, so no R value): every weight within the bounds, every margin met,
  and one weight per cross-classification cell, checked here with the csv
  module.
Usage: test_weights_r.py --bin DIR --samples DIR
"""

import argparse
import csv
import io
import os
import subprocess
import sys

TOL = 1e-6


def run(bin_dir, args):
    p = subprocess.run([os.path.join(bin_dir, "survey")] + args, capture_output=True, text=True, encoding="utf-8")
    if p.returncode != 0:
        raise SystemExit(f"FAIL: survey {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return list(csv.DictReader(io.StringIO(p.stdout)))


def close(a, b, tol=TOL):
    return abs(a - b) <= tol * max(1.0, abs(b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--samples", required=True)
    args = ap.parse_args()
    ref_dir = os.path.join(os.path.dirname(os.path.abspath(args.samples)), "tests", "reference", "weights")
    sample = os.path.join(args.samples, "coet-mof-2020-weighted.csv")
    margins = os.path.join(args.samples, "coet-mof-2020.margins.csv")
    failures = []
    checked = 0

    # --- freq --weight ----------------------------------------------------------
    ref = list(csv.DictReader(open(os.path.join(ref_dir, "freq.csv"), encoding="utf-8", newline="")))
    got = run(args.bin, ["freq", sample, "--weight", "Poids", "--decimals", "6", "-q"])
    got += run(args.bin, ["freq", sample, "1)", "3)", "4)", "7)", "--by", "Région", "--weight", "Poids",
                          "--decimals", "6", "-q"])
    index = {}
    for r in got:
        key = (r["label"], "Région" if r["by"] else "", r["group"], r["answer"] if r["kind"] == "answer" else "",
               r["kind"])
        index[key] = r
    for r in ref:
        key = (r["question"], r["by"], r["group"], r["answer"], r["kind"])
        g = index.get(key)
        if g is None:
            failures.append(f"freq: no row {key}")
            continue
        wc, wb, value = float(r["weighted_count"]), float(r["weighted_base"]), float(r["value"])
        if not close(float(g["weighted_count"]), wc):
            failures.append(f"freq {key}: weighted_count {g['weighted_count']}, R {wc}")
        if not close(float(g["weighted_base"]), wb):
            failures.append(f"freq {key}: weighted_base {g['weighted_base']}, R {wb}")
        if r["kind"] == "mean":
            mine = float(g["weighted_count"]) / float(g["weighted_base"])
        else:
            mine = float(g["percent"])  # six decimals: within 5e-7 of the exact value
        if not close(mine, value):
            failures.append(f"freq {key}: {r['kind']} {mine}, R {value}")
        checked += 1
    # Every answer row survey prints for these tables is one R has.
    tables = {(r["question"], r["by"], r["group"]) for r in ref}
    answers = {(r["question"], r["by"], r["group"], r["answer"]) for r in ref if r["kind"] == "answer"}
    for key, g in index.items():
        if g["kind"] == "answer" and key[:3] in tables and key[:4] not in answers and float(g["weighted_count"]) != 0:
            failures.append(f"freq: survey has {key} (weighted {g['weighted_count']}), R has not")

    # --- weight -----------------------------------------------------------------
    rake = list(csv.DictReader(open(os.path.join(ref_dir, "rake.csv"), encoding="utf-8", newline="")))
    for column, extra in (("raked", []), ("raked_from_poids", ["--weight", "Poids"])):
        rows = run(args.bin, ["weight", sample, "--targets", margins, "-q"] + extra)
        if len(rows) != len(rake):
            failures.append(f"weight {extra}: {len(rows)} rows, R {len(rake)}")
            continue
        for i, (g, r) in enumerate(zip(rows, rake), start=1):
            if not close(float(g["weight"]), float(r[column])):
                failures.append(f"weight {extra} row {i}: {g['weight']}, R {r[column]}")
            checked += 1

    # --- weight with trimming bounds: invariants ----------------------------------
    lo, hi = 2.0, 7.0
    rows = run(args.bin, ["weight", sample, "--targets", margins, "--trim-min", str(lo), "--trim-max", str(hi), "-q"])
    targets = {}
    for m in csv.DictReader(open(margins, encoding="utf-8", newline="")):
        targets.setdefault(m["variable"], {})[m["category"]] = float(m["target"])
    cell_weight = {}
    for g in rows:
        w = float(g["weight"])
        if not (lo - 1e-12 <= w <= hi + 1e-12):
            failures.append(f"trimmed weight {w} outside [{lo}, {hi}]")
        cell = (g["Région"], g["Groupe de métiers"])
        if cell in cell_weight and cell_weight[cell] != w:
            failures.append(f"trimmed weights differ within cell {cell}")
        cell_weight[cell] = w
    total = sum(targets["Région"].values())
    for variable, cats in targets.items():
        for cat, t in cats.items():
            s = sum(float(g["weight"]) for g in rows if g[variable] == cat)
            if abs(s - t) > 1e-8 * total:
                failures.append(f"trimmed margin {variable} {cat!r}: {s}, target {t}")
            checked += 1

    if failures:
        for f in failures[:40]:
            print("FAIL:", f)
        print(f"{len(failures)} failures")
        return 1
    print(f"ok: {checked} weighted figures and weights agree with R's survey package (to {TOL})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
