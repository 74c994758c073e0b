"""Evaluate a checkpoint on nyu_test.zip (Eigen test split) and write a common_metrics report.

    python evaluate.py --ckptdir ./ckpt_npu --test_data ./dataset/nyu_test.zip --logdir ./ --bs 2
"""
import quiet  # noqa: F401  (first: silences third-party noise; DEPTHZOO_VERBOSE=1)
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
    p.add_argument("--averaging", choices=("per_image", "pooled"), default="pooled",
                   help="pooled: all pixels of all images at once (upstream); per_image: mean "
                        "of per-image metrics (the DepthZoo demo's cross-model protocol)")
    p.add_argument("--crop", choices=("file", "eigen"), default="file",
                   help="file: rectangle of eigen_test_crop.npy (upstream); eigen: "
                        "common_metrics.crops.nyu_eigen_crop")
    p.add_argument("--report", default=None,
                   help="report JSON (default: LOGDIR/%s.json)" % MODEL_NAME)
    p.add_argument("--mindepth", type=float, default=10.0)
    p.add_argument("--maxdepth", type=float, default=1000.0)
    p.add_argument("--decoder_width", type=float, choices=(0.5, 1.0), default=None,
                   help="checked against the layout read from the .h5 (nyu.h5: 1.0)")
    p.add_argument("--single_leaky", type=utils.str2bool, nargs="?", const=True, default=None,
                   help="checked against the layout read from the .h5 (nyu.h5: one LeakyReLU)")
    p.add_argument("--input_height", type=int, default=None,
                   help="resize test images to this network input height (default: as stored)")
    p.add_argument("--input_width", type=int, default=None)
    p.add_argument("--save_pictures", default=None,
                   help="folder for RGB | prediction | ground truth pictures + raw depth")
    p.add_argument("--num_pictures", type=int, default=3)
    return p


def picture_writer(folder, rgb, depth, crop, count):
    """on_prediction hook: RGB | prediction | ground truth panels (common_metrics.panels, one
    colour scale for both) at the test image's resolution, and raw depth (png16 + npy)."""
    import numpy as np
    from common_metrics import io as cmio
    from common_metrics.panels import save_panel
    if not folder:
        return None
    os.makedirs(folder, exist_ok=True)
    mask = utils.crop_mask(depth.shape[1:3], crop)

    def write(index, pred):
        if index >= count:
            return
        stem = os.path.join(folder, "nyu_%04d" % index)
        save_panel(stem + ".png", rgb[index], pred, depth[index], mask, kind="depth",
                   title="%s, NYU test image %d" % (MODEL_NAME, index))
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


def write_outputs(args, result, protocol, checkpoint_name, extra=None, model=MODEL_NAME):
    """evaluate.log + the common_metrics report; returns the report path."""
    from common_metrics.report import write_report
    os.makedirs(args.logdir, exist_ok=True)
    table = utils.format_metrics(result)
    with open(os.path.join(args.logdir, "evaluate.log"), "a") as f:
        f.write("checkpoint %s\n%s\n" % (checkpoint_name, table))
    LOG.info("results (%d images, %d skipped):\n%s", result["num_samples"],
             result["num_skipped"], table)
    report = args.report or os.path.join(args.logdir, MODEL_NAME + ".json")
    write_report(report, model=model, framework="tensorflow", dataset="nyu_depth_v2",
                 split="eigen_test", metrics=result, protocol=protocol,
                 checkpoint=checkpoint_name, framework_version=tf.__version__, extra=extra)
    LOG.info("report -> %s", report)
    return report


def protocol_of(crop, min_depth_cm, max_depth_cm, averaging):
    """The report's protocol entry (depth range converted from cm to metres)."""
    return {"crop": "eigen_test_crop.npy" if crop == "file" else "nyu_eigen",
            "scaling": "none", "min_depth": min_depth_cm / 100.0,
            "max_depth": max_depth_cm / 100.0, "averaging": averaging, "flip": True}


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
                                                             crop if args.crop == "file" else None,
                                                             args.num_pictures))
    write_outputs(args, result, protocol_of(args.crop, args.mindepth, args.maxdepth,
                                            args.averaging), args.ckptdir)


def main(argv=None):
    args = build_parser().parse_args(argv)
    utils.setup_logging()
    return utils.run_reporting_errors(run, args)


if __name__ == "__main__":
    sys.exit(main())
