"""make demo's last step: every model row against its constant baseline -> summary.png/.md.

    python ci/demo_summary.py --reports reports

Reads every REPORTS/<name>.json with REPORTS/<name>_baseline.json (the constant prediction
under the same protocol, see common_metrics.baseline) and REPORTS/<name>.png (its
RGB | prediction | ground truth panel); reference_*.json rows (the oracle) are listed only.
Writes REPORTS/summary.png (one row per model, metrics and baseline in the caption) and
REPORTS/summary.md (the picture, the verdict table, every report's metrics). Exits 1 when a
model does not beat its baseline or has none, 2 when REPORTS holds no model report.

A row beats its baseline when it is strictly better on each compared metric:
  depth reports (with abs_rel and a1)  abs_rel (lower) and a1 (higher)
  classification reports               top1 (higher)
  other reports (relative depth, e.g. MiDaS's delta>1.25 error %, AbsRel, WHDR)
                                       every metric the row and its baseline share, each
                                       in its own direction (HIGHER_IS_BETTER, else lower)
"""
import argparse
import glob
import os
import sys

from common_metrics.atomic import atomic_write_text
from common_metrics.cli import compare_text
from common_metrics.panels import compose_rows
from common_metrics.report import ReportError, read_report

HIGHER_IS_BETTER = {"a1", "a2", "a3", "top1", "top5"}
BASELINE_SUFFIX = "_baseline"
REFERENCE_PREFIX = "reference_"


def compared_metrics(report):
    """The metrics a row is judged on (see the module docstring)."""
    m = report["metrics"]
    if report["task"] == "classification":
        return ["top1"]
    if "abs_rel" in m and "a1" in m:
        return ["abs_rel", "a1"]
    return sorted(m)


def better(metric, value, base):
    return value > base if metric in HIGHER_IS_BETTER else value < base


def judge(name, report, base):
    """(rows of (metric, value, baseline, beats), problems) of one model report."""
    if base is None:
        return [], ["%s: no baseline report %s%s.json (the demo contract: the constant "
                    "prediction under the same protocol)" % (name, name, BASELINE_SUFFIX)]
    rows, problems = [], []
    for k in compared_metrics(report):
        if k not in report["metrics"]:
            problems.append("%s: metric %s missing from the report" % (name, k))
        elif k not in base["metrics"]:
            problems.append("%s: metric %s missing from its baseline" % (name, k))
        else:
            v, b = report["metrics"][k], base["metrics"][k]
            rows.append((k, v, b, better(k, v, b)))
    if not rows and not problems:
        problems.append("%s: the report and its baseline share no metric" % name)
    problems += ["%s: %s %.4f does not beat the baseline's %.4f (%s is better)"
                 % (name, k, v, b, "higher" if k in HIGHER_IS_BETTER else "lower")
                 for k, v, b, ok in rows if not ok]
    return rows, problems


def load(reports_dir):
    """(models [(name, report, baseline or None, png or None)], references, problems)"""
    models, refs, problems = [], [], []
    paths = sorted(glob.glob(os.path.join(reports_dir, "*.json")))
    names = {os.path.splitext(os.path.basename(p))[0] for p in paths}
    for p in paths:
        name = os.path.splitext(os.path.basename(p))[0]
        if name.endswith(BASELINE_SUFFIX):
            if name[:-len(BASELINE_SUFFIX)] not in names:
                print("[summary] warning: %s has no model report next to it" % p)
            continue
        try:
            report = read_report(p)
        except ReportError as e:
            problems.append(str(e))
            continue
        if name.startswith(REFERENCE_PREFIX):
            refs.append(report)
            continue
        base = None
        bpath = os.path.join(reports_dir, name + BASELINE_SUFFIX + ".json")
        if os.path.isfile(bpath):
            try:
                base = read_report(bpath)
            except ReportError as e:
                problems.append(str(e))
        png = os.path.join(reports_dir, name + ".png")
        models.append((name, report, base, png if os.path.isfile(png) else None))
    models.sort(key=lambda m: (m[1]["dataset"], m[0]))
    return models, refs, problems


def caption(name, report, rows, ok):
    parts = ["%s %.3f (baseline %.3f)" % (k, v, b) for k, v, b, _ in rows]
    verdict = "beats the baseline" if ok else "DOES NOT beat the baseline"
    return "%s | %s | %s | %s" % (name, report["dataset"], ", ".join(parts) or "no baseline",
                                  verdict)


def markdown(models, judged, refs, picture):
    out = ["# DepthZoo demo summary", ""]
    if picture:
        out += ["![summary](%s)" % picture, ""]
    out += ["| model | dataset | metric | value | baseline | beats? |",
            "| --- | --- | --- | ---: | ---: | --- |"]
    for (name, report, _, _), (rows, problems) in zip(models, judged):
        if not rows:
            out.append("| %s | %s | - | - | missing | no |" % (name, report["dataset"]))
        for k, v, b, ok in rows:
            out.append("| %s | %s | %s | %.4f | %.4f | %s |"
                       % (name, report["dataset"], k, v, b, "yes" if ok else "**no**"))
    everything = [r for _, report, base, _ in models for r in (report, base) if r] + refs
    out += ["", "## Every report", "", compare_text(everything, markdown=True).rstrip(), ""]
    return "\n".join(out) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", default="reports", help="folder of the demo's report files")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.reports):
        print("demo_summary: --reports %s is not a folder" % args.reports, file=sys.stderr)
        return 2
    models, refs, problems = load(args.reports)
    if not models:
        print("demo_summary: no model report (<name>.json) in %s" % args.reports,
              file=sys.stderr)
        return 2
    judged = [judge(name, r, b) for name, r, b, _ in models]
    for (name, _, _, png), (_, probs) in zip(models, judged):
        problems += probs
        if png is None:
            print("[summary] warning: %s.png (its picture panel) is missing" % name)
    rows = [(png, caption(name, r, rr, not pp))
            for (name, r, _, png), (rr, pp) in zip(models, judged) if png]
    picture = None
    if rows:
        picture = "summary.png"
        compose_rows(os.path.join(args.reports, picture), rows)
    text = markdown(models, judged, refs, picture)
    atomic_write_text(os.path.join(args.reports, "summary.md"), text)
    for (name, r, _, _), (rr, pp) in zip(models, judged):
        print("[summary] %s" % caption(name, r, rr, not pp))
    print("[summary] wrote %s" % ", ".join(os.path.join(args.reports, f) for f in
                                           ([picture] if picture else []) + ["summary.md"]))
    if problems:
        print("\n".join("[summary] FAIL %s" % p for p in problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
