#!/usr/bin/env python3
"""`survey freq --ci`, `survey xtab` and `survey stats` against R, to 1e-6.

tests/reference/r-stats.csv holds what R computes on data-samples/
(scripts/r-reference: binom.test, prop.test, chisq.test, fisher.test,
quantile, t.test, cor, lm, and alpha by its formula). This runs the tools on
the same samples and compares every figure they print with R's:
- freq --ci wilson|clopper-pearson|wald at levels 0.95 and 0.9 (6 decimals,
  so the percent units differ from R's by at most 5e-7);
- xtab --format json --letters: every cell, chi-square, df, p, Cramér's V,
  n, the count of expected counts under 5, the minimum expected count,
  Fisher's p for the 2x2 table, and the significant column differences
  (R: the pairs whose Bonferroni-adjusted prop.test p is under 0.05, the
  higher column being the one with the larger proportion) with their p;
- stats --format json: the descriptives (levels 0.95 and 0.9), the Pearson
  and Spearman matrices, Cronbach's alpha with each item's statistics, and
  the key drivers (beta, se, t, p, r, R², adjusted R²).
R is not needed: the reference values are committed.
Usage: test_stats_r.py --bin DIR --samples DIR
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from collections import defaultdict

failures = []
checked = 0


def near(got, want, tol=1e-6):
    return abs(got - want) <= tol * max(1.0, abs(want))


def check(what, got, want, tol=1e-6):
    global checked
    checked += 1
    if got is None or not near(float(got), float(want), tol):
        failures.append(f"{what}: survey {got}, R {want}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--samples", required=True)
    args = ap.parse_args()
    survey = os.path.join(args.bin, "survey")
    ref_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference", "r-stats.csv")
    ref = defaultdict(list)
    with open(ref_path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            r["value"] = float(r["value"])
            ref[r["case"]].append(r)

    def value(case, statistic, row="", col=""):
        for r in ref[case]:
            if r["statistic"] == statistic and r["row"] == row and r["col"] == col:
                return r["value"]
        raise KeyError((case, statistic, row, col))

    def run(*argv):
        p = subprocess.run([survey, *argv, "-q"], capture_output=True, text=True)
        if p.returncode != 0:
            failures.append(f"survey {' '.join(argv)} exited {p.returncode}: {p.stderr}")
            return None
        return p.stdout

    samples = {"coet": "coet-mof-2020.csv", "google-forms": "platforms/google-forms.csv",
               "formation": "formation-2021.csv"}

    # 1. freq --ci: one run per sample, question, method and level.
    questions = defaultdict(set)
    for case in ref:
        if case.startswith("prop/") and not case.startswith("prop/edge/"):
            _, sample, q, _answer = case.split("/", 3)
            questions[(sample, q)].add(case)
    for (sample, q), cases in sorted(questions.items()):
        for method, name in (("wilson", "wilson"), ("clopper-pearson", "clopper_pearson"), ("wald", "wald")):
            for level in ("0.95", "0.9"):
                out = run("freq", os.path.join(args.samples, samples[sample]), q, "--ci", method, "--level", level,
                          "--decimals", "6")
                if out is None:
                    continue
                rows = {r["answer"]: r for r in csv.DictReader(io.StringIO(out)) if r["kind"] == "answer"}
                for case in sorted(cases):
                    answer = case.split("/", 3)[3]
                    r = rows.get(answer)
                    if r is None:
                        failures.append(f"freq {sample} {q}: no row for {answer!r}")
                        continue
                    check(f"{case} count", r["count"], value(case, "x"))
                    check(f"{case} base", r["base"], value(case, "n"))
                    check(f"{case} {name} low {level}", float(r["ci_low"]) / 100, value(case, f"{name}_low", level))
                    check(f"{case} {name} high {level}", float(r["ci_high"]) / 100, value(case, f"{name}_high", level))

    # 2. xtab --format json --letters.
    for case in sorted(c for c in ref if c.startswith("xtab/")):
        _, sample, row_q, col_q = case.split("/")
        out = run("xtab", os.path.join(args.samples, samples[sample]), row_q, col_q, "--format", "json", "--letters")
        if out is None:
            continue
        t = json.loads(out)
        cols = [c["group"] for c in t["columns"]]
        cells = {}
        for r in t["rows"]:
            for c, cell in zip(cols, r["cells"]):
                cells[(r["answer"], c)] = cell["count"]
        for r in ref[case]:
            if r["statistic"] == "cell":
                check(f"{case} cell {r['row']} / {r['col']}", cells.get((r["row"], r["col"])), r["value"])
        tests = t["tests"]
        for name, key in (("chi2", "chi2"), ("df", "df"), ("p", "p"), ("cramers_v", "cramers_v"), ("n", "n"),
                          ("expected_under_5", "expected_under_5"), ("cells", "cells"),
                          ("min_expected", "min_expected")):
            check(f"{case} {name}", tests.get(key), value(case, name))
        fisher = [r for r in ref[case] if r["statistic"] == "fisher_p"]
        if fisher:
            check(f"{case} fisher_p", tests.get("fisher_p"), fisher[0]["value"])
        elif "fisher_p" in tests:
            failures.append(f"{case}: Fisher's test on a table that is not 2x2")
        letter = {c["letter"]: c["group"] for c in t["columns"]}
        got = {(d["answer"], letter[d["higher"]], letter[d["lower"]]): d["p"] for d in tests["differences"]}
        want = {}
        diffs = {(r["row"], r["col"], r["col2"]): r["value"] for r in ref[case] if r["statistic"] == "pair_diff"}
        for r in ref[case]:
            if r["statistic"] == "pair_p" and r["value"] < 0.05:
                a, b = r["col"], r["col2"]
                key = (r["row"], a, b) if diffs[(r["row"], a, b)] > 0 else (r["row"], b, a)
                want[key] = r["value"]
        if set(got) != set(want):
            failures.append(f"{case} letters: survey {sorted(got)}, R {sorted(want)}")
        for key in set(got) & set(want):
            check(f"{case} letters p {key}", got[key], want[key])

    # 3. stats: descriptives.
    by_sample = defaultdict(list)
    for case in ref:
        if case.startswith("describe/"):
            _, sample, q = case.split("/")
            by_sample[sample].append(q)
    for sample, qs in sorted(by_sample.items()):
        for level in ("0.95", "0.9"):
            out = run("stats", os.path.join(args.samples, samples[sample]), *qs, "--format", "json", "--level", level)
            if out is None:
                continue
            got = {q["question"]: q for q in json.loads(out)["questions"]}
            for q in qs:
                case = f"describe/{sample}/{q}"
                for s in ("n", "mean", "sd", "min", "q1", "median", "q3", "max"):
                    check(f"{case} {s}", got[q][s], value(case, s))
                check(f"{case} ci low {level}", got[q]["mean_ci_low"], value(case, "mean_ci_low", level))
                check(f"{case} ci high {level}", got[q]["mean_ci_high"], value(case, "mean_ci_high", level))

    # 4. stats --cor.
    for case in sorted(c for c in ref if c.startswith("cor/")):
        sample = case.split("/")[1]
        ids = []
        for r in ref[case]:
            if r["statistic"] == "pearson" and r["row"] not in ids:
                ids.append(r["row"])
        for method in ("pearson", "spearman"):
            out = run("stats", os.path.join(args.samples, samples[sample]), *ids, "--cor", method, "--format", "json")
            if out is None:
                continue
            t = json.loads(out)
            check(f"{case} n", t["n"], value(case, "n"))
            order = [q["question"] for q in t["questions"]]
            for i, a in enumerate(order):
                for j, b in enumerate(order):
                    check(f"{case} {method} {a} {b}", t["matrix"][i][j], value(case, method, a, b))

    # 5. stats --cronbach and --drivers on the formation items.
    items = ["accueil_etait_chaleureux", "supports_etaient_clairs", "formateur_maitrisait_son",
             "rythme_etait_adapte", "exercices_etaient_utiles"]
    formation = os.path.join(args.samples, samples["formation"])
    out = run("stats", formation, *items, "--cronbach", "--format", "json")
    if out is not None:
        t = json.loads(out)
        case = "alpha/formation/items"
        check(f"{case} n", t["n"], value(case, "n"))
        check(f"{case} alpha", t["alpha"], value(case, "alpha"))
        for item in t["items"]:
            for s in ("alpha_if_deleted", "item_rest_r", "mean", "sd"):
                check(f"{case} {item['question']} {s}", item[s], value(case, s, item["question"]))
    for case, named in (("drivers/formation/note_globale_formation", items),
                        ("drivers/formation/note_globale_formation/all", [])):
        out = run("stats", formation, *named, "--drivers", "note_globale_formation", "--format", "json")
        if out is None:
            continue
        t = json.loads(out)
        check(f"{case} n", t["n"], value(case, "n"))
        check(f"{case} r_squared", t["r_squared"], value(case, "r_squared"))
        check(f"{case} adj_r_squared", t["adj_r_squared"], value(case, "adj_r_squared"))
        for d in t["drivers"]:
            for s in ("beta", "se", "t", "p", "r", "mean"):
                check(f"{case} {d['question']} {s}", d[s], value(case, s, d["question"]))

    if failures:
        for f in failures[:50]:
            print("FAIL:", f)
        print(f"{len(failures)} of {checked} checks failed")
        return 1
    print(f"ok: {checked} figures equal R's to 1e-6")
    return 0


if __name__ == "__main__":
    sys.exit(main())
