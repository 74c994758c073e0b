"""NYU Depth v2 labelled set as MiDaS evaluates it: ``nyu.mat`` (MATLAB v7.3) + ``splits.mat`` (v5).

``nyu.mat`` is an HDF5 file behind a 512-byte MATLAB header, like
``nyu_depth_v2_labeled.mat``: ``images`` uint8 (N, 3, W, H), ``depths`` float32 (N, W, H)
metres, ``rawDepths`` float32 (N, W, H) with 0 where the Kinect had no return (MATLAB's
H x W x 3 x N seen from h5py, hence the transposes). ``splits.mat`` holds ``trainNdxs`` and
``testNdxs``: 1-based column vectors (double) into N. ``num`` = images; every other one
(1, 3, 5, ...) is a test image.
"""
import os

import numpy as np

from .. import indoor
from ..matfile import write_mat5, write_mat73
from ..progress import progress
from . import register


def raw_depth(depth, rng):
    """Depth with Kinect-like holes: 0 at depth edges and in a few random blobs."""
    gy, gx = np.gradient(depth)
    holes = np.hypot(gx, gy) > 0.1 * depth
    holes |= rng.uniform(size=depth.shape) < 0.02
    return np.where(holes, 0.0, depth).astype(np.float32)


def write(out, num, seed, height, width, show_progress=True):
    rng = np.random.RandomState(seed + 977)
    images = np.zeros((num, 3, width, height), np.uint8)
    depths = np.zeros((num, width, height), np.float32)
    raw = np.zeros_like(depths)
    for i in progress(range(num), num, "midas_nyu", show_progress):
        rgb, depth = indoor.single_view(seed * 1000 + 980 + i, height, width)[:2]
        images[i] = rgb.transpose(2, 1, 0)
        depths[i] = depth.T
        raw[i] = raw_depth(depth, rng).T
    write_mat73(os.path.join(out, "nyu.mat"),
                {"images": images, "depths": depths, "rawDepths": raw})
    index = np.arange(1, num + 1, dtype=np.float64)
    write_mat5(os.path.join(out, "splits.mat"), {"trainNdxs": index[1::2][:, None],
                                                 "testNdxs": index[0::2][:, None]})


register("midas_nyu", write, num=4, height=96, width=128, help=__doc__.strip().splitlines()[0])
