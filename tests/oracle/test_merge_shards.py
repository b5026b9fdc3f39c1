#!/usr/bin/env python3
"""Property of `survey merge`: `freq` on shards then `merge` gives the bytes of
`freq` on the whole, for random splits (seeded, standard library only).

The COET-MOF sample (with its codebook) is split into 2 to 5 shards at
random, several times per seed; one shard of every split is left empty (a
header alone, as a regional chamber with no answer this week). Python's csv
module does the splitting, so answers holding line breaks stay whole. For
each split and each set of freq options below, `survey freq SHARD --codebook
CB OPTIONS` runs on every shard, `survey merge` adds the summaries, and the
result must equal `survey freq WHOLE --codebook CB OPTIONS` byte for byte.
The weighted sample is split the same way and counted with --weight (its
codebook inferred once on the whole file). The platform samples (multi-selects of every layout, NPS, Likert) are split
the same way, with a codebook inferred once on the whole file (`survey
codebook`), so that every shard is counted against the same levels.
Usage: test_merge_shards.py --bin DIR --samples DIR [--seed N] [--splits N]
"""

import argparse
import csv
import os
import random
import sys
import tempfile

from freq_oracle import Failures, run_survey

F = Failures()

COET_OPTIONS = [
    [],
    ["--by", "region"],
    ["--by", "q1", "--missing", "--decimals", "2"],
    ["--base", "answered", "--by", "region"],
    ["--sum-to-100"],
    ["--sort", "label", "--by", "q5"],
]
PLATFORM_OPTIONS = [[], ["--by", "region", "--missing"], ["--multi-base", "responses"]]
# The weighted sample: weighted sums and Kish's effective base add up too.
WEIGHTED_OPTIONS = [["--weight", "Poids"], ["--weight", "Poids", "--by", "region", "--missing"]]


def read_rows(path, encoding):
    with open(path, newline="", encoding=encoding) as f:
        return list(csv.reader(f, delimiter=sniff(path, encoding)))


def sniff(path, encoding):
    with open(path, newline="", encoding=encoding) as f:
        first = f.readline()
    return max([",", ";", "\t"], key=first.count)


def split(rows, shards, rnd):
    """Rows dealt at random to shards-1 shards; the last shard stays empty."""
    out = [[] for _ in range(shards)]
    for r in rows:
        out[rnd.randrange(shards - 1)].append(r)
    rnd.shuffle(out)
    return out


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def check(bin_dir, whole, header, data, codebook, options, rnd, splits, what, tmp):
    expected, err, code = run_survey(bin_dir, ["freq", whole, "--codebook", codebook, "-q"] + options)
    if not F.check(code == 0, f"{what}: freq on the whole: exit {code}: {err.strip()}"):
        return
    merge_options = ["--sum-to-100"] if "--sum-to-100" in options else []
    for s in range(splits):
        shards = split(data, rnd.randint(2, 5), rnd)
        summaries = []
        for i, rows in enumerate(shards):
            shard = os.path.join(tmp, f"shard{i}.csv")
            write(shard, header, rows)
            out, err, code = run_survey(
                bin_dir, ["freq", shard, "--codebook", codebook, "--allow-empty", "-q"] + options)
            if not F.check(code == 0, f"{what}: freq on shard {i}: exit {code}: {err.strip()}"):
                return
            summary = os.path.join(tmp, f"shard{i}.sum.csv")
            with open(summary, "wb") as f:
                f.write(out)
            summaries.append(summary)
        merged, err, code = run_survey(bin_dir, ["merge", "-q"] + merge_options + summaries)
        sizes = "+".join(str(len(r)) for r in shards)
        if not F.check(code == 0, f"{what}, shards {sizes}: merge: exit {code}: {err.strip()}"):
            continue
        if merged != expected:
            m, e = merged.decode().splitlines(), expected.decode().splitlines()
            first = next((i for i in range(min(len(m), len(e))) if m[i] != e[i]), min(len(m), len(e)))
            F.add(f"{what} {' '.join(options)}, shards {sizes}: merged differs from whole at line "
                  f"{first + 1}: {m[first] if first < len(m) else '<end>'!r} vs "
                  f"{e[first] if first < len(e) else '<end>'!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--splits", type=int, default=3)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    runs = 0
    with tempfile.TemporaryDirectory() as tmp:
        whole = os.path.join(args.samples, "coet-mof-2020.csv")
        codebook = os.path.join(args.samples, "coet-mof-2020.codebook.csv")
        rows = read_rows(whole, "utf-8")
        for options in COET_OPTIONS:
            check(args.bin, whole, rows[0], rows[1:], codebook, options, rnd, args.splits, "coet-mof-2020", tmp)
            runs += args.splits
        weighted = os.path.join(args.samples, "coet-mof-2020-weighted.csv")
        cb, err, code = run_survey(args.bin, ["codebook", weighted, "-q"])
        if F.check(code == 0, f"weighted sample: codebook: {err.strip()}"):
            cb_path = os.path.join(tmp, "weighted.codebook.csv")
            with open(cb_path, "wb") as f:
                f.write(cb)
            rows = read_rows(weighted, "utf-8")
            for options in WEIGHTED_OPTIONS:
                check(args.bin, weighted, rows[0], rows[1:], cb_path, options, rnd, args.splits,
                      "coet-mof-2020-weighted", tmp)
                runs += args.splits
        platforms = os.path.join(args.samples, "platforms")
        for name in sorted(os.listdir(platforms)):
            path = os.path.join(platforms, name)
            # Shards are written as canonical CSV; the whole is the same rows.
            canonical, err, code = run_survey(args.bin, ["ingest", path, "-q"])
            if not F.check(code == 0, f"{name}: ingest: {err.strip()}"):
                continue
            whole_csv = os.path.join(tmp, "whole.csv")
            with open(whole_csv, "wb") as f:
                f.write(canonical)
            cb, err, code = run_survey(args.bin, ["codebook", whole_csv, "-q"])
            if not F.check(code == 0, f"{name}: codebook: {err.strip()}"):
                continue
            cb_path = os.path.join(tmp, "codebook.csv")
            with open(cb_path, "wb") as f:
                f.write(cb)
            rows = read_rows(whole_csv, "utf-8")
            for options in PLATFORM_OPTIONS:
                check(args.bin, whole_csv, rows[0], rows[1:], cb_path, options, rnd, args.splits, name, tmp)
                runs += args.splits
    return F.report(f"freq on shards then merge equals freq on the whole in {runs} random splits")


if __name__ == "__main__":
    sys.exit(main())
