"""The demo's oracle rows: ground truth as the prediction, scored on sample data through the
same report path as every model (reading, crop, depth range, report), so it must score
perfectly (abs_rel 0, a1 1); anything else means the scoring path is broken.

    python ci/reference_predictors.py --data data/sample --reports reports

NYU (nyu_depthnet layout): Test/*_depth.png ground truth (uint16 mm), Eigen crop, depth range
(1e-3, 10] m. KITTI (kitti_raw layout): proj_depth ground truth (uint16, depth*256) of the
test split, Garg crop, range (1e-3, 80] m. The constant baselines are no longer here: each
model's demo writes REPORTS/<name>_baseline.json under its own protocol
(common_metrics.baseline), which ci/demo_summary.py compares it with.
"""
import argparse
import glob
import os
import sys

import numpy as np

import common_metrics
from common_metrics import crops, io, report
from common_metrics.depth import DepthMetricAccumulator


def _check_dir(path, what):
    if not os.path.isdir(path):
        sys.exit("reference_predictors: {} not found: {} (run `python -m sample_data all --out DIR`)"
                 .format(what, path))


def nyu_cases(root):
    """-> list of gt depth maps in metres"""
    test_dir = os.path.join(root, "Test")
    _check_dir(test_dir, "NYU test folder")
    gts = [io.read_png16(p, scale=1000.0)
           for p in sorted(glob.glob(os.path.join(test_dir, "*_depth.png")))]
    if not gts:
        sys.exit("reference_predictors: no NYU test depth (*_depth.png) under {}".format(test_dir))
    return gts


def _split_frames(root, name):
    path = os.path.join(root, "splits", "sample", name)
    if not os.path.isfile(path):
        sys.exit("reference_predictors: split file not found: {}".format(path))
    frames = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                folder, idx, side = parts
                cam = "image_02" if side == "l" else "image_03"
                frames.append(os.path.join(root, folder, "proj_depth", "groundtruth", cam,
                                           "{:010d}.png".format(int(idx))))
    return frames


def kitti_cases(root):
    _check_dir(root, "KITTI folder")
    test = [io.read_png16(p, scale=256.0) for p in _split_frames(root, "test_files.txt")
            if os.path.isfile(p)]
    if not test:
        sys.exit("reference_predictors: no KITTI test ground truth under {}".format(root))
    return test


def evaluate(gts, predict, crop_fn, min_depth, max_depth):
    acc = DepthMetricAccumulator("per_image")
    for gt in gts:
        mask = crop_fn(gt.shape) & crops.depth_range_mask(gt, min_depth, max_depth)
        acc.update(predict(gt), gt, mask)
    return acc.result()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="output folder of `python -m sample_data all`")
    ap.add_argument("--reports", required=True, help="folder for the report JSON files")
    args = ap.parse_args(argv)

    benches = [
        ("nyu", "nyu_depth_v2", nyu_cases(os.path.join(args.data, "nyu_depthnet")),
         crops.nyu_eigen_crop, "nyu_eigen", 1e-3, 10.0),
        ("kitti", "kitti_raw", kitti_cases(os.path.join(args.data, "kitti_raw")),
         crops.kitti_garg_crop, "kitti_garg", 1e-3, 80.0),
    ]
    bad = []
    for key, dataset, gts, crop_fn, crop_name, lo, hi in benches:
        metrics = evaluate(gts, lambda gt: gt, crop_fn, lo, hi)
        path = os.path.join(args.reports, "reference_oracle_{}.json".format(key))
        report.write_report(
            path, model="oracle (ground truth)", framework="numpy", dataset=dataset,
            split="test", metrics=metrics, framework_version=np.__version__,
            protocol={"crop": crop_name, "scaling": "none", "min_depth": lo,
                      "max_depth": hi, "averaging": "per_image", "flip": False},
            extra={"predictor": "oracle", "common_metrics": common_metrics.__version__})
        print("[reference] oracle / {:<6s} abs_rel {:.4f}  a1 {:.4f}  -> {}".format(
            key, metrics["abs_rel"], metrics["a1"], path))
        if metrics["abs_rel"] > 1e-6 or metrics["a1"] < 1.0:
            bad.append(key)
    if bad:
        sys.exit("reference_predictors: the oracle is not perfect on {}: the scoring path "
                 "(reading, crop, range) is broken".format(", ".join(bad)))


if __name__ == "__main__":
    main()
