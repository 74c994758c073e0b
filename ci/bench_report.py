"""Turn benchmark results into markdown and record them in README.md.

    python ci/bench_report.py conv RESULTS.jsonl --out FILE.md
    python ci/bench_report.py readme README.md REPORTS_DIR
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re

NAMES = {
    "torch": "PyTorch (reference)",
    "tf": "TensorFlow 1.15",
    "mindspore": "MindSpore as installed",
    "mindspore-avx2": "MindSpore, ONEDNN_MAX_CPU_ISA=AVX2",
    "paddle": "Paddle dygraph",
    "paddle-static": "Paddle jit.to_static + oneDNN",
}
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def cpu_isa_note():
    """Whether this CPU has AVX-512: MindSpore 2.10's oneDNN falls back to its reference
    convolution only there, so the ONEDNN_MAX_CPU_ISA=AVX2 cap only changes figures there."""
    try:
        flags = open("/proc/cpuinfo").read()
    except OSError:
        return ""
    if "avx512f" in flags:
        return ("This CPU has AVX-512: MindSpore without the AVX2 cap runs oneDNN's reference "
                "convolution (the projects set the cap on CPU).")
    return ("This CPU has no AVX-512, so MindSpore's reference-convolution fallback does not "
            "occur here and the two MindSpore rows differ only by noise; on AVX-512 CPUs the uncapped row drops to "
            "about 1 GFLOP/s (measured on such a machine), which is why every MindSpore entry "
            "point sets ONEDNN_MAX_CPU_ISA=AVX2 on CPU.")


def conv_table(jsonl):
    rows = [json.loads(line) for line in open(jsonl) if line.strip().startswith("{")]
    by = {r["stack"]: r for r in rows}
    ref = by.get("torch")
    out = ["| stack | version | ms / forward | GFLOP/s | × PyTorch |",
           "| --- | --- | ---: | ---: | ---: |"]
    for key in NAMES:
        if key not in by:
            continue
        r = by[key]
        ratio = "{:.2f}".format(r["gflops"] / ref["gflops"]) if ref else "—"
        out.append("| {} | {} | {:.1f} | {:.1f} | {} |".format(
            NAMES[key], r["version"], r["ms"], r["gflops"], ratio))
    return ("Convolution stack (10 × 3×3 conv, 64 ch, 96×320, fp32, batch 1, forward):\n\n"
            + "\n".join(out) + "\n\n" + cpu_isa_note() + "\n")


def _section(name, text):
    """One benchmark's markdown as a '### title' section: the first heading (any level) of a
    project's file becomes the title, other headings are demoted below it."""
    lines = text.strip().splitlines()
    title = name
    if lines and lines[0].startswith("#"):
        title = lines.pop(0).lstrip("#").strip()
    body = ["#### " + l.lstrip("#").strip() if l.startswith("#") else l for l in lines]
    return "\n".join(["### " + title] + body).strip()


def readme(path, reports):
    fixed = [("bench_common_metrics.md", "common_metrics"),
             ("bench_conv.md", "Framework stacks: convolution throughput")]
    parts = []
    for f, name in fixed:
        if os.path.exists(os.path.join(reports, f)):
            parts.append(_section(name, open(os.path.join(reports, f)).read()))
    for f in sorted(glob.glob(os.path.join(reports, "bench_*.md"))):
        if os.path.basename(f) not in dict(fixed):
            name = os.path.basename(f)[len("bench_"):-len(".md")]
            parts.append(_section(name, open(f).read()))
    stamp = "Measured by `make bench` on {} ({}, {} cores), {}.".format(
        platform.node() or "this machine", platform.machine(), os.cpu_count(),
        datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"))
    body = "\n".join([BEGIN, stamp, ""] + [p + "\n" for p in parts] + [END])
    text = open(path).read()
    if BEGIN not in text or END not in text:
        raise SystemExit("bench_report: {} has no {} ... {} section".format(path, BEGIN, END))
    text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda m: body, text, flags=re.S)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("conv"); c.add_argument("jsonl"); c.add_argument("--out", required=True)
    r = sub.add_parser("readme"); r.add_argument("readme"); r.add_argument("reports")
    a = ap.parse_args()
    if a.cmd == "conv":
        table = conv_table(a.jsonl)
        print(table)
        with open(a.out, "w") as f:
            f.write(table)
    else:
        readme(a.readme, a.reports)
