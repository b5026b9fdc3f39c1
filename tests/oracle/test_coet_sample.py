#!/usr/bin/env python3
"""Oracle for the COET-MOF 2020 sample (data-samples/coet-mof-2020.csv).

Reads the sample with Python's csv module only and checks, independently of
survey's code:
- the layout: UTF-8 without BOM, ',' delimiter, CRLF line ends, the eleven
  headers, 700 rows, timestamps strictly increasing within the survey's life;
- every count and base of data-samples/reference/coet-mof-published.csv
  (Q4/Q5: the counts the reference README derives from the percentages);
- that one-decimal percentages (half away from zero) of count/base give the
  published ones, except Q6 "Autres" (published 18.3, computed 18.4) and
  the region rows the report prints without decimals (22 and 4);
- the skip-logic violations the report implies (Q2, Q4, Q6), the region
  counts outside the report's top eight, the free-text verbatims;
- that the Excel copy (Windows-1252, ';') holds exactly the same rows;
- that `survey ingest` of both files prints the same bytes, equal to what
  Python's csv module reads (trimmed, NFC, line breaks in values as LF)
  written back with csv.QUOTE_MINIMAL and "\\n" line ends.
Usage: test_coet_sample.py --bin DIR --samples DIR
"""

import argparse
import csv
import datetime as dt
import io
import os
import subprocess
import sys
import unicodedata
from decimal import Decimal
from fractions import Fraction

HEADER = [
    "Horodateur",
    "Région",
    "1) Participation à un webinaire d'information",
    "2) Si non, pour quelles raisons ?",
    "3) Qualité des réponses apportées par le COET-MOF",
    "4) Conditions techniques",
    "5) Souhaitez-vous que d'autres webinaires soient organisés ?",
    "6) Si oui, sur quels thèmes précis ?",
    "7) D'une manière générale, êtes-vous :",
    "Les points positifs",
    "Quelques marges de progrès",
]

# The counts the reference README derives for Q4 and Q5 (percentages only in the report).
DERIVED = {
    ("4)", "Insatisfaisant"): 29, ("4)", "Peu satisfaisant"): 60, ("4)", "Satisfaisant"): 284,
    ("4)", "Très satisfaisant"): 253, ("5)", "Oui"): 550, ("5)", "Non"): 101,
}

# Regions the report does not list (its README leaves them to the sample).
OTHER_REGIONS = {
    "Occitanie": 26, "Hauts-de-France": 25, "Pays de la Loire": 24, "Normandie": 22,
    "La Réunion": 10, "Guadeloupe": 8, "Martinique": 7, "Corse": 5, "Guyane": 3, "Mayotte": 2,
}

REPORT_POSITIVES = [
    "Belle réactivité du COET, à l'image du monde qui lui permet d'exister.",
    "Très bien malgré un contexte sanitaire et économique compliqué.",
    "Très bon échange. Ce fut très intéressant d’échanger entre le COET et les autres candidats (tous métiers confondus).",
    "De manière générale, c'est une bonne introduction au concours afin de connaitre le déroulement global, les dates potentielles, le financement, les questions éthiques.",
    "C'est agréable de se sentir accompagné dans ce projet d'envergure.",
    "Le fait d'avoir des rencontres entre candidats et organisateurs me semble important pour prendre connaissance des participants mais aussi lever les questions... Merci à vous d'organiser des webinaires. Le format qui est proposé pour la 27ème édition semble pertinent et très motivant pour notre profession. J'aime beaucoup l'idée de faire un dossier qui sera le reflet de notre parcours professionnel et de pouvoir le défendre.",
    "J'apprécie votre volonté de communication, de transparence et vos encouragements. Merci.",
    "L’équipe se montre bienveillante et à l’écoute. Merci infiniment de votre aide.",
    "Merci aux intervenants qui ont été clairs et pour le contenu des présentations.",
    "Réponses très précises. Beau duo de la part des organisateurs",
    "Merci pour les explications très claires durant le webinaire",
]
REPORT_IMPROVEMENTS = [
    "Trop général et trop vague",
    "Le thème du déroulement précis du concours serait intéressant à développer.",
    "Un nouveau mode de fonctionnement à priori au niveau du concours en lui-même (ateliers apprenants, dossiers...) qui reste très flou pour ma part.",
    "Les organismes de financement des indépendants fonctionne a contre temps et réclament de boucler les dossiers avant inscription à la formation, il est difficile d'avoir de la visibilité et l'accompagnement sur ce point est important dans le cadre du concours, je n'ai pas d'inquiétude malgré tout l'année étant exceptionnelle.",
]

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
    return ok


def same(actual, expected, what):
    return check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


def loose(text):
    """Casefolded, accents stripped, hyphens as spaces, white space collapsed."""
    text = unicodedata.normalize("NFD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").replace("’", "'").split())


def round_half_away(value):
    """A non-negative Fraction rounded to one decimal, half away from zero (exact)."""
    tenths = (value * 10 + Fraction(1, 2)).__floor__()
    return Decimal(tenths) / Decimal(10)


def read_csv_bytes(data, encoding, delimiter):
    text = data.decode(encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def canonical(rows):
    """What `survey ingest` should print for these rows."""
    def clean(v):
        v = v.replace("\r\n", "\n").replace("\r", "\n")
        return unicodedata.normalize("NFC", v).strip()
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    for r in rows:
        w.writerow([clean(v) for v in r])
    return out.getvalue().encode("utf-8")


def ingest(bin_dir, path):
    exe = os.path.join(bin_dir, "survey")
    p = subprocess.run([exe, "ingest", path], capture_output=True)
    check(p.returncode == 0, f"survey ingest {path}: exit {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p.stdout, p.stderr.decode("utf-8", errors="replace")


def first_difference(a, b):
    la, lb = a.split(b"\n"), b.split(b"\n")
    for k, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {k + 1}:\n  expected {x!r}\n  actual   {y!r}"
    return f"line counts differ: expected {len(la)}, actual {len(lb)}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="directory holding the survey executable")
    ap.add_argument("--samples", required=True, help="the data-samples directory")
    args = ap.parse_args()

    sample = os.path.join(args.samples, "coet-mof-2020.csv")
    excel = os.path.join(args.samples, "coet-mof-2020-excel.csv")
    reference = os.path.join(args.samples, "reference", "coet-mof-published.csv")
    raw = open(sample, "rb").read()

    # Layout.
    check(not raw.startswith(b"\xef\xbb\xbf"), "the sample must not start with a BOM")
    check(raw.count(b"\n") == raw.count(b"\r\n") and raw.count(b"\r") == raw.count(b"\r\n"),
          "every line end (and line break inside values) must be CRLF")
    check(raw.endswith(b"\r\n"), "the sample must end with CRLF")
    rows = read_csv_bytes(raw, "utf-8", ",")
    same(rows[0], HEADER, "header")
    data = rows[1:]
    same(len(data), 700, "respondent rows")
    for k, r in enumerate(data):
        if not same(len(r), len(HEADER), f"fields in row {k + 2}"):
            return report()
    raw.decode("utf-8").encode("cp1252")  # raises if a character is outside Windows-1252
    # Written with minimal quoting: re-writing the rows gives the same bytes.
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    check(buf.getvalue().encode("utf-8") == raw, "the sample is not written with minimal quoting")

    times = [dt.datetime.strptime(r[0], "%d/%m/%Y %H:%M:%S") for r in data]
    check(all(a < b for a, b in zip(times, times[1:])), "Horodateur must increase strictly")
    check(times[0] >= dt.datetime(2020, 3, 2, 9, 0, 0) and times[-1] <= dt.datetime(2020, 7, 7, 10, 59, 59),
          f"Horodateur out of range: {times[0]} .. {times[-1]}")
    for r in data:
        for v in r:
            check(v == v.strip(), f"value with surrounding white space: {v!r}")

    col = {h: j for j, h in enumerate(HEADER)}
    numbered = {h.split(" ", 1)[0]: j for j, h in enumerate(HEADER) if h[:1].isdigit()}

    # Published counts, bases and percentages.
    published = list(csv.DictReader(open(reference, encoding="utf-8", newline="")))
    check(len(published) == 31, f"reference rows: {len(published)}")
    listed = {}
    for p in published:
        q = p["question"]
        if q == "Origine des répondants":
            j, key = col["Région"], None
        else:
            key = q.split(" ", 1)[0]
            j = numbered.get(key)
            if not check(j is not None and loose(HEADER[j]) == loose(q),
                         f"no column for published question {q!r}"):
                continue
        values = [r[j] for r in data]
        base = sum(1 for v in values if v != "")
        count = sum(1 for v in values if loose(v) == loose(p["answer"]))
        listed.setdefault(j, set()).add(loose(p["answer"]))
        expected = int(p["count"]) if p["count"] else DERIVED[(key, p["answer"])]
        same(count, expected, f"{q} / {p['answer']}: count")
        same(base, int(p["base"]), f"{q}: base")
        computed = round_half_away(Fraction(100 * count, base))
        shown = Decimal(p["percent"])
        if key == "6)" and p["answer"] == "Autres":
            # The report forced its total to 100: 105/571 = 18.39 % rounds to 18.4.
            same(computed, Decimal("18.4"), "Q6 Autres computed percentage")
            same(shown, Decimal("18.3"), "Q6 Autres published percentage")
        elif key is None and "." not in p["percent"]:
            # Printed without decimals ("22%", "4%"): equal once the computed .0 is dropped.
            check(computed == computed.to_integral_value() and computed == shown,
                  f"{q} / {p['answer']}: computed {computed}, published {shown} (no decimals)")
        else:
            same(computed, shown, f"{q} / {p['answer']}: percentage")
    # Every answer of a numbered question is one the report lists.
    for j, labels in listed.items():
        if j == col["Région"]:
            continue
        odd = sorted({r[j] for r in data if r[j] and loose(r[j]) not in labels})
        check(not odd, f"{HEADER[j]}: answers the report does not list: {odd}")
    regions = [r[col["Région"]] for r in data]
    for name, n in OTHER_REGIONS.items():
        same(regions.count(name), n, f"region {name}")
    top8 = {loose(p["answer"]) for p in published if p["question"] == "Origine des répondants"}
    odd = sorted({v for v in regions if v and loose(v) not in top8 and v not in OTHER_REGIONS})
    check(not odd, f"unexpected regions: {odd}")
    same(regions.count(""), 28, "blank regions")
    same(sum(1 for r in data if r[col["Région"]] in ("Grand Est", "Centre-Val de Loire")), 88 + 27,
         "official spellings Grand Est / Centre-Val de Loire")

    # Skip logic.
    q1, q2, q4 = numbered["1)"], numbered["2)"], numbered["4)"]
    q5, q6 = numbered["5)"], numbered["6)"]
    def n(pred):
        return sum(1 for r in data if pred(r))
    same(n(lambda r: r[q1] == "Non" and r[q2]), 100, "Q2 answered by Q1=Non")
    same(n(lambda r: r[q1] == "Non" and not r[q2]), 9, "Q2: qualified (Q1=Non) but not answered")
    same(n(lambda r: r[q1] != "Non" and r[q2]), 42, "Q2: answered but not qualified")
    same(n(lambda r: r[q1] == "Oui, une fois" and r[q2]), 30, "Q2 answered by Q1=Oui, une fois")
    same(n(lambda r: r[q1] == "Oui, plusieurs fois" and r[q2]), 8, "Q2 answered by Q1=Oui, plusieurs fois")
    same(n(lambda r: r[q1] == "" and r[q2]), 4, "Q2 answered by Q1 blank")
    same(n(lambda r: r[q1].startswith("Oui")), 583, "attendees (Q1 starts with Oui)")
    same(n(lambda r: r[q1].startswith("Oui") and r[q4]), 560, "Q4 answered by attendees")
    same(n(lambda r: r[q1] == "Non" and r[q4]), 60, "Q4 answered by Q1=Non")
    same(n(lambda r: r[q1] == "" and r[q4]), 6, "Q4 answered by Q1 blank")
    same(n(lambda r: r[q5] == "Oui" and r[q6]), 530, "Q6 answered by Q5=Oui")
    same(n(lambda r: r[q5] == "Oui" and not r[q6]), 20, "Q6: qualified (Q5=Oui) but not answered")
    same(n(lambda r: r[q5] != "Oui" and r[q6]), 41, "Q6: answered but not qualified")
    same(n(lambda r: r[q5] == "Non" and r[q6]), 30, "Q6 answered by Q5=Non")
    same(n(lambda r: r[q5] == "" and r[q6]), 11, "Q6 answered by Q5 blank")

    # Free text.
    pos = [r[col["Les points positifs"]] for r in data]
    neg = [r[col["Quelques marges de progrès"]] for r in data]
    for q in REPORT_POSITIVES:
        same(pos.count(q), 1, f"positive verbatim {q[:40]!r}... occurrences")
    for q in REPORT_IMPROVEMENTS:
        same(neg.count(q), 1, f"improvement verbatim {q[:40]!r}... occurrences")
    same(sum(1 for v in pos if v), 70, "non-empty positive cells")
    same(sum(1 for v in neg if v), 30, "non-empty improvement cells")
    cells = [v for v in pos + neg if v]
    check(sum("\r\n" in v for v in cells) >= 5, "fewer than 5 free-text cells with a CRLF line break")
    check(all("\n" not in v.replace("\r\n", "") for v in cells), "a line break that is not CRLF")
    check(sum('"' in v for v in cells) >= 5, 'fewer than 5 free-text cells with a "')
    check(sum(";" in v for v in cells) >= 3, "fewer than 3 free-text cells with a ;")
    check(sum("," in v for v in cells) >= 3, "fewer than 3 free-text cells with a ,")
    check("\u202f" not in raw.decode("utf-8"), "U+202F in the sample")

    # No two respondents alike on every column but Horodateur.
    seen = {}
    for k, r in enumerate(data):
        t = tuple(r[1:])
        if t in seen:
            failures.append(f"rows {seen[t] + 2} and {k + 2} are identical except Horodateur")
        seen.setdefault(t, k)

    # The Excel copy.
    xraw = open(excel, "rb").read()
    try:
        xraw.decode("utf-8")
        failures.append("the Excel copy decodes as UTF-8: it should be Windows-1252")
    except UnicodeDecodeError:
        pass
    check(not xraw.startswith(b"\xef\xbb\xbf"), "the Excel copy must not have a BOM")
    check(xraw.count(b"\n") == xraw.count(b"\r\n") and xraw.count(b"\r") == xraw.count(b"\r\n"),
          "the Excel copy must use CRLF")
    xrows = read_csv_bytes(xraw, "cp1252", ";")
    if check(xrows == rows, "the Excel copy does not hold the same rows"):
        buf = io.StringIO()
        csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(xrows)
        check(buf.getvalue().encode("cp1252") == xraw, "the Excel copy is not quoted minimally")

    # survey ingest against Python's reading.
    expected = canonical(rows)
    out1, err1 = ingest(args.bin, sample)
    out2, err2 = ingest(args.bin, excel)
    if not check(out1 == expected, "survey ingest coet-mof-2020.csv differs from the oracle"):
        failures.append(first_difference(expected, out1))
    if not check(out2 == expected, "survey ingest coet-mof-2020-excel.csv differs from the oracle"):
        failures.append(first_difference(expected, out2))
    check("700 records" in err1 and "700 records" in err2, f"summaries: {err1.strip()} / {err2.strip()}")
    return report()


def report():
    if failures:
        for f in failures:
            print("FAIL:", f)
        print(f"{len(failures)} failure(s)")
        return 1
    print("ok: coet-mof-2020 sample matches the published figures and survey ingest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
