"""Aligning a prediction to ground truth before scoring; every function returns depth.

median_scale: monodepth2's per-image median scaling of scale-ambiguous depth.
scale_shift_disparity: the MiDaS protocol for affine-invariant disparity:
least-squares scale s and shift t with s * pred_disp + t ~ 1 / gt over the
mask, then disparity clamped to >= 1 / depth_cap and inverted.
"""
import numpy as np

from .depth import EmptyMaskError


def _float(name, a):
    a = np.asarray(a)
    if a.dtype.kind not in "fiub":
        raise ValueError("%s must be a numeric array, got dtype %s" % (name, a.dtype))
    return a if a.dtype.kind == "f" else a.astype(np.float64)


def _prepare(pred, gt, mask, pred_name="pred", pred_positive=True):
    pred, gt = _float(pred_name, pred), _float("gt", gt)
    if pred.shape != gt.shape:
        raise ValueError("%s and gt shapes differ: %s %s vs gt %s"
                         % (pred_name, pred_name, pred.shape, gt.shape))
    with np.errstate(invalid="ignore"):
        valid = np.isfinite(gt) & (gt > 0) & np.isfinite(pred)
        if pred_positive:
            valid &= pred > 0
    if mask is not None:
        mask = np.asarray(mask)
        if mask.dtype != np.bool_ or mask.shape != gt.shape:
            raise ValueError("mask must be a boolean array of gt's shape %s, got %s %s"
                             % (gt.shape, mask.dtype, mask.shape))
        valid &= mask
    if not valid.any():
        raise EmptyMaskError("no valid pixel to align on (gt finite and > 0, %s finite%s, "
                             "inside the mask)" % (pred_name, " and > 0" if pred_positive else ""))
    return pred, gt, valid


def median_scale_factor(pred, gt, mask):
    """median(gt[valid]) / median(pred[valid]) over the mask's valid pixels."""
    pred, gt, valid = _prepare(pred, gt, mask)
    return float(np.median(gt[valid]) / np.median(pred[valid]))


def median_scale(pred, gt, mask):
    """pred * median(gt[mask]) / median(pred[mask])."""
    s = median_scale_factor(pred, gt, mask)
    pred = _float("pred", pred)
    return pred * pred.dtype.type(s)


def fixed_scale(pred, s):
    """pred * s for a known positive scale (e.g. 5.4 for monodepth2 stereo)."""
    s = float(s)
    if not np.isfinite(s) or s <= 0:
        raise ValueError("scale must be a finite positive number, got %r" % (s,))
    pred = _float("pred", pred)
    return pred * pred.dtype.type(s)


def lstsq_scale_shift(pred_disp, gt_depth, mask):
    """(s, t) minimising sum over valid pixels of (s * pred_disp + t - 1/gt)^2."""
    pred, gt, valid = _prepare(pred_disp, gt_depth, mask, "pred_disp", pred_positive=False)
    p = pred[valid].astype(np.float64)
    y = 1.0 / gt[valid].astype(np.float64)
    n = float(p.size)
    a00, a01, b0, b1 = np.dot(p, p), p.sum(), np.dot(p, y), y.sum()
    det = a00 * n - a01 * a01
    if n < 2 or not det > 1e-12 * a00 * n:
        raise ValueError("scale/shift alignment is degenerate: the prediction is constant "
                         "over the %d valid pixel(s); cannot fit scale and shift" % int(n))
    s = (n * b0 - a01 * b1) / det
    t = (a00 * b1 - a01 * b0) / det
    return float(s), float(t)


def scale_shift_disparity(pred_disp, gt_depth, mask, depth_cap):
    """MiDaS evaluation: fit s, t in disparity space, clamp to 1/depth_cap, invert."""
    depth_cap = float(depth_cap)
    if not np.isfinite(depth_cap) or depth_cap <= 0:
        raise ValueError("depth_cap must be a finite positive depth, got %r" % (depth_cap,))
    s, t = lstsq_scale_shift(pred_disp, gt_depth, mask)
    pred = _float("pred_disp", pred_disp)
    disp = pred.astype(np.float64) * s + t
    with np.errstate(invalid="ignore"):
        disp = np.maximum(disp, 1.0 / depth_cap)  # NaN stays NaN
    return (1.0 / disp).astype(pred.dtype)
