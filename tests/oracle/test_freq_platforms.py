#!/usr/bin/env python3
"""`survey freq` on every platform sample against figures computed here.

For each file in data-samples/platforms/, reads the respondents with Python's
csv module given the file's encoding, delimiter, header rows, skipped lines
and multi-select layout (hard-coded below from data-samples/README.md and the
files themselves; survey is not asked), and computes the expected tables of
four questions:
- the region (single choice): answers by count, ties in order of first
  appearance; base = respondents who answered;
- the Likert "D'une manière générale, êtes-vous :" (Excel: "Satisfaction"):
  the four levels in scale order (zeros kept), base, mean of the 1..4 scores
  (2 decimals), top2 (Satisfait + Très satisfait), bottom2;
- the 0-10 recommendation: levels 0..10 (zeros kept), mean, NPS (promoters
  9-10 minus detractors 0-6, as a count and as an integer percentage),
  promoters, passives, detractors;
- the multi-select "Thèmes souhaités": one `option` row per option ticked by
  someone (by count, ties in order of first appearance: respondent, then
  column or position in the cell); base = respondents who ticked at least one
  option. Option columns count as ticked when non-empty and not "0"; packed
  cells are split on the platform's separator, declared options that hold
  the separator ("Financement, modalités" in Google Forms) kept whole.
  LimeSurvey's "Thèmes souhaités [Autre]" and SurveyMonkey's "Autre
  (veuillez préciser)" hold free text: they are separate text questions, not
  options (so SurveyMonkey's respondent who only typed an "Autre" text is not
  in the base). Google Forms writes the respondent's "other" text in place
  of "Autre", always after the declared options: with no codebook a tool
  cannot know the form's "Autre" option, so the correct report is one row
  per distinct text, under the text (kept whole), counted in the base like
  any option, and flagged as kind `other` (docs/tools/freq.md): it is not
  one of the form's options.
Then compares with `survey freq FILE` (every question, CSV), row by row on
those four questions (found by label; their ids must be region,
maniere_generale_etes / satisfaction, echelle_0_10 / recommandation_0_10,
themes_souhaites), and checks:
- `survey freq FILE <multi> --multi-base responses`: base = total ticks;
- `survey freq FILE --missing`: a `missing` row per question, count =
  respondents who did not answer, base = all respondents; the other rows as
  without --missing;
- `survey freq FILE <likert> --by <region>` on Google Forms and LimeSurvey:
  the overall rows, then per region group (groups by number of respondents
  in the region, ties in order of first appearance, the blank region "" last)
  the level counts, base, mean, top2 and bottom2 of that group; a group whose
  base is 0 has empty percentages.
Usage: test_freq_platforms.py --bin DIR --samples DIR
"""

import argparse
import csv
import io
import os
import sys
from fractions import Fraction

from freq_oracle import Failures, freq, percent, round_half_away

OPTIONS = ["Déroulement du concours", "Financement, modalités", "Échanges entre candidats", "Autre"]
LEVELS = ["Insatisfait", "Peu satisfait", "Satisfait", "Très satisfait"]
NPS_LABEL = "Sur une échelle de 0 à 10, recommanderiez-vous ces webinaires à un collègue ?"
LABELS = dict(region="Région", likert="D'une manière générale, êtes-vous :", nps=NPS_LABEL,
              themes="Thèmes souhaités")

# Question ids by the inference rule (a slug of up to three significant words of the label).
IDS = dict(region="region", likert="maniere_generale_etes", nps="echelle_0_10", themes="themes_souhaites")
IDS_EXCEL = dict(IDS, likert="satisfaction", nps="recommandation_0_10")

F = Failures()


# ---------------------------------------------------------------- reading

def read_rows(path, encoding, delimiter):
    text = open(path, "rb").read().decode(encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def split_packed(cell, sep, other_tail):
    """The options in a packed multi-select cell. A declared option is matched
    whole (it may hold the separator); with other_tail, what follows the
    declared options is one "other" text, kept whole."""
    items, rest = [], cell.strip()
    longest_first = sorted(OPTIONS, key=len, reverse=True)
    while rest:
        m = next((o for o in longest_first
                  if rest.startswith(o) and (rest[len(o):] == "" or rest[len(o):].startswith(sep))), None)
        if m is None and other_tail:
            items.append(rest)
            break
        if m is None:
            k = rest.find(sep)
            m = rest if k < 0 else rest[:k]
        items.append(m.strip())
        rest = rest[len(m) + len(sep):].strip() if len(rest) > len(m) else ""
    return items


def respondents_single_header(header, data, labels, themes):
    col = {h: j for j, h in enumerate(header)}
    out = []
    for r in data:
        out.append(dict(region=r[col[labels["region"]]].strip(),
                        likert=r[col[labels["likert"]]].strip(),
                        nps=r[col[labels["nps"]]].strip(),
                        themes=themes(r, col)))
    return out


def option_columns(pairs):
    """themes() for option columns: pairs of (option, column name or index)."""
    def themes(r, col):
        ticked = []
        for option, c in pairs:
            v = r[col[c] if isinstance(c, str) else c].strip()
            if v != "" and v != "0":
                ticked.append(option)
        return ticked
    return themes


def packed(column, sep, other_tail=False):
    def themes(r, col):
        return split_packed(r[col[column]], sep, other_tail)
    return themes


def load(samples, name):
    """(labels, respondents): each respondent a dict region/likert/nps/themes (list of options)."""
    path = os.path.join(samples, "platforms", name)
    labels = dict(LABELS)
    if name == "google-forms.csv":
        rows = read_rows(path, "utf-8", ",")
        return labels, respondents_single_header(rows[0], rows[1:], labels,
                                                 packed("Thèmes souhaités", ", ", other_tail=True))
    if name == "limesurvey.csv":
        rows = [r for r in read_rows(path, "utf-8-sig", ";") if r]  # the empty line at the end
        pairs = [(o, f"Thèmes souhaités [{o}]") for o in OPTIONS[:3]]  # [Autre] is free text
        F.check("Thèmes souhaités [Autre]" in rows[0], f"{name}: no [Autre] text column")
        return labels, respondents_single_header(rows[0], rows[1:], labels, option_columns(pairs))
    if name == "surveymonkey.csv":
        rows = read_rows(path, "utf-8", ",")
        questions, options, data = rows[0], rows[1], rows[2:]
        start = questions.index("Thèmes souhaités")
        pairs, j = [], start
        while j < len(questions) and (j == start or questions[j] == ""):
            if options[j] in OPTIONS:
                pairs.append((options[j], j))
            else:
                F.same(options[j], "Autre (veuillez préciser)", f"{name}: column {j} under Thèmes souhaités")
            j += 1
        F.same([o for o, _ in pairs], OPTIONS[:3], f"{name}: option columns")
        # A question's answer sits under its question cell (first column of the question).
        return labels, respondents_single_header(questions, data, labels, option_columns(pairs))
    if name == "framaforms.csv":
        rows = read_rows(path, "utf-8", "\t")
        groups, names, data = rows[1], rows[2], rows[3:]
        start = groups.index("Thèmes souhaités")
        F.same(names[start:start + 4], OPTIONS, f"{name}: option columns")
        pairs = [(o, start + k) for k, o in enumerate(OPTIONS)]
        return labels, respondents_single_header(names, data, labels, option_columns(pairs))
    if name == "kobo.csv":
        rows = read_rows(path, "utf-8", ";")
        pairs = [(o, f"Thèmes souhaités/{o}") for o in OPTIONS]
        return labels, respondents_single_header(rows[0], rows[1:], labels, option_columns(pairs))
    if name == "ms-forms.csv":
        rows = read_rows(path, "cp1252", ";")
        return labels, respondents_single_header(rows[0], rows[1:], labels, packed("Thèmes souhaités", ";"))
    if name == "excel-fr.csv":
        rows = read_rows(path, "cp1252", ";")
        F.same(rows[0], ["sep=", ""], f"{name}: first line")
        header, data = rows[3], []
        for r in rows[4:]:
            if not any(v.strip() for v in r):  # the ;;;;;;;; line
                continue
            if r[0].startswith("Total :"):  # the note below the data
                continue
            data.append(r)
        labels.update(likert="Satisfaction", nps="Recommandation (0-10)")
        return labels, respondents_single_header(header, data, labels, packed("Thèmes souhaités", "; "))
    raise ValueError(name)


PLATFORMS = ["google-forms.csv", "limesurvey.csv", "surveymonkey.csv", "framaforms.csv", "kobo.csv",
             "ms-forms.csv", "excel-fr.csv"]
ROWS = {"google-forms.csv": 24, "limesurvey.csv": 18, "surveymonkey.csv": 20, "framaforms.csv": 15,
        "kobo.csv": 16, "ms-forms.csv": 22, "excel-fr.csv": 25}


# ---------------------------------------------------------------- expected tables
# A row is (answer, count, base, percent, kind); answer is None where its text is not checked.

def pct(count, base):
    return str(percent(count, base)) if base else ""


def by_count(values):
    """Distinct values by count descending, ties in order of first appearance."""
    first, counts = {}, {}
    for v in values:
        first.setdefault(v, len(first))
        counts[v] = counts.get(v, 0) + 1
    return sorted(counts, key=lambda v: (-counts[v], first[v])), counts


def single_table(values):
    answered = [v for v in values if v]
    order, counts = by_count(answered)
    base = len(answered)
    return [(a, counts[a], base, pct(counts[a], base), "answer") for a in order]


def likert_table(values):
    answered = [v for v in values if v]
    unknown = sorted({v for v in answered if v not in LEVELS})
    F.check(not unknown, f"oracle: Likert answers outside the scale: {unknown}")
    base = len(answered)
    c = [answered.count(lev) for lev in LEVELS]
    total = sum(k * n for k, n in enumerate(c, start=1))
    rows = [(lev, n, base, pct(n, base), "answer") for lev, n in zip(LEVELS, c)]
    rows.append((None, total, base, str(round_half_away(Fraction(total, base), 2)) if base else "", "mean"))
    rows.append((" | ".join(LEVELS[2:]), c[2] + c[3], base, pct(c[2] + c[3], base), "top2"))
    rows.append((" | ".join(LEVELS[:2]), c[0] + c[1], base, pct(c[0] + c[1], base), "bottom2"))
    return rows


def nps_table(values):
    answered = [v for v in values if v]
    F.check(all(v.isdigit() and 0 <= int(v) <= 10 for v in answered), f"oracle: NPS answers {answered}")
    scores = [int(v) for v in answered]
    base = len(scores)
    rows = [(str(s), scores.count(s), base, pct(scores.count(s), base), "answer") for s in range(11)]
    pro = sum(1 for s in scores if s >= 9)
    pas = sum(1 for s in scores if 7 <= s <= 8)
    det = sum(1 for s in scores if s <= 6)
    rows.append((None, sum(scores), base, str(round_half_away(Fraction(sum(scores), base), 2)) if base else "",
                 "mean"))
    rows.append((None, pro - det, base, str(round_half_away(Fraction(100 * (pro - det), base), 0)) if base else "",
                 "nps"))
    rows.append((None, pro, base, pct(pro, base), "promoters"))
    rows.append((None, pas, base, pct(pas, base), "passives"))
    rows.append((None, det, base, pct(det, base), "detractors"))
    return rows


def multi_table(lists, base_of="respondents"):
    ticks = [o for lst in lists for o in lst]
    order, counts = by_count(ticks)
    base = sum(1 for lst in lists if lst) if base_of == "respondents" else len(ticks)
    return [(o, counts[o], base, pct(counts[o], base), "option" if o in OPTIONS else "other") for o in order]


def expected_tables(resp):
    return dict(region=single_table([r["region"] for r in resp]),
                likert=likert_table([r["likert"] for r in resp]),
                nps=nps_table([r["nps"] for r in resp]),
                themes=multi_table([r["themes"] for r in resp]))


# ---------------------------------------------------------------- comparing

def as_tuple(r, with_answer=True):
    return (r["answer"] if with_answer else None, int(r["count"]), int(r["base"]), r["percent"], r["kind"])


def compare(what, expected, actual_rows):
    """Row-by-row comparison; answer text compared where the expectation gives one."""
    actual = []
    for k, r in enumerate(actual_rows):
        e = expected[k] if k < len(expected) else None
        actual.append(as_tuple(r, e is None or e[0] is not None))
    if actual == expected:
        return True
    lines = [f"{what}: rows differ"]
    for k in range(max(len(expected), len(actual))):
        e = expected[k] if k < len(expected) else None
        a = actual[k] if k < len(actual) else None
        mark = "  " if e == a else "! "
        lines.append(f"    {mark}expected {e}\n    {mark}actual   {a}")
    F.add("\n".join(lines))
    return False


def question_ids(rows, labels, name):
    ids = {}
    for key, label in labels.items():
        found = sorted({r["question"] for r in rows if r["label"] == label})
        if F.check(len(found) == 1, f"{name}: question labelled {label!r}: survey ids {found}"):
            ids[key] = found[0]
    return ids


def table_of(rows, qid, group=None):
    return [r for r in rows if r["question"] == qid and (r["by"], r["group"]) == (("", "") if group is None else group)]


def check_platform(args, name):
    path = os.path.join(args.samples, "platforms", name)
    labels, resp = load(args.samples, name)
    F.same(len(resp), ROWS[name], f"{name}: respondents read by the oracle")
    for r in resp:
        odd = [o for o in r["themes"] if o not in OPTIONS]
        if name != "google-forms.csv":
            F.check(not odd, f"{name}: oracle found undeclared options {odd}")
    expected = expected_tables(resp)

    rows = freq(args.bin, [path], F, f"survey freq {name}")
    ids = question_ids(rows, labels, name)
    F.same(ids, IDS_EXCEL if name == "excel-fr.csv" else IDS, f"{name}: question ids")
    for key, qid in ids.items():
        compare(f"{name}: {qid} ({key})", expected[key], table_of(rows, qid))

    if "themes" not in ids:
        return
    themes = ids["themes"]

    # --multi-base responses: base = ticks.
    resp_rows = freq(args.bin, [path, themes, "--multi-base", "responses"], F)
    compare(f"{name}: {themes} --multi-base responses",
            multi_table([r["themes"] for r in resp], "responses"), table_of(resp_rows, themes))

    # --missing: one missing row per question (count = non-answering, base = all respondents).
    miss_rows = freq(args.bin, [path, "--missing"], F)
    n = len(resp)
    for key, qid in ids.items():
        answered = sum(1 for r in resp if (r[key] if key != "themes" else r["themes"]))
        got = table_of(miss_rows, qid)
        missing = [as_tuple(r, False) for r in got if r["kind"] == "missing"]
        F.same(missing, [(None, n - answered, n, pct(n - answered, n), "missing")],
               f"{name}: {qid} --missing row")
        F.same([r for r in got if r["kind"] != "missing"], table_of(rows, qid),
               f"{name}: {qid} rows other than missing change with --missing")


def check_by_region(args, name):
    path = os.path.join(args.samples, "platforms", name)
    labels, resp = load(args.samples, name)
    rows = freq(args.bin, [path], F)
    ids = question_ids(rows, labels, name)
    if "likert" not in ids or "region" not in ids:
        return
    likert, region = ids["likert"], ids["region"]
    by_rows = freq(args.bin, [path, likert, "--by", region], F)
    compare(f"{name}: {likert} --by {region}: overall",
            likert_table([r["likert"] for r in resp]), table_of(by_rows, likert))
    order, _ = by_count([r["region"] for r in resp if r["region"]])
    if any(not r["region"] for r in resp):
        order.append("")
    seen = []
    for r in by_rows:
        if r["by"] and (not seen or seen[-1] != r["group"]):
            seen.append(r["group"])
    F.same(seen, order, f"{name}: {likert} --by {region}: groups in order")
    F.check(all(r["by"] == region for r in by_rows if r["by"]), f"{name}: by column is not {region!r}")
    for g in order:
        expected = likert_table([r["likert"] for r in resp if r["region"] == g])
        compare(f"{name}: {likert} --by {region}: group {g!r}", expected, table_of(by_rows, likert, (region, g)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="directory holding the survey executable")
    ap.add_argument("--samples", required=True, help="the data-samples directory")
    args = ap.parse_args()
    present = sorted(f for f in os.listdir(os.path.join(args.samples, "platforms")) if f.endswith(".csv"))
    F.same(present, sorted(PLATFORMS), "platform files")
    for name in PLATFORMS:
        check_platform(args, name)
    for name in ("google-forms.csv", "limesurvey.csv"):
        check_by_region(args, name)
    return F.report(f"survey freq matches the oracle on {len(PLATFORMS)} platform samples")


if __name__ == "__main__":
    sys.exit(main())
