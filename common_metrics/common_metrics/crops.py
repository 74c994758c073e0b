"""Evaluation crops of the depth literature as boolean masks.

``shape`` is an (H, W) tuple or an array whose last two dims are H, W.
"""
import numpy as np


def _hw(shape):
    if hasattr(shape, "shape"):
        shape = np.shape(shape)
    shape = tuple(int(s) for s in shape)
    if len(shape) < 2:
        raise ValueError("crop needs a shape (H, W) or an array of >= 2 dims, got %s"
                         % (shape,))
    h, w = shape[-2:]
    if h <= 0 or w <= 0:
        raise ValueError("crop needs a positive size, got H=%d W=%d" % (h, w))
    return h, w


def _box(h, w, top, bottom, left, right):
    m = np.zeros((h, w), dtype=bool)
    m[top:bottom, left:right] = True
    return m


def nyu_eigen_crop(shape):
    """Eigen's NYU crop: rows 45:471, cols 41:601 of 480x640, scaled otherwise."""
    h, w = _hw(shape)
    if (h, w) == (480, 640):
        return _box(h, w, 45, 471, 41, 601)
    return _box(h, w, int(round(45 * h / 480.0)), int(round(471 * h / 480.0)),
                int(round(41 * w / 640.0)), int(round(601 * w / 640.0)))


def kitti_garg_crop(shape):
    """Garg's KITTI crop (monodepth2 numbers, int() truncation)."""
    h, w = _hw(shape)
    return _box(h, w, int(0.40810811 * h), int(0.99189189 * h),
                int(0.03594771 * w), int(0.96405229 * w))


def kitti_eigen_crop(shape):
    """Eigen's KITTI crop (int() truncation)."""
    h, w = _hw(shape)
    return _box(h, w, int(0.3324324 * h), int(0.91351351 * h),
                int(0.03594771 * w), int(0.96405229 * w))


def kb_crop(shape):
    """KITTI benchmark crop: 352x1216 at the bottom centre."""
    h, w = _hw(shape)
    if h < 352 or w < 1216:
        raise ValueError("kb_crop needs an image of at least 352x1216, got %dx%d" % (h, w))
    top, left = h - 352, (w - 1216) // 2
    return _box(h, w, top, top + 352, left, left + 1216)


def depth_range_mask(gt, min_depth, max_depth):
    """Pixels with a finite gt and min_depth < gt < max_depth."""
    if not min_depth < max_depth:
        raise ValueError("depth range needs min_depth < max_depth, got %r, %r"
                         % (min_depth, max_depth))
    gt = np.asarray(gt)
    with np.errstate(invalid="ignore"):
        return np.isfinite(gt) & (gt > min_depth) & (gt < max_depth)
