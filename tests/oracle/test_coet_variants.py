#!/usr/bin/env python3
"""Encoding, delimiter and line-end variants of the COET-MOF sample give the
same `survey ingest` output.

Reads data-samples/coet-mof-2020.csv with Python's csv module, writes it
again into a temporary directory as:
  (a) UTF-8 with BOM, ';', CRLF
  (b) Windows-1252, ';', CRLF, with Excel's "sep=;" first line
  (c) UTF-16LE with BOM, tab-delimited, CRLF (Excel "Unicode text")
  (d) UTF-16BE with BOM, ',', CRLF
  (e) UTF-8, LF line ends (inside values too), every field quoted
  (f) UTF-8, lone-CR line ends (inside values too)
  (g) UTF-8, accents decomposed (NFD)
  (h) UTF-8, every value padded with spaces
and checks that `survey ingest` exits 0 on each and prints exactly the bytes
it prints for the original, and that those hold 700 records and the
original's header.
Usage: test_coet_variants.py --bin DIR --samples DIR
"""

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import unicodedata


def dump(rows, delimiter, eol, quote_all=False, value_eol=None):
    """CSV text written by hand, so that quoting does not depend on the csv
    module's line terminator: a field is quoted when it holds the delimiter,
    a quote or a line break (or always with quote_all). value_eol replaces
    the CRLF inside values when given."""
    out = []
    for r in rows:
        fields = []
        for v in r:
            if value_eol is not None:
                v = v.replace("\r\n", value_eol)
            if quote_all or any(c in v for c in (delimiter, '"', "\r", "\n")):
                v = '"' + v.replace('"', '""') + '"'
            fields.append(v)
        out.append(delimiter.join(fields) + eol)
    return "".join(out)


def variants(rows):
    pad = [["  " + v + " " for v in r] for r in rows]
    nfd = [[unicodedata.normalize("NFD", v) for v in r] for r in rows]
    return {
        "a-utf8-bom-semicolon.csv": b"\xef\xbb\xbf" + dump(rows, ";", "\r\n").encode("utf-8"),
        "b-cp1252-sep-line.csv": ("sep=;\r\n" + dump(rows, ";", "\r\n")).encode("cp1252"),
        "c-utf16le-tab.txt": b"\xff\xfe" + dump(rows, "\t", "\r\n").encode("utf-16-le"),
        "d-utf16be-comma.csv": b"\xfe\xff" + dump(rows, ",", "\r\n").encode("utf-16-be"),
        "e-lf-quote-all.csv": dump(rows, ",", "\n", quote_all=True, value_eol="\n").encode("utf-8"),
        "f-cr.csv": dump(rows, ",", "\r", value_eol="\r").encode("utf-8"),
        "g-nfd.csv": dump(nfd, ",", "\r\n").encode("utf-8"),
        "h-padded.csv": dump(pad, ",", "\r\n").encode("utf-8"),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="directory holding the survey executable")
    ap.add_argument("--samples", required=True, help="the data-samples directory")
    args = ap.parse_args()
    exe = os.path.join(args.bin, "survey")
    original = os.path.join(args.samples, "coet-mof-2020.csv")
    with open(original, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))

    failures = []

    def ingest(path):
        p = subprocess.run([exe, "ingest", path], capture_output=True)
        if p.returncode != 0:
            failures.append(f"{os.path.basename(path)}: exit {p.returncode}: "
                            f"{p.stderr.decode('utf-8', errors='replace').strip()}")
        return p.stdout

    reference = ingest(original)
    parsed = list(csv.reader(io.StringIO(reference.decode("utf-8"), newline="")))
    if not parsed or parsed[0] != rows[0] or len(parsed) != 701:
        failures.append(f"original: expected the header and 700 records, got {len(parsed) - 1} records")

    with tempfile.TemporaryDirectory() as tmp:
        for name, data in variants(rows).items():
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(data)
            out = ingest(path)
            if out != reference:
                a, b = reference.split(b"\n"), out.split(b"\n")
                where = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                failures.append(f"{name}: output differs from the original's at line {where + 1}:\n"
                                f"  original {a[where] if where < len(a) else b'<end>'!r}\n"
                                f"  variant  {b[where] if where < len(b) else b'<end>'!r}")

    if failures:
        for f in failures:
            print("FAIL:", f)
        print(f"{len(failures)} failure(s)")
        return 1
    print("ok: 8 variants of the COET-MOF sample ingest to the same bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
