"""KITTI reader: ``<drive>/image/<n>.png`` with ``<drive>/depth/<n>.png`` (uint16, metres * 256)."""
import glob
import os

from common_metrics.io import read_png16

from ..util import read_image
from .errors import missing, require_dir

KEY = "datapath_Kitti"


def index(root):
    require_dir(KEY, root)
    images = sorted(glob.glob(os.path.join(root, "*", "image", "*.png")))
    if not images:
        raise missing(KEY, root, "has no <drive>/image/*.png")
    return images


def load(image_path):
    drive, name = os.path.dirname(os.path.dirname(image_path)), os.path.basename(image_path)
    depth = read_png16(os.path.join(drive, "depth", name), scale=256.0)
    return {"name": os.path.relpath(image_path, os.path.dirname(drive)),
            "image": read_image(image_path), "depth": depth, "mask": depth > 0}
