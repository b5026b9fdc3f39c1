#!/usr/bin/env python3
"""Oracle for the per-platform samples (data-samples/platforms/).

For each file, reads it with Python's csv module given its known encoding,
delimiter and header layout (hard-coded below, independently of survey's
detection), builds the expected single header row (SurveyMonkey: question
carried over blank cells, "Response"/empty option or a one-column
"Open-Ended Response" give the plain question, else "Question [Option]";
Framaforms: title row dropped, component name carried over its option
columns), drops Excel's title lines, blank line and total line, cleans values
(CR/CRLF inside values to LF, NFC, trimmed), and compares header and every
row with `survey ingest FILE` parsed by the csv module. Also checks that
survey reports the right format as detected on stderr, and that each file
has the features it is meant to exercise (line break inside a quoted
answer, the delimiter inside a label or answer, the platform's quoting, BOM
and line ends).
Usage: test_platform_samples.py --bin DIR --samples DIR
"""

import argparse
import csv
import io
import os
import subprocess
import sys
import unicodedata

# Per file: encoding, delimiter, line end, header layout, every field quoted?
SPECS = {
    "google-forms.csv": dict(format="google-forms", encoding="utf-8", delimiter=",", eol="\r\n",
                             layout="single", quote_all=False),
    "limesurvey.csv": dict(format="limesurvey", encoding="utf-8", bom=True, delimiter=";", eol="\r\n",
                           layout="single", quote_all=True, trailing_blank=True),
    "surveymonkey.csv": dict(format="surveymonkey", encoding="utf-8", delimiter=",", eol="\r\n",
                             layout="surveymonkey", quote_all=False),
    "framaforms.csv": dict(format="framaforms", encoding="utf-8", delimiter="\t", eol="\n",
                           layout="framaforms", quote_all=True,
                           spans={"Thèmes souhaités": 4}),  # checkbox options, "separate" format
    "kobo.csv": dict(format="kobo", encoding="utf-8", delimiter=";", eol="\r\n", layout="single",
                     quote_all=True),
    "ms-forms.csv": dict(format="ms-forms", encoding="cp1252", delimiter=";", eol="\r\n",
                         layout="single", quote_all=False),
    "excel-fr.csv": dict(format="excel-fr", encoding="cp1252", delimiter=";", eol="\r\n",
                         layout="excel-fr", quote_all=False),
}

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
    return ok


def clean(v):
    v = v.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", v).strip()


def surveymonkey_header(questions, options):
    width = max(len(questions), len(options))
    questions = questions + [""] * (width - len(questions))
    options = options + [""] * (width - len(options))
    starts = [j for j in range(width) if questions[j] or j == 0]
    span = {}
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else width
        for j in range(s, end):
            span[j] = (s, end - s)
    names = []
    for j in range(width):
        s, size = span[j]
        q, o = questions[s], options[j]
        if o == "" or o == "Response" or (o == "Open-Ended Response" and size == 1):
            names.append(q)
        else:
            names.append(f"{q} [{o}]")
    return names


def framaforms_header(groups, labels, spans):
    names = list(labels)
    for j, g in enumerate(groups):
        if j == 0 or not g:  # "Submission Details" over the metadata
            continue
        for k in range(j, j + spans[g]):
            names[k] = f"{g} [{labels[k]}]"
    return names


def expected_table(name, spec, rows):
    """(header, data rows) that survey ingest should print."""
    rows = [[clean(v) for v in r] for r in rows]
    layout = spec["layout"]
    if layout == "single":
        header, data = rows[0], rows[1:]
    elif layout == "surveymonkey":
        header, data = surveymonkey_header(rows[0], rows[1]), rows[2:]
    elif layout == "framaforms":
        header, data = framaforms_header(rows[1], rows[2], spec["spans"]), rows[3:]
    elif layout == "excel-fr":
        check(rows[0] == ["sep=", ""], f"{name}: first line {rows[0]!r}, expected sep=;")
        check(all(v == "" for v in rows[1][1:] + rows[2][1:]), f"{name}: title lines not padded")
        header = rows[3]
        data = [r for r in rows[4:] if any(r) and not r[0].startswith("Total :")]
        check(rows[-1][0].startswith("Total :") and not any(rows[-2]), f"{name}: no blank + total lines")
    else:
        raise ValueError(layout)
    data = [r for r in data if r]  # blank lines ([] from the csv module)
    return header, data


def check_features(name, spec, raw, text, rows, header, data):
    d = spec["delimiter"]
    check(10 <= len(data) <= 50, f"{name}: {len(data)} data rows, expected 10-50")
    check(raw.startswith(b"\xef\xbb\xbf") == bool(spec.get("bom")), f"{name}: BOM presence")
    eol = spec["eol"]
    first_line = text.split(eol, 1)[0]
    check("\n" not in first_line and "\r" not in first_line and text.endswith(eol),
          f"{name}: line ends are not {eol!r}")
    if spec.get("trailing_blank"):
        check(text.endswith(eol + eol), f"{name}: no extra line end at the end")
    cells = [v for r in rows for v in r]
    check(any("\n" in v or "\r" in v for r in data for v in r),
          f"{name}: no quoted line break inside an answer")
    check(any(d in v for v in cells), f"{name}: no label or answer holds the delimiter {d!r}")
    # Quoting: writing the rows back the platform's way gives the same bytes.
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=d, lineterminator=eol,
                   quoting=csv.QUOTE_ALL if spec["quote_all"] else csv.QUOTE_MINIMAL)
    w.writerows(r for r in rows if r)
    body = text  # decoded with utf-8-sig when there is a BOM
    if spec.get("trailing_blank"):
        body = body[: -len(eol)]
    check(buf.getvalue() == body, f"{name}: not quoted the {'every-field' if spec['quote_all'] else 'minimal'} way")
    width = len(header)
    check(all(len(r) == width for r in data), f"{name}: rows of unequal width")
    check(len(set(header)) == len(header), f"{name}: repeated column names {header}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="directory holding the survey executable")
    ap.add_argument("--samples", required=True, help="the data-samples directory")
    args = ap.parse_args()
    exe = os.path.join(args.bin, "survey")
    folder = os.path.join(args.samples, "platforms")
    present = sorted(f for f in os.listdir(folder) if f.endswith(".csv"))
    check(present == sorted(SPECS), f"platform files: {present}")

    for name, spec in SPECS.items():
        path = os.path.join(folder, name)
        raw = open(path, "rb").read()
        try:
            text = raw.decode("utf-8-sig" if spec.get("bom") else spec["encoding"])
        except UnicodeDecodeError as e:
            failures.append(f"{name}: not {spec['encoding']}: {e}")
            continue
        if spec["encoding"] == "cp1252":
            try:
                raw.decode("utf-8")
                failures.append(f"{name}: decodes as UTF-8, expected Windows-1252 bytes")
            except UnicodeDecodeError:
                pass
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=spec["delimiter"]))
        header, data = expected_table(name, spec, rows)
        check_features(name, spec, raw, text, rows, header, data)
        if name == "limesurvey.csv":
            check(any("\\n" in v for r in data for v in r), f"{name}: no answer with the two characters \\n")
        if name == "google-forms.csv":
            check(any("Financement, modalités, " in v or ", Financement, modalités" in v for r in data for v in r),
                  f"{name}: no checkbox cell joining 'Financement, modalités' with other answers")
        if name == "ms-forms.csv":
            check(any(v.endswith(";") and ";" in v[:-1] for r in data for v in r),
                  f"{name}: no multi-select cell like 'A;B;'")

        p = subprocess.run([exe, "ingest", path], capture_output=True)
        err = p.stderr.decode("utf-8", errors="replace")
        if not check(p.returncode == 0, f"{name}: survey ingest exit {p.returncode}: {err.strip()}"):
            continue
        check(f"format {spec['format']} (detected)" in err,
              f"{name}: stderr does not say 'format {spec['format']} (detected)': {err.strip()}")
        out = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
        if not check(out and out[0] == header, f"{name}: header\n  expected {header}\n  actual   {out[:1]}"):
            continue
        got = out[1:]
        check(len(got) == len(data), f"{name}: {len(got)} records, expected {len(data)}")
        for k, (e, a) in enumerate(zip(data, got)):
            if e != a:
                diffs = [f"{header[j] if j < len(header) else j}: expected {x!r}, actual {y!r}"
                         for j, (x, y) in enumerate(zip(e, a)) if x != y]
                if len(e) != len(a):
                    diffs.append(f"width: expected {len(e)}, actual {len(a)}")
                failures.append(f"{name}: record {k + 1}: " + "; ".join(diffs))

    if failures:
        for f in failures:
            print("FAIL:", f)
        print(f"{len(failures)} failure(s)")
        return 1
    print(f"ok: {len(SPECS)} platform samples read as the oracle expects")
    return 0


if __name__ == "__main__":
    sys.exit(main())
