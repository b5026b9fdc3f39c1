#!/usr/bin/env python3
"""Properties of `survey freq` on generated exports (seeded, standard library only).

Generates small random exports with a region-like group column (`Région`), a
single choice (`Participation`, answers holding a comma or a quote), a
4-level Likert ("D'une manière générale, êtes-vous :"), a multi-select packed
with ';' (`Thèmes souhaités`: "A;B", "A; B" or "A;B;" per file), a 0-10
column (`Recommandation (0-10)`) and some empty cells, and writes each one in
several encodings (UTF-8, UTF-8 with BOM, Windows-1252, UTF-16 with BOM),
delimiters (, ; tab |) and line ends (CRLF, LF). For each written file:
- `survey freq FILE`: every count, base and percentage of the four questions
  and the group column (answer, option, mean, top2, bottom2, nps, promoters,
  passives, detractors rows; percentages rounded half away from zero, exact
  from integers: 1 decimal, 2 for a mean, none for the NPS) equals Python's,
  and no answer appears that Python did not count; the same per group with
  `--by Région`;
- every table's `answer` percentages add up to within 0.05 * (number of rows)
  of 100 (overall and per group, from `--by Région`), and to exactly 100.0
  with `--sum-to-100` (summed as decimals, not floats); with --sum-to-100
  each percentage is its exact value rounded down or up to one decimal;
- with `--by Région`, the overall rows are those without --by, and for every
  question and answer the overall count and base are the sums over the
  groups (the blank group included);
- all the written variants of one export give byte-identical output.
Usage: test_freq_invariants.py --bin DIR --samples DIR [--seed N] [--exports N]
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
from collections import Counter, defaultdict
from decimal import Decimal
from fractions import Fraction

from freq_oracle import Failures, freq, percent, round_half_away, run_survey

REGIONS = ["Île-de-France", "Grand Est", "Bretagne", "Provence-Alpes-Côte d'Azur", "La Réunion", "Corse",
           "Hauts-de-France"]
CHOICES = ["Oui, une fois", "Oui, plusieurs fois", "Non", 'Le "parcours" seulement']
LEVELS = ["Insatisfait", "Peu satisfait", "Satisfait", "Très satisfait"]
OPTIONS = ["Déroulement du concours", "Financement, modalités", "Échanges entre candidats", "Calendrier",
           "Autre"]
HEADER = ["Région", "Participation", "D'une manière générale, êtes-vous :", "Thèmes souhaités",
          "Recommandation (0-10)"]
KEYS = ["region", "choice", "likert", "themes", "nps"]
PACKINGS = [(";", ""), ("; ", ""), (";", ";")]  # joiner, trailing

ENCODINGS = [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16-le", b"\xff\xfe")]
DELIMITERS = [",", ";", "\t", "|"]
CRLF = "\r\n"
EOLS = [CRLF, "\n"]
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

F = Failures()


# ---------------------------------------------------------------- generating

def generate(rng):
    """(respondents, packing): respondents as dicts of KEYS; themes as a list of options."""
    n = rng.randint(12, 60)
    p_empty = rng.choice([0.0, 0.05, 0.15, 0.3])
    regions = rng.sample(REGIONS, rng.randint(2, len(REGIONS)))
    region_w = [rng.random() + 0.1 for _ in regions]
    choices = rng.sample(CHOICES, rng.randint(2, len(CHOICES)))
    likert_w = [rng.random() + 0.05 for _ in LEVELS]
    options = rng.sample(OPTIONS, rng.randint(3, len(OPTIONS)))
    nps_w = [rng.random() for _ in range(11)]
    out = []
    for _ in range(n):
        def blank(v):
            return "" if rng.random() < p_empty else v
        k = rng.choice([1, 1, 2, 2, 3, len(options)])
        themes = [o for o in options if o in rng.sample(options, k)]  # in declared order
        out.append(dict(region=blank(rng.choices(regions, region_w)[0]),
                        choice=blank(rng.choice(choices)),
                        likert=blank(rng.choices(LEVELS, likert_w)[0]),
                        themes=themes if rng.random() >= p_empty else [],
                        nps=blank(str(rng.choices(range(11), nps_w)[0]))))
    # What inference needs to see the columns as their types (not what is tested here):
    # two Likert levels, two packed cells, each option alone once.
    out[0]["likert"], out[1]["likert"] = LEVELS[0], LEVELS[3]
    out[0]["themes"], out[1]["themes"] = options[:2], options[1:3]
    for j, o in enumerate(options):
        out[2 + j]["themes"] = [o]
    out[0]["region"] = regions[0]
    rng.shuffle(out)
    return out, rng.choice(PACKINGS)


def to_rows(resp, packing):
    joiner, trailing = packing
    rows = [HEADER]
    for r in resp:
        themes = joiner.join(r["themes"]) + trailing if r["themes"] else ""
        rows.append([r["region"], r["choice"], r["likert"], themes, r["nps"]])
    return rows


def write(rows, encoding, bom, delimiter, eol):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=eol, quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return bom + buf.getvalue().encode(encoding)


# ---------------------------------------------------------------- expectations

def expected_counts(resp, key_filter=None):
    """{question key: {(kind, answer or None): (count, base)}} computed from the respondents."""
    if key_filter is not None:
        resp = [r for r in resp if key_filter(r)]
    exp = {}
    for key in ("region", "choice"):
        vals = [r[key] for r in resp if r[key]]
        exp[key] = {("answer", a): (c, len(vals)) for a, c in Counter(vals).items()}
    vals = [r["likert"] for r in resp if r["likert"]]
    base = len(vals)
    c = [vals.count(lev) for lev in LEVELS]
    t = {("answer", lev): (n, base) for lev, n in zip(LEVELS, c)}
    t[("mean", None)] = (sum(k * n for k, n in enumerate(c, start=1)), base)
    t[("top2", None)] = (c[2] + c[3], base)
    t[("bottom2", None)] = (c[0] + c[1], base)
    exp["likert"] = t
    scores = [int(r["nps"]) for r in resp if r["nps"]]
    base = len(scores)
    t = {("answer", str(s)): (scores.count(s), base) for s in range(11)}
    pro = sum(s >= 9 for s in scores)
    det = sum(s <= 6 for s in scores)
    t[("mean", None)] = (sum(scores), base)
    t[("nps", None)] = (pro - det, base)
    t[("promoters", None)] = (pro, base)
    t[("passives", None)] = (base - pro - det, base)
    t[("detractors", None)] = (det, base)
    exp["nps"] = t
    ticked = [r["themes"] for r in resp if r["themes"]]
    exp["themes"] = {("option", o): (c, len(ticked)) for o, c in Counter(o for lst in ticked for o in lst).items()}
    return exp


def shown_percent(kind, count, base):
    """The percent column Python expects for a row: one decimal for shares, two for a mean,
    an integer for the NPS; empty when the base is 0."""
    if base == 0:
        return ""
    if kind == "mean":
        return str(round_half_away(Fraction(count, base), 2))
    if kind == "nps":
        return str(round_half_away(Fraction(100 * count, base), 0))
    return str(percent(count, base))


def with_percents(table):
    return {k: (c, b, shown_percent(k[0], c, b)) for k, (c, b) in table.items()}


def actual_counts(rows, qid, group=None):
    t = {}
    for r in rows:
        if r["question"] != qid or (r["by"], r["group"]) != (("", "") if group is None else group):
            continue
        key = (r["kind"], r["answer"] if r["kind"] in ("answer", "option", "other") else None)
        if key in t:
            F.add(f"{qid} {group}: two rows for {key}")
        t[key] = (int(r["count"]), int(r["base"]), r["percent"])
    return t


def diff_tables(what, expected, actual):
    if expected == actual:
        return
    lines = [f"{what}: rows differ ((kind, answer): (count, base, percent))"]
    for k in sorted(set(expected) | set(actual), key=lambda k: (k[0], k[1] or "")):
        e, a = expected.get(k), actual.get(k)
        if e != a:
            lines.append(f"    {k}: expected {e}, actual {a}")
    F.add("\n".join(lines))


# ---------------------------------------------------------------- properties

def tables(rows, kind="answer"):
    """{(question, by, group): [rows of that kind]}"""
    out = defaultdict(list)
    for r in rows:
        if r["kind"] == kind:
            out[(r["question"], r["by"], r["group"])].append(r)
    return out


def check_percent_sums(what, rows, exact):
    for key, t in tables(rows).items():
        if any(r["percent"] == "" for r in t):
            F.check(all(r["base"] == "0" and r["percent"] == "" for r in t),
                    f"{what}: {key}: empty percentage with a base: {[(r['answer'], r['base']) for r in t]}")
            continue
        total = sum((Decimal(r["percent"]) for r in t), Decimal(0))
        if exact:
            F.check(total == Decimal("100.0"), f"{what}: {key}: --sum-to-100 percentages add up to {total}")
            for r in t:
                value = Fraction(100 * int(r["count"]), int(r["base"]))
                p = Fraction(Decimal(r["percent"]))
                F.check(abs(p - value) < Fraction(1, 10),
                        f"{what}: {key} / {r['answer']}: {r['percent']} for {r['count']}/{r['base']}")
        else:
            F.check(abs(total - 100) <= Decimal("0.05") * len(t),
                    f"{what}: {key}: {len(t)} percentages add up to {total}")
    others = [(r["question"], r["answer"]) for r in rows if r["kind"] == "other"]
    F.check(not others, f"{what}: answers outside the inferred levels: {others}")


def check_additivity(what, plain, by_rows, by_id):
    overall = [r for r in by_rows if r["by"] == ""]
    F.check(overall == plain, f"{what}: --by changes the overall rows")
    groups = [r for r in by_rows if r["by"] != ""]
    F.check(all(r["by"] == by_id for r in groups), f"{what}: by column other than {by_id!r}")
    total = defaultdict(lambda: [0, 0])
    bases = defaultdict(dict)  # (question, kind-table) -> group -> base
    for r in groups:
        akey = r["answer"] if r["kind"] in ("answer", "option", "other") else None
        total[(r["question"], r["kind"], akey)][0] += int(r["count"])
        bases[(r["question"], r["kind"], akey)][r["group"]] = int(r["base"])
    for r in overall:
        akey = r["answer"] if r["kind"] in ("answer", "option", "other") else None
        k = (r["question"], r["kind"], akey)
        got_count = total[k][0]
        # A group without a row for this answer counts 0 for it; its base is that of its table.
        group_base = {}
        for g in {x["group"] for x in groups if x["question"] == r["question"]}:
            tb = [int(x["base"]) for x in groups
                  if x["question"] == r["question"] and x["group"] == g and x["kind"] == r["kind"]]
            group_base[g] = tb[0] if tb else 0
        F.check(got_count == int(r["count"]),
                f"{what}: {k}: overall count {r['count']}, sum over groups {got_count}")
        F.check(sum(group_base.values()) == int(r["base"]),
                f"{what}: {k}: overall base {r['base']}, sum over groups {sum(group_base.values())} {group_base}")
    extra = [k for k in total if not any((r["question"], r["kind"],
                                          r["answer"] if r["kind"] in ("answer", "option", "other") else None) == k
                                         for r in overall)]
    F.check(not extra, f"{what}: group rows with no overall row: {extra}")


def question_ids(rows, what):
    ids = {}
    for key, label in zip(KEYS, HEADER):
        found = sorted({r["question"] for r in rows if r["label"] == label})
        if F.check(len(found) == 1, f"{what}: question labelled {label!r}: survey ids {found}"):
            ids[key] = found[0]
    return ids


def check_export(args, tmp, index, resp, packing, rng):
    rows = to_rows(resp, packing)
    variants = rng.sample([(e, d, eol) for e in ENCODINGS for d in DELIMITERS for eol in EOLS], 3)
    outputs = {}
    for (encoding, bom), delimiter, eol in variants:
        name = (f"export{index:02d}-{encoding}{'-bom' if bom else ''}-{DELIMITER_NAMES[delimiter]}"
                f"-{'crlf' if eol == CRLF else 'lf'}.csv")
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(write(rows, encoding, bom, delimiter, eol))
        what = f"{name} (seed {args.seed}, packing {packing!r}, {len(resp)} rows)"
        out, _, code = run_survey(args.bin, ["freq", path], F)
        if code != 0:
            continue
        outputs[name] = out
        plain = freq(args.bin, [path], F, what)
        ids = question_ids(plain, what)
        if len(ids) != len(KEYS):
            continue
        expected = expected_counts(resp)
        for key, qid in ids.items():
            diff_tables(f"{what}: {qid}", with_percents(expected[key]), actual_counts(plain, qid))
        check_percent_sums(what, plain, exact=False)
        by_id = ids["region"]
        by_rows = freq(args.bin, [path, "--by", by_id], F, what + " --by")
        check_percent_sums(what + " --by", by_rows, exact=False)
        check_additivity(what + " --by", plain, by_rows, by_id)
        for g in sorted({r["region"] for r in resp}):
            exp_g = expected_counts(resp, lambda r, g=g: r["region"] == g)
            for key in ("choice", "likert", "nps", "themes"):
                act = actual_counts(by_rows, ids[key], (by_id, g))
                # Groups list every level of a scale but only the answers they hold otherwise.
                def listed(k, v, key=key):
                    return v[0] or k[0] not in ("answer", "option") or key in ("likert", "nps")
                exp = {k: v for k, v in with_percents(exp_g[key]).items() if listed(k, v)}
                act = {k: v for k, v in act.items() if listed(k, v)}
                diff_tables(f"{what}: {ids[key]} group {g!r}", exp, act)
        s100 = freq(args.bin, [path, "--by", by_id, "--sum-to-100"], F, what + " --sum-to-100")
        check_percent_sums(what + " --by --sum-to-100", s100, exact=True)
    names = sorted(outputs)
    for other in names[1:]:
        if outputs[other] != outputs[names[0]]:
            a = outputs[names[0]].decode().splitlines()
            b = outputs[other].decode().splitlines()
            k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            F.add(f"{other} and {names[0]} (same export): outputs differ at line {k + 1}:\n"
                  f"    {a[k] if k < len(a) else None}\n    {b[k] if k < len(b) else None}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="directory holding the survey executable")
    ap.add_argument("--samples", required=True, help="the data-samples directory (unused)")
    ap.add_argument("--seed", type=int, default=20200707)
    ap.add_argument("--exports", type=int, default=25, help="number of random exports")
    ap.add_argument("--keep", help="write the generated files here instead of a temporary directory")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or tmp
        os.makedirs(folder, exist_ok=True)
        for index in range(args.exports):
            resp, packing = generate(rng)
            check_export(args, folder, index, resp, packing, rng)
    return F.report(f"survey freq properties hold on {args.exports} generated exports (seed {args.seed})")


if __name__ == "__main__":
    sys.exit(main())
