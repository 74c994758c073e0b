"""Relative-depth metrics: the MiDaS delta error and DIW's WHDR."""
import numpy as np

from .depth import EmptyMaskError, _check, _valid


def delta_error_percent(pred_depth, gt, mask, threshold=1.25):
    """100 * fraction of valid masked pixels with max(p/g, g/p) > threshold."""
    if not threshold > 1:
        raise ValueError("threshold must be > 1, got %r" % (threshold,))
    pred, gt, mask = _check(pred_depth, gt, mask)
    v = _valid(pred, gt, mask)
    n = np.count_nonzero(v)
    if n == 0:
        raise EmptyMaskError("delta_error_percent: no valid pixel (gt and pred finite "
                             "and > 0 inside the mask)")
    p, g = pred[v].astype(np.float64), gt[v].astype(np.float64)
    bad = np.count_nonzero(np.maximum(p / g, g / p) > threshold)
    return 100.0 * bad / n


def whdr(pred, pairs):
    """Weighted human disagreement rate on DIW-style ordinal pairs.

    pred: depth map (H, W); pairs: int array (N, 5) of y1, x1, y2, x2, rel with
    rel = +1 when point 1 is closer (smaller depth) and -1 when point 2 is.
    A pair is violated unless the predicted order matches; ties and non-finite
    predictions count as violations. Returns the violated fraction.
    """
    pred = np.asarray(pred)
    if pred.ndim != 2:
        raise ValueError("whdr needs a (H, W) depth map, got shape %s" % (pred.shape,))
    pairs = np.asarray(pairs)
    if pairs.ndim != 2 or pairs.shape[1] != 5 or pairs.shape[0] == 0:
        raise ValueError("pairs must be a non-empty (N, 5) array of y1, x1, y2, x2, rel; "
                         "got shape %s" % (pairs.shape,))
    if pairs.dtype.kind not in "iu":
        if pairs.dtype.kind != "f" or not np.all(pairs == np.round(pairs)):
            raise ValueError("pairs must hold integers, got dtype %s" % pairs.dtype)
        pairs = pairs.astype(np.int64)
    y1, x1, y2, x2, rel = pairs.T
    h, w = pred.shape
    for name, c, lim in (("y1", y1, h), ("x1", x1, w), ("y2", y2, h), ("x2", x2, w)):
        if c.min() < 0 or c.max() >= lim:
            raise ValueError("pairs column %s out of range [0, %d): min %d max %d"
                             % (name, lim, c.min(), c.max()))
    if not np.all((rel == 1) | (rel == -1)):
        raise ValueError("pairs rel column must be +1 or -1, got values %s"
                         % np.unique(rel)[:10].tolist())
    d1, d2 = pred[y1, x1], pred[y2, x2]
    with np.errstate(invalid="ignore"):
        ok = np.where(rel == 1, d1 < d2, d2 < d1)
    return float(np.count_nonzero(~ok)) / pairs.shape[0]
