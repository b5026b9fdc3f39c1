"""Helpers shared by the `survey freq` oracle tests (tests/oracle/test_freq_*.py).

Nothing here reads survey's code: exact rounding from integers, the loose
label key, running `survey freq` and parsing its summary CSV.
"""

import csv
import io
import os
import subprocess
import unicodedata
from decimal import Decimal
from fractions import Fraction

SUMMARY_COLUMNS = ["question", "label", "by", "group", "answer", "count", "base", "percent", "kind"]


class Failures:
    """Collects failure messages; report() prints them and gives the exit code."""

    def __init__(self):
        self.items = []

    def check(self, ok, message):
        if not ok:
            self.items.append(message)
        return ok

    def same(self, actual, expected, what):
        return self.check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")

    def add(self, message):
        self.items.append(message)

    def report(self, ok_message):
        if self.items:
            for f in self.items:
                print("FAIL:", f)
            print(f"{len(self.items)} failure(s)")
            return 1
        print("ok:", ok_message)
        return 0


def loose(text):
    """Casefolded, accents stripped, hyphens as spaces, white space collapsed."""
    text = unicodedata.normalize("NFD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").replace("\u2019", "'").split())


def round_half_away(value, decimals=1):
    """A Fraction rounded to `decimals` decimals, half away from zero, exactly, as a Decimal."""
    value = Fraction(value)
    scale = 10 ** decimals
    sign = -1 if value < 0 else 1
    units = (abs(value) * scale + Fraction(1, 2)).__floor__()
    return Decimal(sign * units).scaleb(-decimals) if decimals else Decimal(sign * units)


def percent(count, base, decimals=1):
    """count/base*100 rounded half away from zero (0 when base is 0)."""
    if base == 0:
        return round_half_away(0, decimals)
    return round_half_away(Fraction(100 * count, base), decimals)


def largest_remainder(counts, base, decimals=1):
    """Percentages of base (one per count) in units of 10^-decimals, rounded down, then the
    units still missing to reach 100 given one each to the largest remainders (ties: the
    earlier count). Returns Decimals adding up to exactly 100."""
    scale = 10 ** decimals
    exact = [Fraction(100 * scale * c, base) for c in counts]
    floors = [e.__floor__() for e in exact]
    missing = 100 * scale - sum(floors)
    order = sorted(range(len(counts)), key=lambda k: (-(exact[k] - floors[k]), k))
    for k in order[:missing]:
        floors[k] += 1
    return [Decimal(f).scaleb(-decimals) for f in floors]


def survey_exe(bin_dir):
    return os.path.join(bin_dir, "survey")


def run_survey(bin_dir, args, failures=None):
    """Runs `survey ARGS`; returns (stdout bytes, stderr text, exit code)."""
    p = subprocess.run([survey_exe(bin_dir)] + list(args), capture_output=True)
    err = p.stderr.decode("utf-8", errors="replace")
    if failures is not None:
        failures.check(p.returncode == 0, f"survey {' '.join(args)}: exit {p.returncode}: {err.strip()}")
    return p.stdout, err, p.returncode


def parse_summary(stdout, failures=None, what="survey freq"):
    """The summary CSV as a list of dicts (columns checked)."""
    rows = list(csv.reader(io.StringIO(stdout.decode("utf-8"), newline="")))
    if not rows:
        if failures is not None:
            failures.add(f"{what}: empty output")
        return []
    if failures is not None and not failures.same(rows[0], SUMMARY_COLUMNS, f"{what}: summary columns"):
        return []
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def freq(bin_dir, args, failures, what=None):
    """Runs `survey freq ARGS` and parses its summary CSV."""
    out, _, code = run_survey(bin_dir, ["freq"] + list(args), failures)
    if code != 0:
        return []
    return parse_summary(out, failures, what or "survey freq " + " ".join(args))
