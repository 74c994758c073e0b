"""Predict depth for images and save a picture grid (RGB | colourised depth) plus raw depth.

    python test.py --ckptdir ./ckpt_npu --input './examples/*.png' --output ./result/test/test.png

Next to the grid, for every input <name>: <name>_depth.png (uint16, mm) and <name>_depth.npy
(float32, metres), written with common_metrics.io.
"""
import argparse
import logging
import os
import sys

import numpy as np

import checkpoint
import npu_support
import utils

LOG = logging.getLogger("densedepth")


def build_parser():
    p = argparse.ArgumentParser(description="DenseDepth on a folder of images")
    p.add_argument("--ckptdir", default="./ckpt_npu", help="checkpoint directory or Keras .h5")
    p.add_argument("--input", default="./examples/*.png", help="glob of input images")
    p.add_argument("--output", default="./result/test/test.png", help="grid picture")
    p.add_argument("--mindepth", type=float, default=10.0)
    p.add_argument("--maxdepth", type=float, default=1000.0)
    p.add_argument("--decoder_width", type=float, default=None, help="for a bare .h5")
    p.add_argument("--single_leaky", action="store_true", help="for nyu.h5")
    p.add_argument("--input_height", type=int, default=None,
                   help="resize inputs to this network size (models trained at reduced size)")
    p.add_argument("--input_width", type=int, default=None)
    return p


def fit32(img):
    """Crop an image to a multiple of 32 in each dimension (the network needs it)."""
    h, w = img.shape[0] // 32 * 32, img.shape[1] // 32 * 32
    if h == 0 or w == 0:
        raise ValueError("image of %dx%d is smaller than 32x32" % img.shape[:2])
    return img[:h, :w]


def run(args):
    from common_metrics import io as cmio
    images = utils.load_images(args.input)
    npu_support.use_session(npu_support.device_path())
    model = checkpoint.load_model(args.ckptdir, decoder_width=args.decoder_width,
                                  single_leaky=args.single_leaky)
    out_dir = os.path.dirname(os.path.abspath(args.output))
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    for path, rgb in images:
        rgb = fit32(rgb)
        size = None
        if args.input_height and args.input_width:
            size = (args.input_height, args.input_width)
        net_in = utils.resize_batch(rgb[None], size)
        pred = utils.predict(model.predict_on_batch, net_in, args.mindepth, args.maxdepth, 1)
        metres = utils.scale_up(2, pred, rgb.shape[:2] if size else None)[0] * args.maxdepth / 100.0
        stem = os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0])
        cmio.write_png16(stem + "_depth.png", metres)
        cmio.write_npy(stem + "_depth.npy", metres.astype(np.float32))
        colour = cmio.colorize(metres, cmap="magma", vmin=args.mindepth / 100.0,
                               vmax=args.maxdepth / 100.0)
        rows.append(np.concatenate([rgb, colour], axis=1))
        LOG.info("%s: depth %.2f..%.2f m", path, metres.min(), metres.max())
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
