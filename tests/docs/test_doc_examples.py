#!/usr/bin/env python3
"""Runs every example of the documentation and compares its output.

In README.md and docs/**/*.md, a fenced block whose info string is
`console` holds commands on lines starting with "$ ", each followed by its
exact expected output (up to the next "$ " line or the end of the block).
Commands run with bash in a scratch folder of their own that shows the
repository's top-level entries (data-samples/, tests/, docs/, ...) as links,
so that an example reads the repository's files by their usual relative
paths and writes its own files (old.csv, raked.csv) beside them without
touching the checkout or another run's files; build/bin comes first on
PATH; only stdout is compared, so examples that show messages write
`2>&1`. A command's exit status is not checked unless the example shows it
(for instance with `; echo "exit $?"`).
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile


def examples(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    in_block = False
    current = None
    for number, line in enumerate(lines, 1):
        if not in_block:
            if line.strip() == "```console":
                in_block = True
            continue
        if line.strip() == "```":
            if current:
                yield current
            current = None
            in_block = False
            continue
        if line.startswith("$ "):
            if current:
                yield current
            current = {"line": number, "command": line[2:], "expected": []}
        elif current is not None:
            current["expected"].append(line)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--samples", required=True)
    args = parser.parse_args()
    root = pathlib.Path(args.samples).resolve().parent
    files = [root / "README.md"] + sorted((root / "docs").rglob("*.md"))
    env = dict(os.environ, PATH=f"{args.bin}:{os.environ['PATH']}", LC_ALL="C.UTF-8")
    scratch = tempfile.TemporaryDirectory(prefix="survey-docs-")
    for entry in root.iterdir():
        if entry.name != ".git":
            (pathlib.Path(scratch.name) / entry.name).symlink_to(entry)
    failures = 0
    count = 0
    for path in files:
        for ex in examples(path):
            count += 1
            run = subprocess.run(["bash", "-c", ex["command"]], cwd=scratch.name, env=env,
                                 capture_output=True, text=True, timeout=120)
            expected = "\n".join(ex["expected"]).rstrip("\n")
            actual = run.stdout.rstrip("\n")
            if expected != actual:
                failures += 1
                rel = path.relative_to(root)
                print(f"{rel}:{ex['line']}: $ {ex['command']}")
                import difflib
                for d in difflib.unified_diff(expected.split("\n"), actual.split("\n"),
                                              "documented", "actual", lineterm=""):
                    print("    " + d)
                if run.stderr:
                    print("    stderr: " + run.stderr.strip().replace("\n", "\n    "))
    print(f"{count} documented examples, {failures} differ")
    if count == 0:
        print("no examples found: the docs lost their console blocks?")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
