"""ETH3D reader: ``<scene>/images/dslr_images/*.JPG`` + raw float32 depth of the same name."""
import glob
import os

import numpy as np

from ..util import read_image
from .errors import DatasetError, missing, require_dir

KEY = "datapath_ETH3D"


def index(root):
    require_dir(KEY, root)
    images = sorted(glob.glob(os.path.join(root, "*", "images", "dslr_images", "*.JPG")))
    if not images:
        raise missing(KEY, root, "has no <scene>/images/dslr_images/*.JPG")
    return images


def load(image_path):
    scene_dir = os.path.dirname(os.path.dirname(os.path.dirname(image_path)))
    depth_path = os.path.join(scene_dir, "ground_truth_depth", "dslr_images",
                              os.path.basename(image_path))
    image = read_image(image_path)
    h, w = image.shape[:2]
    if not os.path.isfile(depth_path):
        raise DatasetError("ETH3D ground truth not found: %s" % depth_path)
    if os.path.getsize(depth_path) != 4 * h * w:
        raise DatasetError("%s holds %d bytes, expected %dx%d float32 = %d (image %s)"
                           % (depth_path, os.path.getsize(depth_path), h, w, 4 * h * w, image_path))
    depth = np.fromfile(depth_path, "<f4").reshape(h, w)
    return {"name": os.path.relpath(image_path, os.path.dirname(scene_dir)), "image": image,
            "depth": depth, "mask": np.isfinite(depth) & (depth > 0)}
