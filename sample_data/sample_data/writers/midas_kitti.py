"""KITTI for MiDaS zero-shot evaluation: ``<drive>/image/<n>.png`` + ``<drive>/depth/<n>.png``.

Depth PNGs are uint16 with depth = png / 256 m and 0 = invalid (sky), the encoding of
the KITTI depth benchmark; images are 8-bit RGB PNGs. ``num`` = frames, spread over
two drives (``2011_09_26_drive_0001_sync``, ...).
"""
import os

from .. import driving, kitti
from ..camera import kitti_camera
from ..imageio import depth_to_uint16, encode_gray, write_bytes, write_image
from ..progress import progress
from ..render import render
from . import register

GT_SCALE = 256.0
NUM_DRIVES = 2


def write(out, num, seed, height, width, show_progress=True):
    cam = kitti_camera(height, width)
    per_drive = [num // NUM_DRIVES + (1 if k < num % NUM_DRIVES else 0) for k in range(NUM_DRIVES)]
    jobs = [(k, i) for k in range(NUM_DRIVES) for i in range(per_drive[k])]
    drives = {}
    for k, i in progress(jobs, len(jobs), "midas_kitti", show_progress):
        if k not in drives:
            drives = {k: driving.drive_poses(seed * 1000 + 900 + k, max(per_drive[k], 1) * 5)}
        street, poses = drives[k]
        rgb, depth = render(street.scene, cam, poses[i * 5])
        folder = os.path.join(out, "%s_drive_%04d_sync" % (kitti.DATE, k + 1))
        name = "%010d.png" % (i * 5)
        write_image(os.path.join(folder, "image", name), rgb)
        write_bytes(os.path.join(folder, "depth", name),
                    encode_gray(depth_to_uint16(depth, GT_SCALE)))


register("midas_kitti", write, num=4, height=96, width=320, help=__doc__.strip().splitlines()[0])
