"""Standard monocular depth metrics (Eigen et al. 2014 and the KITTI SILog).

Definitions, over the valid pixels (gt and pred finite and > 0, inside mask),
with g = ground truth, p = prediction, e = ln p - ln g:

    abs_rel  = mean(|g - p| / g)
    sq_rel   = mean((g - p)^2 / g)
    rmse     = sqrt(mean((g - p)^2))
    rmse_log = sqrt(mean(e^2))
    log10    = mean(|log10 g - log10 p|)       = mean(|e|) / ln 10
    silog    = 100 * sqrt(mean(e^2) - mean(e)^2)
    a_k      = mean(max(g/p, p/g) < 1.25^k)

Every metric is derived from ten running sums of one image (see ``_image_sums``),
so one image, a per-image average and a pooled set all share one fast pass.
"""
import math

import numpy as np

METRIC_NAMES = ("abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "silog",
                "a1", "a2", "a3")

_T = (1.25, 1.25 ** 2, 1.25 ** 3)
_LN10 = math.log(10.0)
# Pixels per slice in the fast path: the temporaries of one slice stay in cache.
_CHUNK = 1 << 16
# Layout of the sums vector: n, S|d|/g, Sd^2/g, Sd^2, Se, Se^2, S|e|, c1, c2, c3
_N_SUMS = 10


class EmptyMaskError(ValueError):
    """No pixel is valid (gt and pred finite and > 0, inside the mask)."""


def _as_float(name, a):
    a = np.asarray(a)
    if a.dtype == np.float32 or a.dtype == np.float64:
        return a
    if a.dtype.kind not in "fiub":
        raise ValueError("%s must be a numeric array, got dtype %s" % (name, a.dtype))
    return a.astype(np.float64)


def _check(pred, gt, mask):
    pred = _as_float("pred", pred)
    gt = _as_float("gt", gt)
    if pred.shape != gt.shape:
        raise ValueError("pred and gt shapes differ: pred %s vs gt %s"
                         % (pred.shape, gt.shape))
    if mask is not None:
        mask = np.asarray(mask)
        if mask.dtype != np.bool_:
            raise ValueError("mask must be a boolean array, got dtype %s" % mask.dtype)
        if mask.shape != gt.shape:
            raise ValueError("mask shape %s does not match gt shape %s"
                             % (mask.shape, gt.shape))
    if pred.dtype != gt.dtype:  # compute in the wider type
        pred = pred.astype(np.float64)
        gt = gt.astype(np.float64)
    return pred, gt, mask


def _valid(pred, gt, mask):
    """Boolean mask of usable pixels: finite and > 0 in both, inside mask."""
    with np.errstate(invalid="ignore"):  # NaN compares False: excluded
        v = gt > 0
        v &= gt < np.inf
        v &= pred > 0
        v &= pred < np.inf
    if mask is not None:
        v &= mask
    return v


def _chunk_sums(p, g, c, out):
    """Add the ten sums of 1-D float arrays p, g (all valid) into out.

    Sums of a chunk are taken in the input precision (NumPy's pairwise sum,
    relative error ~1e-7 over a chunk) and accumulated in float64. The log
    ratio is summed around a shift c close to its mean, so silog's
    mean(e^2) - mean(e)^2 does not cancel in float32 digits.
    """
    add = np.add.reduce
    n = p.size
    d = g - p
    r = d / g                       # (g - p) / g
    out[1] += float(add(np.abs(r)))
    r *= d                          # (g - p)^2 / g
    out[2] += float(add(r))
    d *= d
    out[3] += float(add(d))
    q = np.divide(p, g, out=r)      # p / g
    m = np.divide(g, p, out=d)      # g / p
    np.maximum(m, q, out=m)         # the threshold ratio exactly as defined, so
    out[7] += np.count_nonzero(m < _T[0])   # ties at 1.25^k count as the
    out[8] += np.count_nonzero(m < _T[1])   # textbook formula counts them
    out[9] += np.count_nonzero(m < _T[2])
    e = np.log(q, out=q)            # e = ln p - ln g, one log for all log metrics
    out[6] += float(add(np.abs(e, out=m)))
    e -= e.dtype.type(c)
    s1 = float(add(e))              # sum(e - c)
    e *= e
    s2 = float(add(e))              # sum((e - c)^2)
    out[0] += n
    out[4] += s1 + n * c                        # sum(e)
    out[5] += s2 + 2.0 * c * s1 + n * c * c     # sum(e^2)


def _image_sums(pred, gt, mask=None):
    """The ten sums of one (already checked) image as a float64 vector."""
    out = np.zeros(_N_SUMS, dtype=np.float64)
    v = _valid(pred, gt, mask)
    p = pred[v]
    g = gt[v]
    if p.size:
        # shift for the log sums: the mean log ratio of a sample of pixels
        k = slice(0, p.size, max(1, p.size // 256))
        c = float(np.mean(np.log(p[k].astype(np.float64) / g[k])))
        for i in range(0, p.size, _CHUNK):
            _chunk_sums(p[i:i + _CHUNK], g[i:i + _CHUNK], c, out)
    return out


def _metrics_from_sums(s):
    n = s[0]
    mean_e = s[4] / n
    mean_e2 = s[5] / n
    return {
        "abs_rel": float(s[1] / n),
        "sq_rel": float(s[2] / n),
        "rmse": float(math.sqrt(s[3] / n)),
        "rmse_log": float(math.sqrt(mean_e2)),
        "log10": float(s[6] / n / _LN10),
        # max(0, .) guards the rounding of a (near) constant log ratio
        "silog": float(100.0 * math.sqrt(max(mean_e2 - mean_e * mean_e, 0.0))),
        "a1": float(s[7] / n),
        "a2": float(s[8] / n),
        "a3": float(s[9] / n),
    }


def compute_depth_metrics(pred, gt, mask=None):
    """The nine metrics of one prediction against its ground truth.

    pred, gt: arrays of equal shape (depth, any unit); mask: None or a boolean
    array of the same shape. Pixels where gt or pred is not finite or <= 0
    are never used. Raises EmptyMaskError when no pixel is valid and
    ValueError on mismatched shapes. Returns a dict of python floats.
    """
    pred, gt, mask = _check(pred, gt, mask)
    s = _image_sums(pred, gt, mask)
    if s[0] == 0:
        raise EmptyMaskError(
            "no valid pixel: gt and pred must be finite and > 0 inside the mask "
            "(shape %s, mask %s)" % (gt.shape, "None" if mask is None
                                      else "%d true" % int(np.count_nonzero(mask))))
    return _metrics_from_sums(s)


class DepthMetricAccumulator(object):
    """Streaming depth metrics over a data set in O(1) memory.

    averaging="per_image": mean over images of each image's metrics
    (monodepth2, the MDE toolbox). averaging="pooled": metrics over all valid
    pixels of the set at once (DenseDepth's evaluate). One ``update`` is one
    image; an image without a valid pixel is skipped and counted.
    """

    AVERAGING = ("per_image", "pooled")

    def __init__(self, averaging="per_image"):
        if averaging not in self.AVERAGING:
            raise ValueError("averaging must be one of %s, got %r"
                             % (", ".join(self.AVERAGING), averaging))
        self.averaging = averaging
        self.reset()

    def reset(self):
        self.num_samples = 0
        self.num_skipped = 0
        self._sums = np.zeros(_N_SUMS, dtype=np.float64)
        self._metric_sums = dict.fromkeys(METRIC_NAMES, 0.0)

    def update(self, pred, gt, mask=None):
        """Add one image; returns False when it had no valid pixel (skipped)."""
        pred, gt, mask = _check(pred, gt, mask)
        s = _image_sums(pred, gt, mask)
        if s[0] == 0:
            self.num_skipped += 1
            return False
        self.num_samples += 1
        if self.averaging == "pooled":
            self._sums += s
        else:
            for k, v in _metrics_from_sums(s).items():
                self._metric_sums[k] += v
        return True

    def update_batch(self, preds, gts, masks=None):
        """Add a batch (first axis = images); returns the number skipped.

        masks: None, one boolean mask per image (N, ...) or one mask for all
        images (the shape of one image)."""
        preds, gts = _as_float("preds", preds), _as_float("gts", gts)
        if gts.ndim < 2:
            raise ValueError("a batch needs at least 2 dims (N, ...), got shape %s"
                             % (gts.shape,))
        shared = masks is not None and np.shape(masks) == gts.shape[1:]
        if masks is not None and not shared:
            _check(preds, gts, masks)  # the shape error names the full shapes
        skipped = 0
        for i in range(gts.shape[0]):
            m = None if masks is None else (masks if shared else masks[i])
            skipped += not self.update(preds[i], gts[i], m)
        return skipped

    def result(self):
        """The nine metrics plus num_samples (images used) and num_skipped."""
        if self.num_samples == 0:
            raise ValueError(
                "DepthMetricAccumulator.result(): no image with a valid pixel was "
                "added (%d skipped)" % self.num_skipped)
        if self.averaging == "pooled":
            out = _metrics_from_sums(self._sums)
        else:
            out = {k: v / self.num_samples for k, v in self._metric_sums.items()}
        out = {k: float(out[k]) for k in METRIC_NAMES}
        out["num_samples"] = self.num_samples
        out["num_skipped"] = self.num_skipped
        return out
