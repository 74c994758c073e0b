"""The constant baseline of the demo contract: the mean training depth of nyu_data.zip,
predicted for every test pixel and scored through evaluate.py's protocol (same flip, crop,
depth range, averaging), so a model row and its baseline row are comparable.

    python baseline.py --train_data nyu_data.zip --test_data nyu_test.zip --report R_baseline.json \\
        --crop eigen --averaging per_image
"""
import quiet  # noqa: F401  (first: silences third-party noise; DEPTHZOO_VERBOSE=1)
import argparse
import logging
import sys

import numpy as np

import data
import utils
from evaluate import protocol_of, write_outputs

LOG = logging.getLogger("densedepth")


def mean_train_depth_m(zip_path):
    """Mean of every valid (> 0) training depth pixel of nyu_data.zip, in metres."""
    zf = data.open_zip(zip_path, "--train_data")
    total, count = 0.0, 0
    with zf:
        for pair in data.read_pairs(zf, data.TRAIN_CSV, zip_path):
            depth_cm = data.load_sample(zf, pair, zip_path)[1]
            valid = depth_cm[depth_cm > 0]
            total += float(valid.sum()) / 100.0
            count += valid.size
    if count == 0:
        raise ValueError("--train_data %s: no valid training depth" % zip_path)
    return total / count


def constant_network(depth_m, max_depth_cm):
    """A stand-in network whose output decodes (DepthNorm) to ``depth_m`` everywhere."""
    def run(batch):
        h, w = batch.shape[1] // 2, batch.shape[2] // 2
        return np.full((len(batch), h, w, 1), max_depth_cm / (depth_m * 100.0), np.float32)
    return run


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--train_data", required=True, help="nyu_data.zip (mean training depth)")
    p.add_argument("--test_data", required=True, help="nyu_test.zip")
    p.add_argument("--report", required=True, help="report JSON to write")
    p.add_argument("--logdir", default="./result", help="folder for evaluate.log")
    p.add_argument("--crop", choices=("file", "eigen"), default="file")
    p.add_argument("--averaging", choices=("per_image", "pooled"), default="pooled")
    p.add_argument("--mindepth", type=float, default=10.0)
    p.add_argument("--maxdepth", type=float, default=1000.0)
    args = p.parse_args(argv)
    utils.setup_logging()

    def run(args):
        mean = mean_train_depth_m(args.train_data)
        rgb, depth, crop = data.load_test_data(args.test_data)
        result = utils.evaluate_nyu(constant_network(mean, args.maxdepth), rgb, depth,
                                    crop if args.crop == "file" else None, 4, args.averaging,
                                    args.mindepth, args.maxdepth, progress=False)
        LOG.info("constant mean training depth %.3f m", mean)
        write_outputs(args, result, protocol_of(args.crop, args.mindepth, args.maxdepth,
                                                args.averaging),
                      "constant %.3f m" % mean, model="constant mean training depth (%.2f m)" % mean,
                      extra={"predictor": "constant_mean_train_depth", "depth_m": mean})
    return utils.run_reporting_errors(run, args)


if __name__ == "__main__":
    sys.exit(main())
