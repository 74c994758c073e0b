"""MPI Sintel (stereo + depth releases) for MiDaS: ``final_left``, ``depth``, ``occlusions``.

``final_left/<scene>/frame_%04d.png`` (8-bit RGB), ``depth/<scene>/frame_%04d.dpt``
(Sintel's depth file: float32 tag 202021.25, int32 width, int32 height, then
height x width float32 metres, row-major, little endian) and
``occlusions/<scene>/frame_%04d.png`` (uint8, 255 = occluded: the pixel is hidden in
the right view of the stereo pair, 0 = visible). Rooms only, so every pixel has depth.
``num`` = frames, spread over two scenes.
"""
import os
import struct

import numpy as np

from .. import indoor
from ..camera import nyu_camera, translation
from ..imageio import encode_gray, write_bytes, write_image
from ..progress import progress
from ..render import render
from . import register

TAG_FLOAT = 202021.25
SCENES = ("alley_1", "bamboo_2")
BASELINE = 0.1


def dpt_bytes(depth):
    depth = np.asarray(depth, dtype="<f4")
    h, w = depth.shape
    return struct.pack("<fii", TAG_FLOAT, w, h) + depth.tobytes()


def occlusion(depth, depth_right, fx):
    """255 where the left pixel is hidden in the right view (its match is nearer there)."""
    h, w = depth.shape
    v, u = np.mgrid[0:h, 0:w]
    ur = np.round(u - fx * BASELINE / depth).astype(np.int64)
    inside = (ur >= 0) & (ur < w)
    seen = depth_right[v, np.clip(ur, 0, w - 1)]
    visible = inside & (np.abs(seen - depth) <= 0.02 * depth)
    return np.where(visible, 0, 255).astype(np.uint8)


def write(out, num, seed, height, width, show_progress=True):
    cam = nyu_camera(height, width)
    per_scene = [num // 2 + (1 if k < num % 2 else 0) for k in range(2)]
    jobs = [(k, i) for k in range(2) for i in range(per_scene[k])]
    walks = {}
    for k, i in progress(jobs, len(jobs), "midas_sintel", show_progress):
        if k not in walks:
            walks = {k: indoor.trajectory(seed * 1000 + 960 + k, max(per_scene[k], 1) * 3)}
        room, poses = walks[k]
        c2w = poses[i * 3]
        rgb, depth = render(room.scene, cam, c2w)
        _, depth_right = render(room.scene, cam, c2w.dot(translation(x=BASELINE)))
        name = "frame_%04d" % (i + 1)
        write_image(os.path.join(out, "final_left", SCENES[k], name + ".png"), rgb)
        write_bytes(os.path.join(out, "depth", SCENES[k], name + ".dpt"), dpt_bytes(depth))
        write_bytes(os.path.join(out, "occlusions", SCENES[k], name + ".png"),
                    encode_gray(occlusion(depth, depth_right, cam.K[0, 0])))


register("midas_sintel", write, num=4, height=109, width=256, help=__doc__.strip().splitlines()[0])
