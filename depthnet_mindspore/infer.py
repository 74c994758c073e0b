"""Predict depth for one image or a folder of images with trained checkpoints.

    python infer.py --input photo.jpg --output out/ \
        --coarse_ckpt_model Model/Ckpt/FinalCoarseNet.ckpt --fine_ckpt_model Model/Ckpt/FinalFineNet.ckpt

For every image ``<name>`` it writes ``<name>_depth.png`` (uint16, millimetres),
``<name>_depth.npy`` (float32 metres) and ``<name>_depth_color.png`` (colour map), all at the
input's size. The network sees the DepthNet crop window of the image (for 480x640: rows 12:468,
columns 16:624) resized to 228x304; its 55x74 output is upsampled to that window and the thin
border outside it repeats the nearest predicted value. Images whose aspect ratio is not NYU's
4:3 are stretched to 4:3 for the network (a warning says so); the output keeps the input's size.
"""
import mindspore_common  # noqa: F401  (ONEDNN_MAX_CPU_ISA / GLOG_v before mindspore is imported)

import argparse
import os

import numpy as np
from tqdm import tqdm

from common_metrics import io
from mindspore_common.cli import main_guard
from mindspore_common.runtime import setup_context

from src.data_loader import read_rgb
from src.inference import load_networks, whole_image_depth

IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".bmp")
OUTPUT_SUFFIXES = ("_depth.png", "_depth_color.png")  # what this script writes
NYU_ASPECT = 640 / 480


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="DepthNet inference on images", allow_abbrev=False)
    p.add_argument("--input", required=True, help="an image or a folder of images")
    p.add_argument("--output", required=True, help="output folder")
    p.add_argument("--coarse_ckpt_model", default="./Model/Ckpt/FinalCoarseNet.ckpt")
    p.add_argument("--fine_ckpt_model", default="./Model/Ckpt/FinalFineNet.ckpt")
    p.add_argument("--device_target", default="CPU", choices=["auto", "Ascend", "GPU", "CPU"])
    p.add_argument("--device_id", type=int, default=0)
    p.add_argument("--cmap", default="magma", choices=["magma", "jet"])
    return p.parse_args(argv)


def list_images(path, log=print):
    """Images to run: ``path`` itself, or the images of folder ``path``.

    In a folder, files named like this script's outputs (``*_depth.png``, ``*_depth_color.png``)
    are left out with a line naming each, so that a second run over the output folder does not
    predict depth of depth maps; pass such a file as ``--input`` to run it anyway.
    """
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path):
        raise FileNotFoundError("--input not found: %s" % path)
    files = []
    for name in sorted(os.listdir(path)):
        if not name.lower().endswith(IMAGE_EXTS):
            continue
        if name.endswith(OUTPUT_SUFFIXES):
            log("skipping %s: named like a depth output (pass it as --input to run it)" % os.path.join(path, name))
            continue
        files.append(os.path.join(path, name))
    if not files:
        raise FileNotFoundError("--input folder %s holds no %s images" % (path, "/".join(IMAGE_EXTS)))
    return files


def aspect_warning(path, shape):
    """A warning line when the image is not 4:3 (the network input is), else None."""
    aspect = shape[1] / shape[0]
    if abs(aspect / NYU_ASPECT - 1) > 0.02:
        return ("warning: %s is %dx%d (aspect %.2f), DepthNet expects 4:3; the image is stretched to 4:3 "
                "for the network and the depth is mapped back to %dx%d" % (path, shape[1], shape[0], aspect,
                                                                            shape[1], shape[0]))
    return None


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
    setup_context(None if args.device_target == "auto" else args.device_target, args.device_id, "graph")
    coarse, fine = load_networks(args.coarse_ckpt_model, args.fine_ckpt_model)
    os.makedirs(args.output, exist_ok=True)
    for path in tqdm(files, desc="infer", disable=len(files) < 2):
        rgb = read_rgb(path)
        warning = aspect_warning(path, rgb.shape)
        if warning:
            print(warning)
        depth = whole_image_depth(coarse, fine, rgb)
        base = write_outputs(args.output, os.path.splitext(os.path.basename(path))[0], depth, args.cmap)
        print("%s -> %s_{.png,.npy,_color.png} %dx%d, depth %.2f..%.2f m"
              % (path, base, depth.shape[1], depth.shape[0], depth.min(), depth.max()))


if __name__ == "__main__":
    main()
