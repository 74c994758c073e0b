"""NYU Depth v2 as the DepthNet (MindSpore) scripts read it.

``Train/<scene>/<n>.jpg`` + ``<n>.png`` (8-bit, depth = png / 255 * 10 m) and
``Test/<NNNNN>_colors.png`` + ``<NNNNN>_depth.png`` (uint16, depth = png / 1000 m).
``num`` = number of training images (spread over up to 4 scenes); the test set
has ``max(2, num // 8)`` images from rooms that are not in the training set.
"""
import os

from .. import nyu
from ..imageio import depth_to_uint16, depth_to_uint8, encode_gray, write_bytes, write_image
from . import register

TRAIN_MAX_DEPTH = 10.0
TEST_DEPTH_SCALE = 1000.0


def write(out, num, seed, height, width, show_progress=True):
    train, test = nyu.samples(num, seed, height, width, show_progress)
    for scene, n, rgb, depth in train:
        base = os.path.join(out, "Train", scene, str(n))
        write_image(base + ".jpg", rgb)
        write_bytes(base + ".png", encode_gray(depth_to_uint8(depth, TRAIN_MAX_DEPTH)))
    for i, (rgb, depth) in enumerate(test):
        base = os.path.join(out, "Test", "%05d" % i)
        write_image(base + "_colors.png", rgb)
        write_bytes(base + "_depth.png", encode_gray(depth_to_uint16(depth, TEST_DEPTH_SCALE)))


register("nyu_depthnet", write, num=128, height=480, width=640, help=__doc__.strip().splitlines()[0])
