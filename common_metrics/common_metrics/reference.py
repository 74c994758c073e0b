"""Textbook per-image depth metrics, written for clarity, not speed.

The reference the fast path in ``depth`` is tested and benchmarked against:
separate logarithms, the max(g/p, p/g) ratio, plain means.
"""
import numpy as np


def reference_metrics(pred, gt, mask=None, dtype=np.float64):
    """The nine metrics of one image; dtype=None computes in the input dtype
    (as monodepth2's compute_errors does)."""
    pred, gt = np.asarray(pred), np.asarray(gt)
    if dtype is not None:
        pred, gt = pred.astype(dtype), gt.astype(dtype)
    with np.errstate(invalid="ignore"):
        valid = np.isfinite(gt) & np.isfinite(pred) & (gt > 0) & (pred > 0)
    if mask is not None:
        valid &= mask
    g, p = gt[valid], pred[valid]
    thresh = np.maximum(g / p, p / g)
    e = np.log(p) - np.log(g)
    return {
        "abs_rel": float(np.mean(np.abs(g - p) / g)),
        "sq_rel": float(np.mean((g - p) ** 2 / g)),
        "rmse": float(np.sqrt(np.mean((g - p) ** 2))),
        "rmse_log": float(np.sqrt(np.mean((np.log(g) - np.log(p)) ** 2))),
        "log10": float(np.mean(np.abs(np.log10(g) - np.log10(p)))),
        "silog": float(100 * np.sqrt(np.mean(e ** 2) - np.mean(e) ** 2)),
        "a1": float(np.mean(thresh < 1.25)),
        "a2": float(np.mean(thresh < 1.25 ** 2)),
        "a3": float(np.mean(thresh < 1.25 ** 3)),
    }
