"""Offline inference, step 3: score ``result_Files`` against the preprocessed labels.

    python postprocess.py --result_path ./result_Files --label_file ./preprocess_Result/label \
        [--report reports/depthnet_mindspore_offline.json]

Results are FineNet log-depth maps (55x74 float32) named ``<label name>_0.bin`` (or the
label's own name). Metrics at 55x74 with common_metrics, per-image averaging, invalid GT masked.
"""
import mindspore_common  # noqa: F401  (ONEDNN_MAX_CPU_ISA / GLOG_v before mindspore is imported)

import argparse
import os

from common_metrics.report import write_report

from mindspore_common.cli import main_guard

from src.bin_io import read_bin
from src.evaluation import NyuEvaluator, format_table, protocol
from src.net import OUTPUT_HW


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Metrics of offline DepthNet results", allow_abbrev=False)
    p.add_argument("--result_path", required=True, help="folder of <name>_0.bin results")
    p.add_argument("--label_file", required=True, help="label folder written by preprocess.py")
    p.add_argument("--report", default="", help="also write a common_metrics report here")
    return p.parse_args(argv)


def read_map(path, what):
    """One (1, 1, 55, 74) map of a result or label file."""
    data = read_bin(path, (1,) + OUTPUT_HW, what)
    if data.shape[0] != 1:
        raise ValueError("%s %s holds %d maps, expected one 1x%dx%d map" % (what, path, data.shape[0], *OUTPUT_HW))
    return data


def label_for(result_name, label_dir):
    stem = result_name[:-4]
    for cand in (stem[:-2] if stem.endswith("_0") else None, stem):
        if cand and os.path.isfile(os.path.join(label_dir, cand + ".bin")):
            return os.path.join(label_dir, cand + ".bin")
    raise FileNotFoundError("no label for result %s in %s" % (result_name, label_dir))


def score(result_path, label_dir):
    for path, what in ((result_path, "--result_path"), (label_dir, "--label_file")):
        if not os.path.isdir(path):
            raise FileNotFoundError("%s folder not found: %s" % (what, path))
    names = sorted(n for n in os.listdir(result_path) if n.endswith(".bin"))
    if not names:
        raise FileNotFoundError("no .bin results in %s" % result_path)
    ev = NyuEvaluator(full_res=False)
    for name in names:
        ev.update(read_map(os.path.join(result_path, name), "result"), read_map(label_for(name, label_dir), "label"))
    return ev.result()


@main_guard
def main(argv=None):
    args = parse_args(argv)
    metrics = score(args.result_path, args.label_file)
    print(format_table({"FineNet (offline)": metrics}))
    if args.report:
        write_report(args.report, model="depthnet_mindspore", framework="mindspore", dataset="nyu_depth_v2",
                     split="test", metrics=metrics, protocol=protocol(False),
                     extra={"source": "offline result_Files", "result_path": os.path.abspath(args.result_path)})
        print("report written to %s" % args.report)
    return metrics


if __name__ == "__main__":
    main()
