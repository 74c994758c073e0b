"""Predict depth for one image or a folder of images with trained checkpoints.

    python infer.py --input photo.jpg --output out/ \
        --coarse_ckpt_model Model/Ckpt/FinalCoarseNet.ckpt --fine_ckpt_model Model/Ckpt/FinalFineNet.ckpt

For every image ``<name>`` it writes ``<name>_depth.png`` (uint16, millimetres),
``<name>_depth.npy`` (float32 metres) and ``<name>_depth_color.png`` (magma colour map).
The depth covers the DepthNet crop of the input (for 480x640: rows 12:468, cols 16:624),
upsampled from the network's 55x74 output.
"""
import src.cpu_isa  # noqa: F401  (sets ONEDNN_MAX_CPU_ISA before mindspore is imported)

import argparse
import os

import cv2
import numpy as np
from tqdm import tqdm

from common_metrics import io

from src.cli import main_guard
from src.data_loader import crop_box, prepare_rgb, read_rgb
from src.evaluation import log_to_depth
from src.inference import load_networks, predict
from src.runtime import setup_context

IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".bmp")
SKIP_SUFFIXES = ("_depth.png", "_depth_color.png")  # NYU ground truth and this script's own outputs


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="DepthNet inference on images", allow_abbrev=False)
    p.add_argument("--input", required=True, help="an image or a folder of images")
    p.add_argument("--output", required=True, help="output folder")
    p.add_argument("--coarse_ckpt_model", default="./Model/Ckpt/FinalCoarseNet.ckpt")
    p.add_argument("--fine_ckpt_model", default="./Model/Ckpt/FinalFineNet.ckpt")
    p.add_argument("--device_target", default="CPU", choices=["Ascend", "GPU", "CPU"])
    p.add_argument("--device_id", type=int, default=0)
    p.add_argument("--cmap", default="magma", choices=["magma", "jet"])
    return p.parse_args(argv)


def list_images(path):
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path):
        raise FileNotFoundError("--input not found: %s" % path)
    files = [os.path.join(path, n) for n in sorted(os.listdir(path))
             if n.lower().endswith(IMAGE_EXTS) and not n.endswith(SKIP_SUFFIXES)]
    if not files:
        raise FileNotFoundError("--input folder %s holds no %s images" % (path, "/".join(IMAGE_EXTS)))
    return files


def depth_for_image(coarse, fine, rgb):
    """Metric depth (crop height, crop width) for an RGB uint8 image."""
    _, log_fine = predict(coarse, fine, prepare_rgb(rgb)[None])
    _, _, ch, cw = crop_box(rgb.shape)
    return cv2.resize(log_to_depth(log_fine[0, 0]).astype(np.float32), (cw, ch), interpolation=cv2.INTER_LINEAR)


def write_outputs(out_dir, stem, depth, cmap="magma"):
    base = os.path.join(out_dir, stem + "_depth")
    io.write_png16(base + ".png", depth, scale=1000.0)
    io.write_npy(base + ".npy", depth.astype(np.float32))
    io.write_colormap(base + "_color.png", depth, cmap=cmap)
    return base


@main_guard
def main(argv=None):
    args = parse_args(argv)
    files = list_images(args.input)
    setup_context(args.device_target, "graph", args.device_id)
    coarse, fine = load_networks(args.coarse_ckpt_model, args.fine_ckpt_model)
    os.makedirs(args.output, exist_ok=True)
    for path in tqdm(files, desc="infer", disable=len(files) < 2):
        depth = depth_for_image(coarse, fine, read_rgb(path))
        base = write_outputs(args.output, os.path.splitext(os.path.basename(path))[0], depth, args.cmap)
        print("%s -> %s_{.png,.npy,_color.png}  depth %.2f..%.2f m" % (path, base, depth.min(), depth.max()))


if __name__ == "__main__":
    main()
