"""NYU Depth v2 as DenseDepth reads it: ``nyu_data.zip`` and ``nyu_test.zip``.

``nyu_data.zip``: ``data/nyu2_train.csv`` (``data/nyu2_train/<scene>/<n>.jpg,...png``,
8-bit depth with ``y = png / 255 * 1000`` where 1000 = 10 m), ``data/nyu2_test.csv``
(``data/nyu2_test/<NNNNN>_colors.png,..._depth.png``, 16-bit millimetres) and the
files they list. ``nyu_test.zip``: ``eigen_test_rgb.npy`` (uint8 N x H x W x 3),
``eigen_test_depth.npy`` (float32 metres, N x H x W) and ``eigen_test_crop.npy``
(``[20, 459, 24, 615]`` at 480x640, scaled for other sizes). Same scenes as
``nyu_depthnet`` for the same ``num``/``seed``/size.
"""
import io
import os
import zipfile

import numpy as np

from .. import nyu
from ..imageio import depth_to_uint16, depth_to_uint8, encode_gray, encode_image
from . import register

EIGEN_CROP = (20, 459, 24, 615)  # top, bottom, left, right (inclusive) at 480x640


def eigen_crop(height, width):
    t, b, l, r = EIGEN_CROP
    sy, sx = height / 480.0, width / 640.0
    return np.array([int(round(t * sy)), int(round(b * sy)), int(round(l * sx)), int(round(r * sx))],
                    dtype=np.int64)


def _npy_bytes(array):
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    return buf.getvalue()


def write(out, num, seed, height, width, show_progress=True):
    train, test = nyu.samples(num, seed, height, width, show_progress)
    train_rows, test_rows = [], []
    with zipfile.ZipFile(os.path.join(out, "nyu_data.zip"), "w", zipfile.ZIP_STORED) as z:
        for scene, n, rgb, depth in train:
            base = "data/nyu2_train/%s/%d" % (scene, n)
            z.writestr(_info(base + ".jpg"), encode_image(rgb, ".jpg"))
            z.writestr(_info(base + ".png"), encode_gray(depth_to_uint8(depth, 10.0)))
            train_rows.append("%s.jpg,%s.png" % (base, base))
        for i, (rgb, depth) in enumerate(test):
            base = "data/nyu2_test/%05d" % i
            z.writestr(_info(base + "_colors.png"), encode_image(rgb, ".png"))
            z.writestr(_info(base + "_depth.png"), encode_gray(depth_to_uint16(depth, 1000.0)))
            test_rows.append("%s_colors.png,%s_depth.png" % (base, base))
        z.writestr(_info("data/nyu2_train.csv"), ("\n".join(train_rows) + "\n").encode("utf-8"))
        z.writestr(_info("data/nyu2_test.csv"), ("\n".join(test_rows) + "\n").encode("utf-8"))
    rgb = np.stack([t[0] for t in test]).astype(np.uint8)
    depth = np.stack([t[1] for t in test]).astype(np.float32)
    with zipfile.ZipFile(os.path.join(out, "nyu_test.zip"), "w", zipfile.ZIP_STORED) as z:
        z.writestr(_info("eigen_test_rgb.npy"), _npy_bytes(rgb))
        z.writestr(_info("eigen_test_depth.npy"), _npy_bytes(depth))
        z.writestr(_info("eigen_test_crop.npy"), _npy_bytes(eigen_crop(rgb.shape[1], rgb.shape[2])))


def _info(name):
    """Zip entry with a fixed timestamp, so the same seed gives identical bytes."""
    info = zipfile.ZipInfo(name, date_time=(2012, 1, 1, 0, 0, 0))
    info.external_attr = 0o644 << 16
    return info


register("nyu_densedepth", write, num=128, height=480, width=640,
         help=__doc__.strip().splitlines()[0])
