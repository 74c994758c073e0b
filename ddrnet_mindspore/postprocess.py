"""Offline inference, step 3: top-1/top-5 of the result .bin logits against label.json.

    python postprocess.py --result_path result_Files --label_file preprocess_Result/label.json \
        [--report offline_report.json]

Prints `Top1 acc: ...` / `Top5 acc: ...` as the model zoo's acc.log does.
"""
import argparse
import json
import os
import sys

import numpy as np
from common_metrics.classification import TopKAccumulator
from common_metrics.report import write_report


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Accuracy of offline inference results", allow_abbrev=False)
    p.add_argument("--result_path", default="./result_Files", help="<name>_0.bin logits")
    p.add_argument("--label_file", default="./preprocess_Result/label.json", help="from preprocess.py")
    p.add_argument("--report", default="", help="also write a common_metrics report here")
    p.add_argument("--dataset_name", default="imagenet")
    return p.parse_args(argv)


def read_labels(path):
    try:
        with open(path) as f:
            data = json.load(f)
        return data["classes"], data["labels"]
    except FileNotFoundError:
        raise FileNotFoundError("--label_file not found: %s (run preprocess.py first)" % path)
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError("--label_file %s is not preprocess.py's label.json (%s)" % (path, exc))


def accuracy(result_path, classes, labels):
    """TopKAccumulator result over every labelled image; a missing result is an error."""
    ks = (1, 5) if len(classes) >= 5 else (1,)
    acc = TopKAccumulator(ks)
    for name, label in sorted(labels.items()):
        path = os.path.join(result_path, name[:-4] + "_0.bin")
        if not os.path.isfile(path):
            raise FileNotFoundError("no result for %s: %s missing" % (name, path))
        logits = np.fromfile(path, dtype=np.float32)
        if logits.size < len(classes) or not np.isfinite(logits).all():
            raise ValueError("%s: %d values, not finite logits over %d classes"
                             % (path, logits.size, len(classes)))
        acc.update(logits.reshape(1, -1), np.array([label]))
    return acc.result()


def main(argv=None):
    args = parse_args(argv)
    try:
        classes, labels = read_labels(args.label_file)
        metrics = accuracy(args.result_path, classes, labels)
        if args.report:
            write_report(args.report, model="ddrnet_mindspore (offline MINDIR)", framework="mindspore",
                         dataset=args.dataset_name, split="val", metrics=metrics,
                         task="classification", extra={"flow": "preprocess -> MINDIR -> postprocess"})
    except (FileNotFoundError, ValueError) as exc:
        print("error: %s" % exc, file=sys.stderr)
        return 2
    print("Top1 acc: %.5f" % metrics["top1"])
    if "top5" in metrics:
        print("Top5 acc: %.5f" % metrics["top5"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
