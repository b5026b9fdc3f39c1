#!/usr/bin/env python3
"""The committed samples are exactly what scripts/make-samples writes.

Runs the generator into a temporary directory and compares every file it
writes, byte for byte, with the one under data-samples/ (a hand edit, or a
generator change committed without its output, fails here).
Usage: test_samples_regenerate.py --bin DIR --samples DIR  (--bin is unused)
"""

import argparse
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", help="unused; accepted like the other oracle tests")
    ap.add_argument("--samples", required=True, help="the data-samples directory")
    args = ap.parse_args()
    generator = os.path.join(os.path.dirname(os.path.abspath(args.samples)), "scripts", "make-samples")
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run([sys.executable, generator, "--out", tmp], capture_output=True, text=True)
        if p.returncode != 0:
            print(f"FAIL: {generator} exited {p.returncode}:\n{p.stderr}")
            return 1
        written = []
        for folder, _, files in os.walk(tmp):
            for f in files:
                written.append(os.path.relpath(os.path.join(folder, f), tmp))
        if len(written) < 9:
            failures.append(f"the generator wrote only {sorted(written)}")
        for rel in sorted(written):
            committed = os.path.join(args.samples, rel)
            if not os.path.exists(committed):
                failures.append(f"{rel}: written by the generator but not committed")
            elif open(committed, "rb").read() != open(os.path.join(tmp, rel), "rb").read():
                failures.append(f"{rel}: differs from what the generator writes (run scripts/make-samples)")
    if failures:
        for f in failures:
            print("FAIL:", f)
        return 1
    print(f"ok: {len(written)} samples are what scripts/make-samples writes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
