#!/usr/bin/env python3
"""Checks what the build derives from the verb table against each verb's --help.

For every verb `survey --list-verbs` prints (the verb table of tools/main.cpp,
the one list of verbs):
- its man page build/share/man/man1/survey-<verb>.1 exists and has an item
  in its OPTIONS section for every option its --help lists (short and long
  names);
- `survey __complete` offers exactly the options its --help lists;
- build/bin/survey-<verb> and the completion link exist, and nothing is
  left of verbs that are gone;
- the README's verb table has its row and docs/tools/<verb>.md exists.
survey.1 must name survey's own options and every verb.

  test_man_pages.py --build build --source .
"""
import argparse
import pathlib
import re
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z0-9][\w-]*)")


def help_options(text):
    """Option names of a CLI11 --help: the first column of the Options: block."""
    names = []
    in_options = False
    for line in text.split("\n"):
        if re.match(r"^\S.*:$", line):
            in_options = line in ("Options:",)
            continue
        if in_options:
            m = re.match(r"^  (-\S+)", line)
            if m:
                for name in m.group(1).split(","):
                    names.append(name)
    return names


def page_text(path):
    """The roff source with escapes that hide hyphens and fonts removed."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("\\-", "-")
    text = re.sub(r"\\f[BIRP]|\\f\(..|\\[/,&]", "", text)
    return text


def page_options(text):
    """Option names in the tags of the OPTIONS section's items (the line after .TP)."""
    names = set()
    lines = text.split("\n")
    in_options = False
    for i, line in enumerate(lines):
        if line.startswith(".SH"):
            in_options = line.strip() in (".SH OPTIONS", '.SH "OPTIONS"')
        elif in_options and line.strip() == ".TP" and i + 1 < len(lines):
            names.update(OPTION.findall(lines[i + 1]))
    return names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--source", required=True)
    args = parser.parse_args()
    build = pathlib.Path(args.build)
    source = pathlib.Path(args.source)
    survey = build / "bin" / "survey"
    man = build / "share" / "man" / "man1"
    completions = build / "share" / "bash-completion" / "completions"
    problems = []

    def run(*cmd):
        return subprocess.run([str(survey), *cmd], capture_output=True, text=True, check=True).stdout

    verbs = [line.split("\t")[0] for line in run("--list-verbs").splitlines()]
    if not verbs:
        sys.exit("survey --list-verbs listed no verb")
    readme = (source / "README.md").read_text(encoding="utf-8")
    checked = 0
    for verb in verbs:
        help_text = run(verb, "--help")
        options = help_options(help_text)
        if "--help" not in options:
            problems.append(f"{verb}: no option found in its --help (format changed?)")
        page = man / f"survey-{verb}.1"
        if not page.exists():
            problems.append(f"{verb}: no man page {page}")
        else:
            found = page_options(page_text(page))
            for option in options:
                checked += 1
                if option not in found:
                    problems.append(f"{verb}: {option} is in --help but not in {page.name}")
            if not (man / f"survey-{verb}.1.gz").exists():
                problems.append(f"{verb}: no {page.name}.gz")
        offered = run("__complete", "2", "survey", verb, "-").split("\n")
        offered = [o for o in offered if o]
        if sorted(offered) != sorted(options):
            problems.append(f"{verb}: completion offers {sorted(offered)}, --help lists {sorted(options)}")
        for link in (build / "bin" / f"survey-{verb}", completions / f"survey-{verb}"):
            if not link.is_symlink():
                problems.append(f"{verb}: {link} is not a link")
        if not re.search(rf"^\| `{re.escape(verb)}` \|", readme, re.M):
            problems.append(f"{verb}: no row in the README's verb table")
        if not (source / "docs" / "tools" / f"{verb}.md").exists():
            problems.append(f"{verb}: no docs/tools/{verb}.md")

    main_page = man / "survey.1"
    if not main_page.exists():
        problems.append(f"no {main_page}")
    else:
        text = page_text(main_page)
        found = page_options(text)
        for option in help_options(run("--help")):
            checked += 1
            if option not in found:
                problems.append(f"survey: {option} is in --help but not in survey.1")
        for verb in verbs:
            if not re.search(rf"^\.B {re.escape(verb)}$", text, re.M):
                problems.append(f"survey.1 does not list {verb}")

    # Nothing left of verbs that are gone.
    for folder, pattern in ((man, r"survey-(.+)\.1(\.gz)?"), (build / "bin", r"survey-(.+)"),
                            (completions, r"survey-(.+)")):
        for path in folder.iterdir():
            m = re.fullmatch(pattern, path.name)
            if m and m.group(1) not in verbs:
                problems.append(f"{path} belongs to no verb")

    for p in problems:
        print(p)
    print(f"{len(verbs)} verbs, {checked} options checked in their man pages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
