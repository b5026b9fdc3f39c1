#!/usr/bin/env python3
"""`survey freq` on the COET-MOF 2020 sample against the published figures.

Runs `survey freq` (every question, summary CSV) on data-samples/coet-mof-2020.csv
and on its Excel copy (coet-mof-2020-excel.csv), and checks against
data-samples/reference/coet-mof-published.csv (read with the csv module):
- "Origine des répondants" is the question labelled `Région`, a numbered
  question is the one whose label starts with the same "N)" (and matches the
  published question loosely);
- every published answer (matched on a loose key: casefold, accents
  stripped, hyphens as spaces) has an overall `answer` row with the published
  count (Q4/Q5: the counts data-samples/reference/README.md derives), the
  published base and the published percentage compared numerically ("22" is
  22.0), except Q6 "Autres": 18.4, not the published 18.3 (105/571 = 18.39 %);
- the numbered questions list no answer the report does not, the region
  rows add up to the base, and every answer row's percentage is
  count/base*100 rounded half away from zero (exact, from integers);
- the scale summaries of Q4 and Q7 follow from the published counts (mean of
  1..4 scores, top2, bottom2);
- `survey freq FILE q6 --sum-to-100` prints 48.9 / 20.5 / 12.2 / 18.4
  (largest remainder), summing to 100.0;
- `survey freq FILE q1 --format md --lang fr` has the heading
  "1) Participation à un webinaire d'information (692 réponses)" and "75,7";
- both files give byte-identical output for each command.
Usage: test_freq_published.py --bin DIR --samples DIR
"""

import argparse
import csv
import os
import sys
from decimal import Decimal
from fractions import Fraction

from freq_oracle import Failures, freq, loose, percent, round_half_away, run_survey

# The counts data-samples/reference/README.md derives for Q4 and Q5 (percentages only in the report).
DERIVED = {
    ("4)", "Insatisfaisant"): 29, ("4)", "Peu satisfaisant"): 60, ("4)", "Satisfaisant"): 284,
    ("4)", "Très satisfaisant"): 253, ("5)", "Oui"): 550, ("5)", "Non"): 101,
}

# Scale order of the two Likert questions (scores 1..4), as published.
SCALES = {
    "4)": ["Insatisfaisant", "Peu satisfaisant", "Satisfaisant", "Très satisfaisant"],
    "7)": ["Insatisfait", "Peu satisfait", "Satisfait", "Très satisfait"],
}

# Largest-remainder rounding of Q6 (data-samples/reference/README.md).
Q6_SUM_TO_100 = {
    "Le déroulement précis du concours": Decimal("48.9"),
    "Les échanges entre candidats": Decimal("20.5"),
    "Les modalités de financement du concours": Decimal("12.2"),
    "Autres": Decimal("18.4"),
}

MD_HEADING = "1) Participation à un webinaire d'information (692 réponses)"

F = Failures()


def question_key(label):
    """ "4)" for a label starting "4) ", else None."""
    head = label.split(" ", 1)[0]
    return head if head[:-1].isdigit() and head.endswith(")") else None


def check_file(args, name, published):
    path = os.path.join(args.samples, name)
    rows = freq(args.bin, [path], F)
    if not F.check(rows, f"{name}: no rows from survey freq"):
        return
    overall = [r for r in rows if r["by"] == "" and r["group"] == ""]
    F.same(len(overall), len(rows), f"{name}: rows with a by/group although no --by was given")

    # Every answer row: percentage exact from its count and base.
    for r in overall:
        if r["kind"] in ("answer", "option", "other"):
            F.same(r["percent"], str(percent(int(r["count"]), int(r["base"]))),
                   f"{name}: {r['question']} / {r['answer']}: percent of {r['count']}/{r['base']}")

    # Find the survey question of each published question.
    by_label = {}
    for r in overall:
        by_label.setdefault(r["label"], r["question"])
    qid_of = {}
    for q in sorted({p["question"] for p in published}):
        if q == "Origine des répondants":
            ids = [i for lab, i in by_label.items() if lab == "Région"]
        else:
            key = question_key(q)
            ids = [i for lab, i in by_label.items() if question_key(lab) == key]
            if ids:
                label = next(lab for lab, i in by_label.items() if i == ids[0])
                F.check(loose(label) == loose(q), f"{name}: label {label!r} does not match published {q!r}")
        if F.check(len(ids) == 1, f"{name}: published question {q!r}: survey questions {ids}"):
            qid_of[q] = ids[0]

    def table(qid, kind="answer"):
        return [r for r in overall if r["question"] == qid and r["kind"] == kind]

    for q, qid in qid_of.items():
        key = question_key(q)
        answers = table(qid)
        pub = [p for p in published if p["question"] == q]
        by_key = {}
        for r in answers:
            F.check(loose(r["answer"]) not in by_key, f"{name}: {qid}: two answers with key {loose(r['answer'])!r}")
            by_key[loose(r["answer"])] = r
        for p in pub:
            r = by_key.get(loose(p["answer"]))
            what = f"{name}: {qid} / {p['answer']}"
            if not F.check(r is not None, f"{what}: no answer row (survey has {[a['answer'] for a in answers]})"):
                continue
            expected = int(p["count"]) if p["count"] else DERIVED[(key, p["answer"])]
            F.same(int(r["count"]), expected, f"{what}: count")
            F.same(int(r["base"]), int(p["base"]), f"{what}: base")
            if key == "6)" and p["answer"] == "Autres":
                # Published 18.3 (forced total); 105/571 = 18.39 % rounds to 18.4.
                F.same(Decimal(p["percent"]), Decimal("18.3"), "published Q6 Autres")
                F.same(Decimal(r["percent"]), Decimal("18.4"), f"{what}: percent")
            else:
                F.same(Decimal(r["percent"]), Decimal(p["percent"]), f"{what}: percent (numerically)")
        base = int(pub[0]["base"])
        if key is not None:
            extra = sorted(set(by_key) - {loose(p["answer"]) for p in pub})
            F.check(not extra, f"{name}: {qid}: answers the report does not list: {extra}")
        # Single choice: the answers add up to the base.
        F.same(sum(int(r["count"]) for r in answers), base, f"{name}: {qid}: sum of answer counts")
        F.check(all(int(r["base"]) == base for r in answers), f"{name}: {qid}: bases differ between rows")

        if key in SCALES:
            levels = SCALES[key]
            counts = []
            for lev in levels:
                p = next(p for p in pub if p["answer"] == lev)
                counts.append(int(p["count"]) if p["count"] else DERIVED[(key, lev)])
            F.same([r["answer"] for r in answers], levels, f"{name}: {qid}: answers in scale order")
            total = sum(k * c for k, c in enumerate(counts, start=1))
            mean = table(qid, "mean")
            if F.same(len(mean), 1, f"{name}: {qid}: mean rows"):
                F.same((int(mean[0]["count"]), int(mean[0]["base"]), mean[0]["percent"]),
                       (total, base, str(round_half_away(Fraction(total, base), 2))), f"{name}: {qid}: mean")
            for kind, part in (("top2", counts[2:]), ("bottom2", counts[:2])):
                t = table(qid, kind)
                if F.same(len(t), 1, f"{name}: {qid}: {kind} rows"):
                    F.same((int(t[0]["count"]), int(t[0]["base"]), t[0]["percent"]),
                           (sum(part), base, str(percent(sum(part), base))), f"{name}: {qid}: {kind}")
        else:
            F.same(sorted({r["kind"] for r in overall if r["question"] == qid}), ["answer"],
                   f"{name}: {qid}: kinds of rows")

    # Region: the report's eight plus the rest add up to the base.
    if "Origine des répondants" in qid_of:
        reg = table(qid_of["Origine des répondants"])
        F.same(sum(int(r["count"]) for r in reg), 672, f"{name}: region counts sum")

    # --sum-to-100 on q6.
    q6 = qid_of.get("6) Si oui, sur quels thèmes précis ?")
    if q6:
        rows100 = freq(args.bin, [path, q6, "--sum-to-100"], F)
        got = {r["answer"]: Decimal(r["percent"]) for r in rows100 if r["kind"] == "answer" and r["by"] == ""}
        F.same(got, Q6_SUM_TO_100, f"{name}: {q6} --sum-to-100 percentages")
        F.same(sum(got.values(), Decimal(0)), Decimal("100.0"), f"{name}: {q6} --sum-to-100 total")

    # Markdown in French.
    q1 = qid_of.get("1) Participation à un webinaire d'information")
    if q1:
        out, _, code = run_survey(args.bin, ["freq", path, q1, "--format", "md", "--lang", "fr"], F)
        md = out.decode("utf-8")
        headings = [line.lstrip("#").strip() for line in md.splitlines() if line.startswith("#")]
        F.check(MD_HEADING in headings, f"{name}: markdown headings {headings}, expected {MD_HEADING!r}")
        F.check("75,7" in md, f"{name}: markdown lacks 75,7:\n{md}")
        F.check("75.7" not in md, f"{name}: markdown has 75.7 despite --lang fr")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="directory holding the survey executable")
    ap.add_argument("--samples", required=True, help="the data-samples directory")
    args = ap.parse_args()

    reference = os.path.join(args.samples, "reference", "coet-mof-published.csv")
    published = list(csv.DictReader(open(reference, encoding="utf-8", newline="")))
    F.same(len(published), 31, "reference rows")

    for name in ("coet-mof-2020.csv", "coet-mof-2020-excel.csv"):
        check_file(args, name, published)

    # The Excel copy gives the same bytes as the UTF-8 file, for each command.
    utf8 = os.path.join(args.samples, "coet-mof-2020.csv")
    excel = os.path.join(args.samples, "coet-mof-2020-excel.csv")
    for extra in ([], ["q6", "--sum-to-100"], ["q1", "--format", "md", "--lang", "fr"],
                  ["--by", "region", "--missing"]):
        a, _, _ = run_survey(args.bin, ["freq", utf8] + extra, F)
        b, _, _ = run_survey(args.bin, ["freq", excel] + extra, F)
        F.check(a == b and a, f"survey freq {' '.join(extra)}: Excel copy output differs from the UTF-8 one")

    return F.report("survey freq matches the published COET-MOF figures on both copies")


if __name__ == "__main__":
    sys.exit(main())
