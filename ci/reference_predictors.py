"""Reference predictors for the demo: the oracle (ground truth as prediction) and the constant
mean-depth baseline, evaluated on sample data through the same report path as every model.

    python ci/reference_predictors.py --data data/sample --reports reports

NYU (nyu_depthnet layout): Test/*_depth.png ground truth (uint16 mm), Eigen crop, depth range
(1e-3, 10] m; the baseline predicts the mean depth of the training set (Train/*/*.png, png/255*10).
KITTI (kitti_raw layout): proj_depth ground truth (uint16, depth*256) of the test split, Garg crop,
range (1e-3, 80] m; the baseline predicts the mean depth of the training split's ground truth.
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
    """-> (list of gt depth maps in metres, mean train depth)"""
    test_dir, train_dir = os.path.join(root, "Test"), os.path.join(root, "Train")
    _check_dir(test_dir, "NYU test folder")
    _check_dir(train_dir, "NYU train folder")
    gts = [io.read_png16(p, scale=1000.0)
           for p in sorted(glob.glob(os.path.join(test_dir, "*_depth.png")))]
    train = [io.read_png(p).astype(np.float64) / 255.0 * 10.0
             for p in sorted(glob.glob(os.path.join(train_dir, "*", "*.png")))]
    if not gts or not train:
        sys.exit("reference_predictors: no NYU images under {}".format(root))
    vals = np.concatenate([t[t > 0].ravel() for t in train])
    return gts, float(vals.mean())


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
    train = [io.read_png16(p, scale=256.0) for p in _split_frames(root, "train_files.txt")
             if os.path.isfile(p)]
    if not test or not train:
        sys.exit("reference_predictors: no KITTI ground truth under {}".format(root))
    vals = np.concatenate([t[t > 0].ravel() for t in train])
    return test, float(vals.mean())


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
    for key, dataset, (gts, mean_depth), crop_fn, crop_name, lo, hi in benches:
        predictors = [
            ("oracle", "oracle (ground truth)", lambda gt: gt),
            ("mean", "constant mean depth ({:.2f} m)".format(mean_depth),
             lambda gt, m=mean_depth: np.full(gt.shape, m, np.float32)),
        ]
        for short, model, predict in predictors:
            metrics = evaluate(gts, predict, crop_fn, lo, hi)
            path = os.path.join(args.reports, "reference_{}_{}.json".format(short, key))
            report.write_report(
                path, model=model, framework="numpy", dataset=dataset, split="test",
                metrics=metrics, framework_version=np.__version__,
                protocol={"crop": crop_name, "scaling": "none", "min_depth": lo,
                          "max_depth": hi, "averaging": "per_image", "flip": False},
                extra={"predictor": short, "common_metrics": common_metrics.__version__})
            print("[reference] {:<40s} abs_rel {:.4f}  a1 {:.4f}  -> {}".format(
                model + " / " + key, metrics["abs_rel"], metrics["a1"], path))


if __name__ == "__main__":
    main()
