"""Predict disparity for one image, a folder or a glob.

python demo.py --image_path assets/test_image.jpg --load_weights_folder W
writes <name>_disp.npy (scaled disparity), <name>_disp.png (magma, 95th percentile) and, for
stereo-trained models or with --pred_metric_depth, <name>_depth.npy in metres (x5.4).
"""
import argparse
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import console  # noqa: E402  (before paddle)

console.quiet_third_party()

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import paddle  # noqa: E402

from common_metrics.io import write_colormap, write_npy  # noqa: E402

from datasets.mono_dataset import read_rgb, resize_rgb  # noqa: E402
from layers import STEREO_SCALE_FACTOR, disp_to_depth  # noqa: E402
from model_io import load_depth_model  # noqa: E402


def parse_args(args=None):
    p = argparse.ArgumentParser(description="Monodepth2 (Paddle) demo on images")
    p.add_argument("--image_path", type=str, required=True, help="image file, folder or glob")
    p.add_argument("--load_weights_folder", type=str, required=True)
    p.add_argument("--ext", type=str, default="jpg", help="image extension inside a folder")
    p.add_argument("--output_dir", type=str, help="default: next to each image")
    p.add_argument("--num_layers", type=int, default=18, choices=[18, 34, 50, 101, 152])
    p.add_argument("--min_depth", type=float, default=0.1)
    p.add_argument("--max_depth", type=float, default=100.0)
    p.add_argument("--pred_metric_depth", action="store_true",
                   help="write metric depth (x5.4) even if the model was not trained with stereo")
    p.add_argument("--no_cuda", action="store_true")
    return p.parse_args(args)


def find_images(path, ext):
    if os.path.isfile(path):
        return [path]
    if os.path.isdir(path):
        want = "." + ext.lower().lstrip(".")  # IMG.JPG and img.jpg alike
        paths = sorted(os.path.join(path, f) for f in os.listdir(path)
                       if f.lower().endswith(want) and not f.endswith("_disp.png"))
    else:
        paths = sorted(glob.glob(path))
    if not paths:
        raise FileNotFoundError("--image_path matches no image: {}".format(path))
    return paths


def predict(encoder, decoder, rgb, height, width, min_depth, max_depth):
    """uint8 RGB (H, W, 3) -> scaled disparity (H, W) at the image's own size."""
    h, w = rgb.shape[:2]
    x = resize_rgb(rgb, width, height).astype(np.float32) / 255.0
    x = paddle.to_tensor(x.transpose(2, 0, 1)[None])
    with paddle.no_grad():
        disp = decoder(encoder(x))[("disp", 0)]
    disp = cv2.resize(disp[0, 0].numpy(), (w, h), interpolation=cv2.INTER_LINEAR)
    scaled, _ = disp_to_depth(disp, min_depth, max_depth)
    return scaled.astype(np.float32)


def run(opt):
    paddle.set_device("gpu" if paddle.is_compiled_with_cuda() and not opt.no_cuda else "cpu")
    encoder, decoder, meta = load_depth_model(opt.load_weights_folder, opt.num_layers)
    paths = find_images(opt.image_path, opt.ext)
    metric = opt.pred_metric_depth or bool(meta.get("use_stereo", False))
    print("-> Predicting on {} image(s) at {}x{}".format(len(paths), meta["width"], meta["height"]))
    for i, path in enumerate(paths):
        rgb = read_rgb(path)
        disp = predict(encoder, decoder, rgb, meta["height"], meta["width"],
                       opt.min_depth, opt.max_depth)
        out_dir = opt.output_dir or os.path.dirname(os.path.abspath(path))
        os.makedirs(out_dir, exist_ok=True)
        stem = os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0])
        write_npy(stem + "_disp.npy", disp)
        write_colormap(stem + "_disp.png", disp, cmap="magma", percentile=95)
        if metric:
            write_npy(stem + "_depth.npy", STEREO_SCALE_FACTOR / disp)
        print("   {}/{}: {} -> {}_disp.npy{}".format(i + 1, len(paths), path, stem,
                                                      " + _depth.npy" if metric else ""))
    print("-> Done!")


def main(args=None):
    console.run_main(run, parse_args(args))


if __name__ == "__main__":
    main()
