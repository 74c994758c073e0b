"""ETH3D (high-res multi-view, undistorted) as MiDaS evaluates it: DSLR images + raw float32 depth.

``<scene>/images/dslr_images/DSC_%04d.JPG`` and
``<scene>/ground_truth_depth/dslr_images/DSC_%04d.JPG``: the depth file keeps the image's
name, has no header and holds height x width float32 metres, row-major, little endian,
with inf = no ground truth (sky here); its size is only known from the image's.
``num`` = images; rooms (scene ``office``) and streets (scene ``courtyard``) alternate.
"""
import os

import numpy as np

from ..imageio import write_bytes, write_image
from ..progress import progress
from . import register
from .redweb import view

SCENES = ("office", "courtyard")


def write(out, num, seed, height, width, show_progress=True):
    for i in progress(range(num), num, "midas_eth3d", show_progress):
        rgb, depth = view(i + 40, seed, height, width)
        depth = np.where(depth > 0, depth, np.inf).astype("<f4")
        scene, name = SCENES[i % 2], "DSC_%04d.JPG" % (i + 1)
        write_image(os.path.join(out, scene, "images", "dslr_images", name), rgb)
        write_bytes(os.path.join(out, scene, "ground_truth_depth", "dslr_images", name),
                    depth.tobytes())


register("midas_eth3d", write, num=4, height=96, width=144, help=__doc__.strip().splitlines()[0])
