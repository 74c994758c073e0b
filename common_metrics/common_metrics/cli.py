"""Command line: show one report, compare many.

    python -m common_metrics show R.json
    python -m common_metrics compare R1.json R2.json ... [--markdown] [--out FILE]

Exit codes: 0 ok, 2 bad arguments or unreadable/invalid report files.
"""
import argparse
import glob
import json
import os
import sys

from . import __version__
from .atomic import atomic_write_text
from .report import ReportError, read_report

DEPTH_COLUMNS = ("abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "silog", "a1", "a2", "a3")
CLASSIFICATION_COLUMNS = ("top1", "top5")
_STANDARD = {"depth": DEPTH_COLUMNS, "classification": CLASSIFICATION_COLUMNS}
_GLOB_CHARS = "*?["


class UsageError(Exception):
    pass


def expand_paths(patterns):
    """Paths given on the command line; globs the shell did not expand are expanded
    here, and one that matches nothing is an error."""
    out = []
    for p in patterns:
        if os.path.exists(p) or not any(c in p for c in _GLOB_CHARS):
            out.append(p)
            continue
        hits = sorted(glob.glob(p))
        if not hits:
            raise UsageError("%s: no file matches this pattern" % p)
        out.extend(hits)
    for p in out:
        if not os.path.isfile(p):
            raise UsageError("%s: no such report file" % p)
    return out


def protocol_summary(protocol):
    """Short text of a protocol, e.g. 'eigen, median, 0.001-80, per_image, flip'."""
    parts = []
    for k in ("crop", "scaling"):
        if protocol.get(k):
            parts.append(str(protocol[k]))
    lo, hi = protocol.get("min_depth"), protocol.get("max_depth")
    if lo is not None or hi is not None:
        parts.append("%s-%s" % ("" if lo is None else "%g" % lo, "" if hi is None else "%g" % hi))
    if protocol.get("averaging"):
        parts.append(str(protocol["averaging"]))
    if protocol.get("flip"):
        parts.append("flip")
    return ", ".join(parts) if parts else "-"


def _fmt(v):
    if v is None:
        return "-"
    return "%.4f" % v if abs(v) < 1e5 else "%.4g" % v


def table_rows(reports, task):
    """Header and rows (lists of strings) of one task's reports."""
    seen = []
    for r in reports:
        for k in r["metrics"]:
            if k not in seen:
                seen.append(k)
    standard = [k for k in _STANDARD[task] if k in seen]
    columns = standard + sorted(k for k in seen if k not in standard)
    header = ["model", "framework", "dataset", "split", "protocol", "N"] + columns
    rows = []
    for r in reports:
        n = str(r["num_samples"])
        if r["num_skipped"]:
            n += " (+%d skipped)" % r["num_skipped"]
        rows.append([r["model"], r["framework"], r["dataset"], r["split"],
                     protocol_summary(r["protocol"]), n]
                    + [_fmt(r["metrics"].get(k)) for k in columns])
    return header, rows


def format_text(header, rows):
    widths = [max(len(c) for c in col) for col in zip(header, *rows)]
    numeric = [i >= 5 for i in range(len(header))]

    def line(cells):
        return "  ".join(c.rjust(w) if num else c.ljust(w)
                         for c, w, num in zip(cells, widths, numeric)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])]
                     + [line(r) for r in rows])


def format_markdown(header, rows):
    def esc(c):
        return c.replace("|", "\\|")
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join(" --- " if i < 5 else " ---: " for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def compare_text(reports, markdown=False):
    """One table per task present; rows grouped by dataset (first appearance order),
    in report order within a dataset, so every model on one dataset stands together."""
    datasets = []
    for r in reports:
        if r["dataset"] not in datasets:
            datasets.append(r["dataset"])
    reports = sorted(reports, key=lambda r: datasets.index(r["dataset"]))
    tasks = []
    for r in reports:
        if r["task"] not in tasks:
            tasks.append(r["task"])
    blocks = []
    for task in tasks:
        header, rows = table_rows([r for r in reports if r["task"] == task], task)
        body = format_markdown(header, rows) if markdown else format_text(header, rows)
        if len(tasks) > 1:
            body = ("### %s\n\n" % task if markdown else "[%s]\n" % task) + body
        blocks.append(body)
    return "\n\n".join(blocks) + "\n"


def show_text(report, path):
    lines = ["report: %s" % path]
    for k in ("task", "model", "framework", "dataset", "split", "checkpoint", "created"):
        lines.append("  %-12s %s" % (k, report[k]))
    lines.append("  %-12s %s" % ("protocol", protocol_summary(report["protocol"])))
    lines.append("  %-12s %d (skipped %d)" % ("samples", report["num_samples"],
                                              report["num_skipped"]))
    lines.append("  %-12s %s" % ("versions", ", ".join(
        "%s %s" % (k, v) for k, v in sorted(report["versions"].items()))))
    lines.append("  metrics:")
    header, rows = table_rows([report], report["task"])
    for k, v in zip(header[6:], rows[0][6:]):
        lines.append("    %-10s %s" % (k, v))
    if report["extra"]:
        lines.append("  extra:      %s" % json.dumps(report["extra"], sort_keys=True))
    return "\n".join(lines) + "\n"


def _parser():
    ap = argparse.ArgumentParser(prog="python -m common_metrics",
                                 description="Show and compare DepthZoo report files.")
    ap.add_argument("--version", action="version", version=__version__)
    sub = ap.add_subparsers(dest="command")
    s = sub.add_parser("show", help="print one report")
    s.add_argument("report")
    c = sub.add_parser("compare", help="one table of many reports")
    c.add_argument("reports", nargs="+")
    c.add_argument("--markdown", action="store_true", help="markdown table instead of text")
    c.add_argument("--out", help="also write the table to this file")
    return ap


def main(argv=None):
    ap = _parser()
    args = ap.parse_args(argv)
    if args.command is None:
        ap.print_help(sys.stderr)
        return 2
    try:
        if args.command == "show":
            path = expand_paths([args.report])[0]
            sys.stdout.write(show_text(read_report(path), path))
            return 0
        paths = expand_paths(args.reports)
        text = compare_text([read_report(p) for p in paths], markdown=args.markdown)
        sys.stdout.write(text)
        if args.out:
            atomic_write_text(args.out, text)
        return 0
    except (UsageError, ReportError, OSError) as e:
        sys.stderr.write("error: %s\n" % e)
        return 2
