"""Sintel reader: ``final_left/<scene>/*.png``, ``depth/.../*.dpt``, ``occlusions/.../*.png``."""
import glob
import os

import cv2
import numpy as np

from ..util import read_image
from .errors import DatasetError, missing, require_dir

KEY = "datapath_Sintel"
TAG_FLOAT = 202021.25


def read_dpt(path):
    """Sintel .dpt: float32 tag 202021.25, int32 width, int32 height, float32 row-major data."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 12 or np.frombuffer(data[:4], "<f4")[0] != np.float32(TAG_FLOAT):
        raise DatasetError("%s is not a Sintel .dpt file (no 202021.25 tag)" % path)
    w, h = np.frombuffer(data[4:12], "<i4")
    if w <= 0 or h <= 0 or len(data) != 12 + 4 * int(w) * int(h):
        raise DatasetError("%s: header says %dx%d but the file holds %d bytes of depth"
                           % (path, w, h, len(data) - 12))
    return np.frombuffer(data[12:], "<f4").reshape(int(h), int(w)).astype(np.float32)


def index(root):
    require_dir(KEY, root)
    images = sorted(glob.glob(os.path.join(root, "final_left", "*", "*.png")))
    if not images:
        raise missing(KEY, root, "has no final_left/<scene>/*.png")
    return images


def load(image_path):
    scene, name = image_path.split(os.sep)[-2:]
    root = os.path.dirname(os.path.dirname(os.path.dirname(image_path)))
    stem = os.path.splitext(name)[0]
    depth = read_dpt(os.path.join(root, "depth", scene, stem + ".dpt"))
    occ_path = os.path.join(root, "occlusions", scene, name)
    occ = cv2.imread(occ_path, cv2.IMREAD_GRAYSCALE)
    if occ is None:
        raise DatasetError("occlusion mask missing or unreadable: %s" % occ_path)
    return {"name": "%s/%s" % (scene, name), "image": read_image(image_path), "depth": depth,
            "mask": (occ == 0) & (depth > 0)}
