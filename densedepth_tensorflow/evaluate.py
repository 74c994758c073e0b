"""Evaluate a checkpoint on nyu_test.zip (Eigen test split) and write a common_metrics report.

    python evaluate.py --ckptdir ./ckpt_npu --test_data ./dataset/nyu_test.zip --logdir ./ --bs 2
"""
import argparse
import logging
import os
import sys

import tensorflow as tf

import checkpoint
import data
import npu_support
import utils

LOG = logging.getLogger("densedepth")
MODEL_NAME = "densedepth_tensorflow"


def build_parser():
    p = argparse.ArgumentParser(description="DenseDepth NYU evaluation")
    p.add_argument("--ckptdir", default="./ckpt_npu",
                   help="train.py checkpoint directory, or a Keras .h5 (e.g. nyu.h5)")
    p.add_argument("--test_data", default="./dataset/nyu_test.zip")
    p.add_argument("--logdir", default="./", help="folder for evaluate.log")
    p.add_argument("--bs", type=int, default=2)
    p.add_argument("--averaging", choices=("per_image", "pooled"), default="per_image")
    p.add_argument("--crop", choices=("file", "eigen"), default="file",
                   help="file: rectangle of eigen_test_crop.npy (upstream); eigen: "
                        "common_metrics.crops.nyu_eigen_crop")
    p.add_argument("--report", default=None,
                   help="report JSON (default: LOGDIR/%s.json)" % MODEL_NAME)
    p.add_argument("--mindepth", type=float, default=10.0)
    p.add_argument("--maxdepth", type=float, default=1000.0)
    p.add_argument("--decoder_width", type=float, default=None,
                   help="for a bare .h5: 0.5 (default, Ascend port) or 1.0 (nyu.h5)")
    p.add_argument("--single_leaky", action="store_true", help="for nyu.h5")
    p.add_argument("--input_height", type=int, default=None,
                   help="resize test images to this network input height (default: as stored)")
    p.add_argument("--input_width", type=int, default=None)
    p.add_argument("--save_pictures", default=None,
                   help="folder for RGB | prediction | ground truth pictures + raw depth")
    p.add_argument("--num_pictures", type=int, default=3)
    return p


def picture_writer(folder, rgb, depth, count):
    """on_prediction hook: colourised RGB | prediction | GT strip and raw depth (png16 + npy)."""
    import numpy as np
    from common_metrics import io as cmio
    if not folder:
        return None
    os.makedirs(folder, exist_ok=True)

    def write(index, pred):
        if index >= count:
            return
        stem = os.path.join(folder, "nyu_%04d" % index)
        vmax = float(np.percentile(depth[index][depth[index] > 0], 99)) if (depth[index] > 0).any() else 10.0
        strip = np.concatenate([rgb[index], cmio.colorize(pred, vmin=0.0, vmax=vmax),
                                cmio.colorize(depth[index], vmin=0.0, vmax=vmax)], axis=1)
        cmio.write_png(stem + ".png", strip)
        cmio.write_png16(stem + "_depth.png", pred)
        cmio.write_npy(stem + "_depth.npy", pred.astype(np.float32))
    return write


def input_shape_of(args):
    if (args.input_height is None) != (args.input_width is None):
        raise ValueError("give both --input_height and --input_width, or neither")
    if args.input_height is None:
        return None
    if args.input_height % 32 or args.input_width % 32:
        raise ValueError("--input_height/--input_width must be multiples of 32")
    return args.input_height, args.input_width


def write_outputs(args, result, protocol, checkpoint_name, extra=None):
    """evaluate.log + the common_metrics report; returns the report path."""
    from common_metrics.report import write_report
    os.makedirs(args.logdir, exist_ok=True)
    table = utils.format_metrics(result)
    with open(os.path.join(args.logdir, "evaluate.log"), "a") as f:
        f.write("checkpoint %s\n%s\n" % (checkpoint_name, table))
    LOG.info("results (%d images, %d skipped):\n%s", result["num_samples"],
             result["num_skipped"], table)
    report = args.report or os.path.join(args.logdir, MODEL_NAME + ".json")
    write_report(report, model=MODEL_NAME, framework="tensorflow", dataset="nyu_depth_v2",
                 split="eigen_test", metrics=result, protocol=protocol,
                 checkpoint=checkpoint_name, framework_version=tf.__version__, extra=extra)
    LOG.info("report -> %s", report)
    return report


def protocol_of(args):
    return {"crop": "eigen_test_crop.npy" if args.crop == "file" else "nyu_eigen",
            "scaling": "none", "min_depth": args.mindepth / 100.0,
            "max_depth": args.maxdepth / 100.0, "averaging": args.averaging, "flip": True}


def run(args):
    if args.bs < 1:
        raise ValueError("--bs must be >= 1")
    shape = input_shape_of(args)
    rgb, depth, crop = data.load_test_data(args.test_data)
    npu_support.use_session(npu_support.device_path())
    model = checkpoint.load_model(args.ckptdir, decoder_width=args.decoder_width,
                                  single_leaky=args.single_leaky)
    result = utils.evaluate_nyu(model.predict_on_batch, rgb, depth,
                                crop if args.crop == "file" else None, args.bs,
                                args.averaging, args.mindepth, args.maxdepth,
                                input_shape=shape,
                                on_prediction=picture_writer(args.save_pictures, rgb, depth,
                                                             args.num_pictures))
    write_outputs(args, result, protocol_of(args), args.ckptdir)


def main(argv=None):
    args = build_parser().parse_args(argv)
    utils.setup_logging()
    return utils.run_reporting_errors(run, args)


if __name__ == "__main__":
    sys.exit(main())
