#!/usr/bin/env python3
"""Writes the man pages survey.1 and survey-<verb>.1 (and .1.gz) from --help.

Run at build time, once per build of the executable: the verbs come from
`survey --list-verbs` (the verb table of tools/main.cpp), each page from the
verb's own --help through help2man, so help, page and docs never disagree.
help2man renders the description and options; this script adds what it
cannot tell from --help: the Examples block kept line by line, the exit
status and the related pages. Pages of verbs that are gone are removed.

  survey_man.py --survey build/bin/survey --help2man /usr/bin/help2man \
      --version 0.1.0 --out build/share/man/man1
"""
import argparse
import datetime
import gzip
import json
import os
import pathlib
import re
import subprocess
import sys

EXIT_STATUS = """\
.TP
.B 0
success
.TP
.B 1
bad data or an input/output error (a verb may say more in its description)
.TP
.B 2
bad usage: an unknown option, a bad option value, an unknown question
"""


def roff_line(text):
    """One line of text as roff: backslashes and hyphens escaped, no request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def examples_block(help_text):
    """The lines of the help's "Examples:" block (up to a blank line or the end)."""
    lines = help_text.split("\n")
    for i, line in enumerate(lines):
        if line.rstrip() == "Examples:":
            block = []
            for l in lines[i + 1:]:
                if not l.strip():
                    break
                block.append(l.rstrip())
            return block
    return []


def main_page_sections(verbs):
    """SYNOPSIS and DESCRIPTION of survey.1, with the verb table."""
    text = ("[SYNOPSIS]\n"
            ".B survey\n\\fIverb\\fR [\\fIFILE\\fR|\\-] [\\fIQUESTION\\fR...] [\\fIOPTIONS\\fR]\n.br\n"
            ".B survey\\-\\fIverb\\fR [\\fIFILE\\fR|\\-] [\\fIQUESTION\\fR...] [\\fIOPTIONS\\fR]\n.br\n"
            ".B survey version\n\\&[\\-\\-json]\n"
            "[=DESCRIPTION]\n"
            ".B survey\n"
            "turns questionnaire exports (Google Forms, LimeSurvey, SurveyMonkey, Framaforms,\n"
            "KoboToolbox, Microsoft Forms, Excel in a French locale) into per-question and per-group\n"
            "counts and percentages, and writes CSV, Markdown or JSON that pipes into the next tool.\n"
            "Every verb reads a file or standard input and writes standard output.\n"
            "Each verb is also a link: \\fBsurvey\\-freq\\fR is \\fBsurvey freq\\fR;\n"
            "its options are in its own page, e.g.\n.BR survey\\-freq (1).\n"
            ".SS Verbs\n")
    for name, summary in verbs:
        text += f".TP\n.B {roff_line(name)}\n{roff_line(summary)}\n"
    return text


def include_text(help_text, see_also, extra=""):
    parts = [extra] if extra else []
    examples = examples_block(help_text)
    if examples:
        # help2man would join example lines into paragraphs: keep them as written.
        parts.append("[=EXAMPLES]\n.nf\n" + "\n".join(roff_line(l) for l in examples) + "\n.fi\n")
    parts.append("[EXIT STATUS]\n" + EXIT_STATUS)
    parts.append("[SEE ALSO]\n" + ",\n".join(f".BR {p} (1)" for p in see_also) + "\n")
    return "\n".join(parts)


def run(cmd, env):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--survey", required=True, help="the survey executable (its survey-<verb> links beside it)")
    parser.add_argument("--help2man", default="help2man")
    parser.add_argument("--version", required=True)
    parser.add_argument("--out", required=True, help="folder of the pages (man1)")
    args = parser.parse_args()

    survey = pathlib.Path(args.survey).resolve()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, LC_ALL="C.UTF-8", COLUMNS="80")
    # The page date is the commit's, so that a build of the same commit gives the same pages.
    info = json.loads(run([str(survey), "version", "--json"], env))
    if info.get("commit_date"):
        when = datetime.datetime.fromisoformat(info["commit_date"])
        env["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))

    verbs = []
    for line in run([str(survey), "--list-verbs"], env).splitlines():
        name, _, summary = line.partition("\t")
        if name:
            verbs.append((name, summary))
    if not verbs:
        sys.exit(f"{survey} --list-verbs listed no verb")

    pages = [("survey", str(survey), "questionnaire exports to counts, percentages and reports",
              [f"survey-{v}" for v, _ in verbs], main_page_sections(verbs))]
    for verb, summary in verbs:
        link = survey.parent / f"survey-{verb}"
        if not link.exists():
            sys.exit(f"{link} is missing")
        name = summary[:1].lower() + summary[1:]
        pages.append((f"survey-{verb}", str(link), name, ["survey"] + [f"survey-{v}" for v, _ in verbs if v != verb],
                      ""))

    wanted = set()
    for page, program, name, see_also, extra in pages:
        help_text = run([program, "--help"], env)
        include = out / f".{page}.h2m"
        include.write_text(include_text(help_text, see_also, extra), encoding="utf-8")
        target = out / f"{page}.1"
        subprocess.run([args.help2man, "--no-info", "--no-discard-stderr", f"--version-string={args.version}",
                        f"--name={name}", f"--source=survey {args.version}", f"--include={include}",
                        f"--output={target}", program], check=True, env=env)
        include.unlink()
        data = target.read_bytes()
        with open(out / f"{page}.1.gz", "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
                gz.write(data)
        wanted.update({f"{page}.1", f"{page}.1.gz"})

    for path in out.iterdir():
        if re.fullmatch(r"survey(-[^.]+)?\.1(\.gz)?", path.name) and path.name not in wanted:
            path.unlink()


if __name__ == "__main__":
    main()
