#!/usr/bin/env python3
"""Turns the raw timings of scripts/bench into tables.

  bench/report.py WORK_DIR RESULTS_MD

WORK_DIR holds meta.env (key=value lines), tools.tsv (key, set, tool, what
it computes, state) and runs.tsv (key, run, wall seconds, peak RSS KiB, exit
code, seconds reported by the tool), plus out-<key>.txt, the output of each
command's first run. Prints aligned tables on stdout and writes the same as
Markdown to RESULTS_MD.
"""

import csv
import io
import json
import re
import statistics
import sys
from pathlib import Path


def load(work):
    meta = {"missing": []}
    for line in (work / "meta.env").read_text(encoding="utf-8").splitlines():
        if "=" not in line:
            continue
        k, v = line.split("=", 1)
        if k == "missing":
            meta["missing"].append(v)
        else:
            meta[k] = v
    tools = []
    for line in (work / "tools.tsv").read_text(encoding="utf-8").splitlines():
        key, fileset, tool, computes, state = line.split("\t")
        tools.append(dict(key=key, set=fileset, tool=tool, computes=computes, state=state))
    runs = {}
    for line in (work / "runs.tsv").read_text(encoding="utf-8").splitlines():
        key, run, wall, rss, rc, inner, cpu = (line.split("\t") + [""] * 7)[:7]
        runs.setdefault(key, []).append(
            dict(run=int(run), wall=float(wall), rss=int(rss or 0), rc=int(rc),
                 inner=float(inner) if inner else None, cpu=float(cpu) if cpu else None))
    return meta, tools, runs


def seen(work, key):
    """What the tool says it read: records counted, as a check that all read the same file."""
    path = work / f"out-{key}.txt"
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        if key in ("wc", "rwc"):
            return f"{int(text.split()[0]):,} lines"
        if key in ("fccp", "rfccp"):
            n = int(re.search(r"lines (\d+)", text).group(1))
            return f"{n:,} lines"
        if key in ("read", "read1", "rread"):
            n = int(re.search(r"rows (\d+)", text).group(1))
            return f"{n:,} rows"
        if key.startswith("duck") and key != "duckstart":
            return f"{json.loads(text.splitlines()[0])['total_counted']:,} rows"
        if key.startswith("xtab"):
            for r in csv.DictReader(io.StringIO(text)):
                if r["kind"] == "total" and not r["by"]:
                    return f"{int(r['count']):,} respondents in the table"
        if key.startswith("stats"):
            ns = [int(r["n"]) for r in csv.DictReader(io.StringIO(text))]
            return f"{max(ns):,} respondents" if ns else ""
        if key == "mlr":
            return f"{sum(r['count'] for r in json.loads(text)):,} rows"
        if key == "csvkit":
            counts = json.loads(text.strip()) if text.strip().startswith("{") else None
            if counts:
                return f"{sum(counts.values()):,} rows (top 20)"
    except (ValueError, AttributeError, KeyError, IndexError, TypeError):
        return "?"
    return ""


def duckdb_version(work):
    for key in ("duck1", "duckstart"):
        path = work / f"out-{key}.txt"
        if path.exists():
            try:
                return json.loads(path.read_text(encoding="utf-8").splitlines()[0])["duckdb"]
            except (ValueError, KeyError, IndexError):
                pass
    return "none"


def fmt_s(x):
    return "—" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")


def summarize(meta, tools, runs, work):
    rows = []
    for t in tools:
        key = t["key"]
        r = runs.get(key, [])
        row = dict(t, median=None, wall=None, cpu=None, mbps=None, rss=None, n=len(r), note="", seen="")
        if t["state"] != "ok":
            row["note"] = t["state"]
            rows.append(row)
            continue
        failed = [x for x in r if x["rc"] != 0]
        if failed or not r:
            row["note"] = f"failed (exit {failed[0]['rc']})" if failed else "not run"
            row["state"] = row["note"]
            rows.append(row)
            continue
        row["wall"] = statistics.median(x["wall"] for x in r)
        # DuckDB's query lines report the query alone; the start-up line is the whole process.
        inner = [x["inner"] for x in r if x["inner"] is not None and key != "duckstart"]
        row["median"] = statistics.median(inner) if inner else row["wall"]
        row["rss"] = max(x["rss"] for x in r) / 1024
        cpus = [x["cpu"] for x in r if x["cpu"] is not None]
        row["cpu"] = statistics.median(cpus) if cpus else None
        size = int(meta["main_bytes" if t["set"] == "main" else "read_bytes"])
        if key != "duckstart":
            row["mbps"] = size / 1e6 / row["median"]
        notes = []
        if inner:
            notes.append(f"process wall {fmt_s(row['wall'])} s incl. start-up")
        if len(r) < int(meta["runs"]):
            notes.append(f"{len(r)} run{'s' if len(r) > 1 else ''} (first run over {meta['max_slow']} s)")
        row["note"] = "; ".join(notes)
        row["seen"] = seen(work, key)
        rows.append(row)
    by_key = {r["key"]: r for r in rows}
    for r in rows:
        base = by_key.get("wc" if r["set"] == "main" else "rwc")
        r["x_wc"] = r["median"] / base["median"] if r["median"] and base and base["median"] else None
    return rows, by_key


def table(rows):
    head = ["tool", "computes", "median s", "MB/s", "× wc -l", "CPU s", "peak RSS MiB", "records seen", "notes"]
    body = []
    for r in rows:
        body.append([
            r["tool"], r["computes"], fmt_s(r["median"]) if r["median"] is not None else r["state"],
            f"{r['mbps']:.0f}" if r["mbps"] else "—",
            f"{r['x_wc']:.1f}" if r["x_wc"] else "—",
            f"{r['cpu']:.2f}" if r["cpu"] is not None else "—",
            f"{r['rss']:.0f}" if r["rss"] else "—",
            r["seen"] or "—", r["note"] if r["median"] is not None else "",
        ])
    return head, body


def targets(by_key):
    def med(k):
        r = by_key.get(k)
        return r["median"] if r and r["median"] else None

    def state(k):
        r = by_key.get(k)
        return r["state"] if r else "n/a"

    out = []

    def ratio(name, num, den, goal, kind, reference=False):
        """kind 'max': num/den must be <= goal; 'min': num/den must be >= goal."""
        a, b = med(num), med(den)
        if a is None or b is None:
            missing = num if a is None else den
            out.append([name, f"{state(missing)}", "—"])
            return
        x = a / b
        ok = x <= goal if kind == "max" else x >= goal
        verdict = "met" if ok else "not met"
        out.append([name, f"{x:.2f}×", f"reference only ({verdict} if freq cost no more)" if reference else verdict])

    ratio("survey freq one column ≤ 5× wc -l", "freq1", "wc", 5, "max")
    ratio("DuckDB GROUP BY ÷ survey freq one column ≥ 2", "duck1", "freq1", 2, "min")
    ratio("Miller ÷ survey freq one column ≥ 10", "mlr", "freq1", 10, "min")
    ratio("DuckDB all questions ÷ survey freq all ≥ 2", "duckall", "freqall", 2, "min")
    ratio("DuckDB by region ÷ survey freq --by ≥ 2", "duckby", "freqby", 2, "min")
    ratio("survey report ÷ survey freq all ≤ 1.5", "report", "freqall", 1.5, "max")
    ratio("(reference) survey report --codebook ÷ survey freq all", "reportcb", "freqall", 1.5, "max", True)
    ratio("bench_survey_read ÷ bench_fccp_lines time ≤ 1 (≥ its MB/s)", "read", "fccp", 1, "max")
    if "rread" in by_key:
        ratio("same, on the reading-throughput file", "rread", "rfccp", 1, "max")
    # What survey's reader alone does against the peers while freq is missing.
    ratio("(reader only) DuckDB GROUP BY ÷ bench_survey_read --only 3", "duck1", "read1", 2, "min", True)
    ratio("(reader only) Miller ÷ bench_survey_read --only 3", "mlr", "read1", 10, "min", True)
    return ["target", "measured", "verdict"], out


def markdown(head, body):
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for b in body:
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in b) + " |")
    return "\n".join(lines)


def plain(head, body):
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    fmt_row = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([fmt_row(head), fmt_row(["-" * w for w in widths])] + [fmt_row(b) for b in body])


def main():
    work, out_md = Path(sys.argv[1]), Path(sys.argv[2])
    meta, tools, runs = load(work)
    rows, by_key = summarize(meta, tools, runs, work)
    main_rows = [r for r in rows if r["set"] == "main"]
    read_rows = [r for r in rows if r["set"] == "read"]
    mb = int(meta["main_bytes"]) / 1e6
    busy = (f"load average {meta.get('load_before', '?')} before, {meta.get('load_after', '?')} after; "
            f"up to {meta.get('max_compilers', '?')} compiler or linker processes of other users running "
            f"when a command started")
    intro = [
        f"Run of {meta['date']} on {meta['nproc']} cores ({meta['cpu']}), {meta['ram']} RAM, "
        f"disk {meta['disk']}, {meta['os']}, kernel {meta['kernel']}, GCC {meta['gcc']}.",
        f"Shared machine: {busy}.",
        f"Main file: `{meta['main_file']}`, {int(meta['rows']):,} rows, {mb:.1f} MB "
        f"({int(meta['main_bytes']):,} bytes, {int(meta['main_lines']):,} lines: quoted line breaks "
        f"count in `wc -l`), seed {meta['seed']}, page cache warm. Median of {meta['runs']} runs, run "
        f"round-robin. MB = 10^6 bytes. CPU s is the median user + system time of all the "
        f"command's threads and processes (for DuckDB, of the whole node process); on a busy "
        f"machine it is steadier than the wall time. Peak RSS is the largest process of the command "
        f"(`/usr/bin/time -f %M`). DuckDB times are the query alone, measured inside node; the "
        f"start-up line is a whole `SELECT 1` process.",
        f"Versions: {meta['survey']}; {meta.get('mlr', 'Miller: none')}; "
        f"{meta.get('csvkit', 'csvkit: none')}; DuckDB {duckdb_version(work)}"
        f" (node {meta.get('node', '?')}, default threads = cores); {meta['wc']}.",
    ]
    if meta.get("freq_state", "ok") != "ok":
        intro.append(f"`survey freq`: {meta['freq_state']} in this build, so its lines and the targets "
                     f"that need it are n/a; the `bench_survey_read --only 3` line shows what the "
                     f"reader alone costs for one column.")
    for m in meta["missing"]:
        intro.append(f"Peer not available: {m}.")

    sections_md = ["\n\n".join(intro)]
    sections_txt = ["\n".join(intro)]
    h, b = table(main_rows)
    sections_md.append(markdown(h, b))
    sections_txt.append(plain(h, b))
    th, tb = targets(by_key)
    sections_md.append("Targets:\n\n" + markdown(th, tb))
    sections_txt.append("Targets:\n" + plain(th, tb))
    if read_rows:
        rmb = int(meta["read_bytes"]) / 1e6
        title = f"Reading throughput on `{meta['read_file']}` ({rmb:.1f} MB):"
        h, b = table(read_rows)
        sections_md.append(title + "\n\n" + markdown(h, b))
        sections_txt.append(title + "\n" + plain(h, b))
    out_md.write_text("\n\n".join(sections_md) + "\n", encoding="utf-8")
    print("\n\n".join(sections_txt))


if __name__ == "__main__":
    main()
