"""Predict depth for images and save a picture grid (RGB | colourised depth) plus raw depth.

    python test.py --ckptdir ./ckpt_npu --input './examples/*.png' --output ./result/test/test.png

Next to the grid, for every input <name>: <name>_depth.png (uint16, mm) and <name>_depth.npy
(float32, metres), written with common_metrics.io, at the input image's own size.
"""
import quiet  # noqa: F401  (first: silences third-party noise; DEPTHZOO_VERBOSE=1)
import argparse
import logging
import os
import sys

import cv2
import numpy as np

import checkpoint
import npu_support
import utils

LOG = logging.getLogger("densedepth")


DEFAULT_INPUT = "./examples/*.png"


def build_parser():
    p = argparse.ArgumentParser(description="DenseDepth on a folder of images")
    p.add_argument("--ckptdir", default="./ckpt_npu", help="checkpoint directory or Keras .h5")
    p.add_argument("--input", default=DEFAULT_INPUT,
                   help="glob of input images (default: ./examples, written on first use)")
    p.add_argument("--output", default="./result/test/test.png", help="grid picture")
    p.add_argument("--mindepth", type=float, default=10.0)
    p.add_argument("--maxdepth", type=float, default=1000.0)
    p.add_argument("--decoder_width", type=float, choices=(0.5, 1.0), default=None,
                   help="checked against the layout read from the .h5")
    p.add_argument("--single_leaky", type=utils.str2bool, nargs="?", const=True, default=None,
                   help="checked against the layout read from the .h5")
    p.add_argument("--input_height", type=int, default=None,
                   help="resize inputs to this network size (models trained at reduced size)")
    p.add_argument("--input_width", type=int, default=None)
    return p


def ensure_examples(pattern):
    """The upstream command reads ./examples/*.png; when that folder is missing, write two
    rendered indoor scenes there (sample_data) so the command runs as written."""
    folder = os.path.dirname(pattern)
    if pattern != DEFAULT_INPUT or os.path.isdir(folder):
        return
    import glob
    import shutil
    import tempfile
    from sample_data.api import write_dataset
    LOG.info("%s does not exist: writing 2 sample indoor scenes there (sample_data)", folder)
    tmp = tempfile.mkdtemp()
    try:
        write_dataset("nyu_depthnet", os.path.join(tmp, "nyu"), num=2, height=240, width=320)
        os.makedirs(folder, exist_ok=True)
        for i, path in enumerate(sorted(glob.glob(os.path.join(tmp, "nyu", "Test", "*_colors.png")))):
            shutil.copy(path, os.path.join(folder, "example_%d.png" % i))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def predict_full_size(model, rgb, size, min_depth, max_depth):
    """Depth in metres at the image's own size, any aspect: the image is padded (edge) to a
    multiple of 32, or resized to ``size`` (models trained at reduced size); the x2 up-sampled
    prediction is then un-padded, or resized back."""
    h, w = rgb.shape[:2]
    if size:
        net_in = utils.resize_batch(rgb[None], size)
    else:
        net_in = np.pad(rgb, ((0, -h % 32), (0, -w % 32), (0, 0)), mode="edge")[None]
    pred = utils.predict(model.predict_on_batch, net_in, min_depth, max_depth, 1)
    full = utils.scale_up(2, pred, net_in.shape[1:3])[0]
    if size:
        full = cv2.resize(full, (w, h), interpolation=cv2.INTER_LINEAR)
    return full[:h, :w] * max_depth / 100.0


def run(args):
    from common_metrics import io as cmio
    ensure_examples(args.input)
    images = utils.load_images(args.input)
    npu_support.use_session(npu_support.device_path())
    model = checkpoint.load_model(args.ckptdir, decoder_width=args.decoder_width,
                                  single_leaky=args.single_leaky)
    out_dir = os.path.dirname(os.path.abspath(args.output))
    os.makedirs(out_dir, exist_ok=True)
    size = (args.input_height, args.input_width) if args.input_height and args.input_width else None
    rows = []
    for path, rgb in images:
        if min(rgb.shape[:2]) < 2:
            raise ValueError("%s: image of %dx%d is too small" % ((path,) + rgb.shape[:2]))
        metres = predict_full_size(model, rgb, size, args.mindepth, args.maxdepth)
        stem = os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0])
        cmio.write_png16(stem + "_depth.png", metres)
        cmio.write_npy(stem + "_depth.npy", metres.astype(np.float32))
        colour = cmio.colorize(metres, cmap="magma", vmin=args.mindepth / 100.0,
                               vmax=args.maxdepth / 100.0)
        rows.append(np.concatenate([rgb, colour], axis=1))
        LOG.info("%s: %dx%d, depth %.2f..%.2f m", path, rgb.shape[0], rgb.shape[1],
                 metres.min(), metres.max())
    width = max(r.shape[1] for r in rows)
    grid = np.concatenate([np.pad(r, ((0, 0), (0, width - r.shape[1]), (0, 0))) for r in rows], 0)
    cmio.write_png(args.output, grid)
    LOG.info("grid of %d images -> %s", len(rows), args.output)
    return args.output


def main(argv=None):
    args = build_parser().parse_args(argv)
    utils.setup_logging()
    return utils.run_reporting_errors(run, args)


if __name__ == "__main__":
    sys.exit(main())
