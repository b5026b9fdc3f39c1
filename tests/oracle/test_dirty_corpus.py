#!/usr/bin/env python3
"""Scores survey's reading of the dirty-export corpus (tests/corpus/dirty/).

Each KIND-N.polluted.csv is read with `survey ingest --lenient` and the
output, parsed with Python's csv module, is compared cell by cell with
KIND-N.clean.csv, the same data written cleanly by
tests/corpus/make-dirty-corpus (header names count as cells of a row 0;
records are matched by position). A cell is right when it is at the same
row and column with the same text. Precision is right cells over the cells
survey gave, recall right cells over the cells of the clean twin; the one
figure printed is their harmonic mean (F1), over every cell of the corpus,
and must be at least 0.99. Per kind figures go to stderr.

The committed corpus must be what the generator writes (checked first).
Usage: test_dirty_corpus.py --bin DIR --samples DIR
"""

import argparse
import collections
import csv
import filecmp
import io
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "corpus", "dirty")
GENERATOR = os.path.join(HERE, "..", "corpus", "make-dirty-corpus")


def cells(text):
    """{(row, column): value} of a CSV text, the header as row 0."""
    out = {}
    for i, row in enumerate(csv.reader(io.StringIO(text, newline=""))):
        for j, v in enumerate(row):
            out[(i, j)] = v
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--samples")
    args = ap.parse_args()
    survey = os.path.join(args.bin, "survey")
    failures = []

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, GENERATOR, "-o", tmp], check=True, stderr=subprocess.DEVNULL)
        fresh = sorted(n for n in os.listdir(tmp) if n.endswith(".csv"))
        committed = sorted(n for n in os.listdir(CORPUS) if n.endswith(".csv"))
        if fresh != committed:
            failures.append(f"the committed corpus lists other files than the generator writes")
        _, mismatch, errors = filecmp.cmpfiles(tmp, CORPUS, fresh, shallow=False)
        for name in mismatch + errors:
            failures.append(f"{name}: differs from what tests/corpus/make-dirty-corpus writes")

    per_kind = collections.defaultdict(lambda: [0, 0, 0])  # right, given, expected
    for name in committed:
        if not name.endswith(".polluted.csv"):
            continue
        stem = name[: -len(".polluted.csv")]
        kind = stem.rsplit("-", 1)[0]
        with open(os.path.join(CORPUS, stem + ".clean.csv"), encoding="utf-8", newline="") as f:
            expected = cells(f.read())
        run = subprocess.run([survey, "ingest", "--lenient", "-q", os.path.join(CORPUS, name)],
                             capture_output=True)
        if run.returncode != 0:
            failures.append(f"{name}: exit {run.returncode}: {run.stderr.decode(errors='replace').strip()}")
            given = {}
        else:
            given = cells(run.stdout.decode("utf-8"))
        right = sum(1 for k, v in given.items() if expected.get(k) == v)
        totals = per_kind[kind]
        totals[0] += right
        totals[1] += len(given)
        totals[2] += len(expected)
        if right != len(expected) or len(given) != len(expected):
            print(f"  {name}: {right} of {len(expected)} cells right, {len(given)} given", file=sys.stderr)

    def f1(right, given, expected):
        p = right / given if given else 1.0
        r = right / expected if expected else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    for kind, (right, given, expected) in sorted(per_kind.items()):
        p, r, f = f1(right, given, expected)
        print(f"  {kind:18} precision {p:.4f} recall {r:.4f} F1 {f:.4f} ({expected} cells)", file=sys.stderr)
    right = sum(t[0] for t in per_kind.values())
    given = sum(t[1] for t in per_kind.values())
    expected = sum(t[2] for t in per_kind.values())
    p, r, f = f1(right, given, expected)
    files = sum(1 for n in committed if n.endswith(".polluted.csv"))
    print(f"dirty corpus: F1 {f:.4f} (precision {p:.4f}, recall {r:.4f}) over {expected} cells of {files} files")
    if f < 0.99:
        failures.append(f"F1 {f:.4f} is below 0.99")
    for msg in failures:
        print(f"FAIL: {msg}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
