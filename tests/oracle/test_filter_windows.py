#!/usr/bin/env python3
"""`survey filter` date windows against Python's own reading of the dates.

For the COET-MOF sample and every platform sample, the submission column is
read here with the format that platform writes (strptime, or fromisoformat for
Kobo's offsets), in Europe/Paris (zoneinfo, the same tz database), and each
window (ISO weeks, one across the change to summer time, months, --since and
--until, --last across a daylight-saving change) is computed here with
Python's calendar arithmetic. The rows `survey filter` keeps must be exactly
the rows whose instant lies in the window; rows without a date (LimeSurvey's
unfinished response) are left out unless --keep-undated.
Usage: test_filter_windows.py --bin DIR --samples DIR
"""

import argparse
import csv
import io
import os
import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from freq_oracle import Failures, run_survey

F = Failures()
PARIS = ZoneInfo("Europe/Paris")

# file -> (submission column, how to read it)
SAMPLES = {
    "coet-mof-2020.csv": ("Horodateur", "%d/%m/%Y %H:%M:%S"),
    "platforms/google-forms.csv": ("Horodateur", "%d/%m/%Y %H:%M:%S"),
    "platforms/excel-fr.csv": ("Date de réponse", "%d/%m/%Y %H:%M"),
    "platforms/framaforms.csv": ("Submitted Time", "%d/%m/%Y - %H:%M"),
    "platforms/kobo.csv": ("end", "iso"),
    "platforms/limesurvey.csv": ("Date de soumission", "%Y-%m-%d %H:%M:%S"),
    "platforms/ms-forms.csv": ("Heure de fin", "%d/%m/%Y %H:%M"),
    "platforms/surveymonkey.csv": ("End Date", "%m/%d/%Y %I:%M:%S %p"),
}


def instant(text, how):
    if not text:
        return None
    if how == "iso":
        return datetime.fromisoformat(text).astimezone(timezone.utc)
    return datetime.strptime(text, how).replace(tzinfo=PARIS).astimezone(timezone.utc)


def local_midnight(d):
    return datetime(d.year, d.month, d.day, tzinfo=PARIS).astimezone(timezone.utc)


def windows():
    """(options, begin, end) with end excluded, computed here."""
    out = []
    for y, w in [(2020, 13), (2020, 27), (2020, 28)]:
        monday = date.fromisocalendar(y, w, 1)
        out.append((["--week", f"{y}-W{w:02}"], local_midnight(monday), local_midnight(monday + timedelta(days=7))))
    for y, m in [(2020, 3), (2020, 6), (2020, 7)]:
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        out.append((["--month", f"{y}-{m:02}"], local_midnight(date(y, m, 1)), local_midnight(nxt)))
    since = datetime(2020, 7, 7, 9, 0, tzinfo=PARIS)
    until = datetime(2020, 7, 7, 12, 0, tzinfo=PARIS)
    out.append((["--since", "2020-07-07T09:00", "--until", "2020-07-07T12:00"], since.astimezone(timezone.utc),
                until.astimezone(timezone.utc) + timedelta(seconds=1)))
    out.append((["--since", "2020-07-06", "--until", "2020-07-06"], local_midnight(date(2020, 7, 6)),
                local_midnight(date(2020, 7, 7))))
    # --last in calendar days: wall-clock arithmetic in Paris (Python's aware
    # datetimes subtract on the wall clock), here across the change of 29 March.
    for now, span in [(datetime(2020, 4, 2, 12, 0, tzinfo=PARIS), 7), (datetime(2020, 7, 7, 10, 0, tzinfo=PARIS), 1)]:
        begin = (now - timedelta(days=span)).astimezone(timezone.utc)
        out.append((["--last", f"{span}d", "--now", now.strftime("%Y-%m-%dT%H:%M")], begin,
                    now.astimezone(timezone.utc) + timedelta(seconds=1)))
    out.append((["--last", "1w", "--now", "2020-04-02T12:00"],
                (datetime(2020, 3, 26, 12, 0, tzinfo=PARIS)).astimezone(timezone.utc),
                datetime(2020, 4, 2, 12, 0, tzinfo=PARIS).astimezone(timezone.utc) + timedelta(seconds=1)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--samples", required=True)
    args = ap.parse_args()
    checked = 0
    for name, (column, how) in SAMPLES.items():
        path = os.path.join(args.samples, name)
        canonical, err, code = run_survey(args.bin, ["ingest", path, "-q"], F)
        if code:
            continue
        rows = list(csv.reader(io.StringIO(canonical.decode("utf-8"), newline="")))
        header, data = rows[0], rows[1:]
        j = header.index(column)
        instants = [instant(r[j], how) for r in data]
        for options, begin, end in windows():
            for keep in (False, True):
                extra = ["--keep-undated"] if keep else []
                out, err, code = run_survey(args.bin, ["filter", path, "-q", "--allow-empty"] + options + extra, F)
                if code:
                    continue
                got = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
                expected = [header] + [r for r, t in zip(data, instants)
                                       if (t is None and keep) or (t is not None and begin <= t < end)]
                F.same(got, expected, f"{name} {' '.join(options + extra)}")
                checked += 1
    return F.report(f"{checked} windows on {len(SAMPLES)} samples keep the rows Python's zoneinfo keeps")


if __name__ == "__main__":
    sys.exit(main())
