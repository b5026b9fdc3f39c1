#!/usr/bin/env python3
"""Checks an --excel output against the canonical output of the same run,
with Python's csv module: a UTF-8 byte-order mark, ';' between fields, CR LF
after every record, and the same cells, where the decimal numbers have a
comma. Prints one verdict line (golden cases compare it) and the number of
records and of decimal cells seen, so that a case shows what it covered.
Usage: excel_same.py EXCEL.csv CANONICAL.csv"""
import csv
import re
import sys

excel_path, canonical_path = sys.argv[1], sys.argv[2]
raw = open(excel_path, "rb").read()
problems = []
if not raw.startswith(b"\xef\xbb\xbf"):
    problems.append("no byte-order mark")
# Every line end outside quotes ends a record and must be CR LF (a line
# break inside a quoted answer is the answer's own).
quoted = False
for i, byte in enumerate(raw):
    if byte == ord('"'):
        quoted = not quoted
    elif byte == ord("\n") and not quoted and (i == 0 or raw[i - 1] != ord("\r")):
        problems.append(f"a record ends without CR LF (byte {i})")
        break
if not raw.endswith(b"\r\n"):
    problems.append("the last record ends without CR LF")
excel = list(csv.reader(open(excel_path, encoding="utf-8-sig", newline=""), delimiter=";"))
canonical = list(csv.reader(open(canonical_path, encoding="utf-8", newline="")))
decimal = re.compile(r"-?[0-9]+\.[0-9]+$")
decimals = 0
if len(excel) != len(canonical):
    problems.append(f"{len(excel)} records, {len(canonical)} in the canonical output")
for number, (a, b) in enumerate(zip(excel, canonical), 1):
    expected = []
    for cell in b:
        if decimal.match(cell):
            decimals += 1
            expected.append(cell.replace(".", ","))
        else:
            expected.append(cell)
    if a != expected:
        problems.append(f"record {number} differs: {a} != {expected}")
        break
if problems:
    print("excel: DIFFERENT: " + "; ".join(problems))
    sys.exit(1)
print(f"excel: same cells as the canonical CSV, decimal commas ({len(excel)} records, {decimals} decimal cells)")
