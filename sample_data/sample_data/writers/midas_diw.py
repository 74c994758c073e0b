"""Depth in the Wild (DIW) test set: ``DIW_Annotations/DIW_test.csv`` + ``DIW_test/<name>.thumb``.

The csv has two rows per image: the image path (``./DIW_test/<name>.thumb``, a JPEG
thumbnail) and ``y_A,x_A,y_B,x_B,relation,width,height`` with 1-based pixel coordinates
of one human-judged point pair and ``relation`` ``>`` when point A is farther than point
B, ``<`` when it is closer. Here each pair is drawn from the rendered depth (both points
on geometry, depths differing by more than 20 %). ``num`` = images; rooms and streets
alternate.
"""
import os

import numpy as np

from ..imageio import encode_image, write_bytes
from ..progress import progress
from . import register
from .redweb import view

MIN_RATIO = 1.2


def point_pair(depth, rng, a_farther):
    """1-based (y_A, x_A, y_B, x_B) and relation of two valid pixels with a clear depth order."""
    ys, xs = np.nonzero(depth > 0)
    for _ in range(1000):
        a, b = rng.randint(len(ys), size=2)
        za, zb = depth[ys[a], xs[a]], depth[ys[b], xs[b]]
        if max(za, zb) > MIN_RATIO * min(za, zb):
            if (za > zb) != a_farther:
                a, b, za, zb = b, a, zb, za
            return (ys[a] + 1, xs[a] + 1, ys[b] + 1, xs[b] + 1), (">" if za > zb else "<")
    raise ValueError("DIW: no point pair with a clear depth order in this view")


def write(out, num, seed, height, width, show_progress=True):
    rng = np.random.RandomState(seed + 991)
    rows = []
    for i in progress(range(num), num, "midas_diw", show_progress):
        rgb, depth = view(i + 60, seed, height, width)
        name = "".join("%02x" % b for b in rng.randint(0, 256, 20)) + ".thumb"
        write_bytes(os.path.join(out, "DIW_test", name), encode_image(rgb, ".jpg"))
        (ya, xa, yb, xb), rel = point_pair(depth, rng, a_farther=i % 2 == 0)
        rows.append("./DIW_test/%s" % name)
        rows.append("%d,%d,%d,%d,%s,%d,%d" % (ya, xa, yb, xb, rel, width, height))
    os.makedirs(os.path.join(out, "DIW_Annotations"))
    with open(os.path.join(out, "DIW_Annotations", "DIW_test.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")


register("midas_diw", write, num=4, height=96, width=128, help=__doc__.strip().splitlines()[0])
