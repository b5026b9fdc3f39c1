#!/usr/bin/env python3
"""survey validate on the COET-MOF sample finds exactly the skip-logic
violations the sample holds, computed here independently with Python's csv
module: question 2 was meant for those who answered "Non" to question 1,
question 6 for those who answered "Oui" to question 5 (the bases of
data-samples/coet-mof-2020.codebook.csv). Also checks the exit code, the
first lines reported, the response rates, and that the Excel copy gives the
same report."""
import argparse
import csv
import io
import subprocess
import sys


def records(path, encoding, delimiter):
    """Rows with the physical line where each starts."""
    with open(path, encoding=encoding, newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        header = next(reader)
        previous = reader.line_num
        for row in reader:
            yield previous + 1, dict(zip(header, (v.strip() for v in row)))
            previous = reader.line_num


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--samples", required=True)
    args = parser.parse_args()
    sample = f"{args.samples}/coet-mof-2020.csv"
    codebook = f"{args.samples}/coet-mof-2020.codebook.csv"
    q1, q2 = "1) Participation à un webinaire d'information", "2) Si non, pour quelles raisons ?"
    q5, q6 = "5) Souhaitez-vous que d'autres webinaires soient organisés ?", "6) Si oui, sur quels thèmes précis ?"
    expected = {}
    for qid, question, condition, value in (("q2", q2, q1, "Non"), ("q6", q6, q5, "Oui")):
        out_lines, answered, asked, missing = [], 0, 0, 0
        for line, row in records(sample, "utf-8", ","):
            a = row[question] != ""
            k = row[condition] == value
            answered += a
            asked += k
            if a and not k:
                out_lines.append(line)
            if k and not a:
                missing += 1
        expected[qid] = (len(out_lines), answered, out_lines[:5], missing, asked)
    failures = []
    # The report's figures, as data-samples/reference/README.md states them.
    if (expected["q2"][1], expected["q2"][4], expected["q6"][1], expected["q6"][4]) != (142, 109, 571, 550):
        failures.append(f"the sample no longer holds 142 vs 109 and 571 vs 550: {expected}")

    def run(data):
        return subprocess.run([f"{args.bin}/survey", "validate", data, "--codebook", codebook, "--format", "csv", "-q"],
                              capture_output=True, text=True)

    result = run(sample)
    if result.returncode != 1:
        failures.append(f"exit code {result.returncode}, expected 1 (errors found)")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    errors = [r for r in rows if r["severity"] == "error"]
    if [r["check"] for r in errors] != ["out-of-base", "out-of-base"]:
        failures.append(f"errors: {[(r['check'], r['question']) for r in errors]}, expected two out-of-base")
    for qid, (count, answered, lines, missing, asked) in expected.items():
        got = [r for r in rows if r["question"] == qid and r["check"] == "out-of-base"]
        if not got:
            failures.append(f"{qid}: no out-of-base finding")
            continue
        r = got[0]
        if (int(r["count"]), int(r["base"])) != (count, answered):
            failures.append(f"{qid}: out-of-base {r['count']} of {r['base']}, expected {count} of {answered}")
        if [int(x) for x in r["lines"].split()] != lines:
            failures.append(f"{qid}: lines {r['lines']}, expected {lines}")
        m = [x for x in rows if x["question"] == qid and x["check"] == "missing-in-base"]
        if not m or (int(m[0]["count"]), int(m[0]["base"])) != (missing, asked):
            failures.append(f"{qid}: missing-in-base {m}, expected {missing} of {asked}")
        rate = [x for x in rows if x["question"] == qid and x["check"] == "response-rate"]
        if not rate or (int(rate[0]["count"]), int(rate[0]["base"])) != (asked - missing, asked):
            failures.append(f"{qid}: response rate {rate}, expected {asked - missing} of {asked}")
    warnings = [r for r in rows if r["severity"] == "warning"]
    if warnings:
        failures.append(f"unexpected warnings: {warnings}")
    excel = run(f"{args.samples}/coet-mof-2020-excel.csv")
    if excel.stdout != result.stdout:
        failures.append("the Excel copy gives a different report")
    for f in failures:
        print("FAIL:", f)
    print(f"validate: q2 {expected['q2'][0]} answers out of base (of {expected['q2'][1]}), "
          f"q6 {expected['q6'][0]} (of {expected['q6'][1]}); {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
