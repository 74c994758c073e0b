"""Regenerate the README pictures: RGB above colourised inverse depth per scene family.

    python docs/make_pictures.py          (from sample_data/, needs common_metrics)
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from common_metrics.io import colorize, write_png  # noqa: E402
from sample_data import driving, indoor, objects  # noqa: E402
from sample_data.camera import Camera  # noqa: E402
from sample_data.render import render  # noqa: E402


def panel(rgb, depth):
    """RGB next to magma-coloured inverse depth (sky/invalid black)."""
    inv = np.where(depth > 0, 1.0 / np.where(depth > 0, depth, 1.0), np.nan)
    return np.concatenate([rgb, colorize(inv, "magma")], axis=1)


def main():
    rows = []
    for seed in (0, 1):
        rgb, depth, _, _ = indoor.single_view(seed, 180, 240)
        rows.append(panel(rgb, depth))
    write_png(os.path.join(HERE, "indoor.png"), np.concatenate(rows, axis=0))

    street, poses = driving.drive_poses(0, 3)
    frame = driving.render_stereo(street, poses[2], 125, 414)
    write_png(os.path.join(HERE, "driving.png"), np.concatenate(
        [frame["rgb"], colorize(np.where(frame["depth"] > 0, 1.0 / np.maximum(frame["depth"], 1e-6),
                                         np.nan), "magma")], axis=0))

    tiles = []
    for c in range(5):
        scene, c2w = objects.object_scene(c, 11 + c)
        cam = Camera(96, 96, 105.6, 105.6, 47.5, 47.5)
        rgb, depth = render(scene, cam, c2w)
        tiles.append(panel(rgb, depth).reshape(96, 192, 3))
    top = np.concatenate([t[:, :96] for t in tiles], axis=1)
    bottom = np.concatenate([t[:, 96:] for t in tiles], axis=1)
    write_png(os.path.join(HERE, "objects.png"), np.concatenate([top, bottom], axis=0))


if __name__ == "__main__":
    main()
