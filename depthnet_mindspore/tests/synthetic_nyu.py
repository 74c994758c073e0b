"""Tiny NYU-layout datasets written with cv2 for the tests (known depths, known pixels)."""
import os

import cv2
import numpy as np


def scene(d0, h, w, rng):
    """RGB uint8 and depth (m) of a floor/wall scene whose brightness encodes its depth scale."""
    rows = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    depth = np.repeat(d0 * (1.4 - 0.6 * rows), w, axis=1).astype(np.float32)
    level = np.clip(255 * (1.0 - (d0 - 1.0) / 6.0), 20, 235)
    rgb = np.empty((h, w, 3), np.float32)
    rgb[..., 0] = level
    rgb[..., 1] = level * (0.6 + 0.4 * rows)
    rgb[..., 2] = 128 + 60 * np.sin(np.arange(w, dtype=np.float32) / 9.0)[None]
    rgb += rng.normal(0, 4, rgb.shape)
    return np.clip(rgb, 0, 255).astype(np.uint8), depth


def write_nyu(root, n_train=8, n_test=4, h=480, w=640, seed=0, scenes=2, depths=None):
    """Write ``root/Train/<scene>/<n>.jpg|png`` and ``root/Test/<NNNNN>_colors|depth.png``."""
    rng = np.random.default_rng(seed)
    for i in range(n_train):
        d0 = depths[i] if depths is not None else rng.uniform(1.5, 6.0)
        rgb, depth = scene(d0, h, w, rng)
        folder = os.path.join(root, "Train", "scene_%04d_out" % (i % scenes))
        os.makedirs(folder, exist_ok=True)
        cv2.imwrite(os.path.join(folder, "%d.jpg" % i), rgb[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 95])
        cv2.imwrite(os.path.join(folder, "%d.png" % i), np.round(depth / 10.0 * 255.0).astype(np.uint8))
    test = os.path.join(root, "Test")
    os.makedirs(test, exist_ok=True)
    for i in range(n_test):
        rgb, depth = scene(rng.uniform(1.5, 6.0), h, w, rng)
        cv2.imwrite(os.path.join(test, "%05d_colors.png" % i), rgb[..., ::-1])
        cv2.imwrite(os.path.join(test, "%05d_depth.png" % i), np.round(depth * 1000.0).astype(np.uint16))
    return root
