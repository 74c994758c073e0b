"""ReDWeb V1 as the MiDaS loaders read it: ``ReDWeb_V1/Imgs/<name>.jpg`` + ``ReDWeb_V1/RDs/<name>.png``.

RDs are 8-bit relative depth in the disparity sense the MiDaS training loss
expects: ``RD = round(255 * (1/z - a) / (b - a))`` with ``a``/``b`` the smallest
and largest inverse depth in the image (sky counts as 1/z = 0), so LARGER = CLOSER
and the map equals inverse depth up to an unknown scale and shift. Scenes
alternate between rooms and streets. ``num`` = number of images.
"""
import os

import numpy as np

from .. import driving, indoor
from ..camera import Camera
from ..imageio import encode_gray, write_bytes, write_image
from ..progress import progress
from ..render import render
from . import register


def relative_depth(depth):
    """uint8 map affine in inverse depth (0 = farthest/sky, 255 = closest)."""
    d = np.asarray(depth, dtype=np.float64)
    disp = np.where(d > 0, 1.0 / np.where(d > 0, d, 1.0), 0.0)
    lo, hi = disp.min(), disp.max()
    if hi <= lo:
        raise ValueError("relative depth needs at least two different depths")
    return np.round((disp - lo) / (hi - lo) * 255.0).astype(np.uint8)


def view(i, seed, height, width):
    """RGB and metric depth of sample ``i``: a room for even ``i``, a street for odd."""
    s = seed * 1000 + 700 + i
    if i % 2 == 0:
        return indoor.single_view(s, height, width)[:2]
    street, poses = driving.drive_poses(s, 8)
    f = 0.8 * width
    cam = Camera(height, width, f, f, (width - 1) / 2.0, height * 0.45)
    return render(street.scene, cam, poses[np.random.RandomState(s).randint(len(poses))])


def write(out, num, seed, height, width, show_progress=True):
    root = os.path.join(out, "ReDWeb_V1")
    for i in progress(range(num), num, "redweb", show_progress):
        rgb, depth = view(i, seed, height, width)
        name = "sample_%05d" % (i + 1)
        write_image(os.path.join(root, "Imgs", name + ".jpg"), rgb)
        write_bytes(os.path.join(root, "RDs", name + ".png"), encode_gray(relative_depth(depth)))


register("redweb", write, num=16, height=384, width=512, help=__doc__.strip().splitlines()[0])
