"""The MiDaS zero-shot protocol: per-dataset metric and depth cap, disparity alignment, scores.

Per image: the prediction (relative inverse depth) is resized to the ground truth's size,
fitted to 1/gt with least-squares scale and shift over the valid pixels, clamped at
1/depth_cap, inverted and scored; a dataset's score is the mean over its images
(``common_metrics.align`` and ``common_metrics.relative`` do the work).
"""
import collections

import cv2
import numpy as np
from common_metrics.align import scale_shift_disparity
from common_metrics.baseline import constant_depth
from common_metrics.crops import depth_range_mask, nyu_eigen_crop
from common_metrics.depth import compute_depth_metrics
from common_metrics.relative import delta_error_percent, whdr

from . import diw, eth3d, kitti, nyu, sintel, tum

Spec = collections.namedtuple("Spec", "name reader metric cap crop resize_method")

# metric: "delta" = % of pixels with max(p/g, g/p) > 1.25; "abs_rel"; "whdr" (DIW pairs).
# resize_method: how the network input keeps the aspect ratio (the model zoo's choice).
SPECS = collections.OrderedDict((s.name, s) for s in (
    Spec("Kitti", kitti, "delta", 80.0, None, "lower_bound"),
    Spec("Sintel", sintel, "abs_rel", 72.0, None, "upper_bound"),
    Spec("TUM", tum, "delta", 10.0, None, "upper_bound"),
    Spec("ETH3D", eth3d, "abs_rel", 72.0, None, "upper_bound"),
    Spec("DIW", diw, "whdr", None, None, "upper_bound"),
    Spec("NYU", nyu, "delta", 10.0, "nyu_eigen", "upper_bound"),
))
METRIC_KEYS = {"delta": "delta_1.25_err_pct", "abs_rel": "abs_rel", "whdr": "whdr"}


def select(data_name):
    """Specs for ``--data_name``: one name (case-insensitive), ``all``, or a comma list."""
    if str(data_name).lower() == "all":
        return list(SPECS.values())
    by_lower = {name.lower(): spec for name, spec in SPECS.items()}
    chosen = []
    for part in str(data_name).split(","):
        spec = by_lower.get(part.strip().lower())
        if spec is None:
            raise ValueError("data_name %r: expected one of %s, all (or a comma list)"
                             % (part.strip(), ", ".join(SPECS)))
        if spec not in chosen:
            chosen.append(spec)
    return chosen


def resize_to(pred, shape):
    """Prediction resized to exactly (H, W), bicubic with half-pixel centres (upstream run.py)."""
    pred = np.asarray(pred, np.float32)
    if pred.shape == tuple(shape):
        return pred
    return cv2.resize(pred, (int(shape[1]), int(shape[0])), interpolation=cv2.INTER_CUBIC)


def eval_mask(spec, sample):
    """Valid ground truth below the depth cap (and inside the Eigen crop for NYU)."""
    depth = sample["depth"]
    mask = sample["mask"] & depth_range_mask(depth, 0.0, spec.cap)
    if spec.crop == "nyu_eigen":
        mask &= nyu_eigen_crop(depth.shape)
    return mask


def is_constant(values):
    """True when values are equal up to float32 rounding (no scale/shift can be fitted)."""
    values = np.asarray(values, np.float64)
    return values.size > 0 and np.ptp(values) <= 1e-6 * (np.abs(values).max() + 1e-30)


def aligned_depth(pred_disp, depth, mask, cap):
    """Depth from a disparity prediction after the scale/shift fit, clamped at ``cap``.

    A prediction constant over the mask (e.g. the constant baseline) has no unique fit; its
    best least-squares fit is the constant mean target disparity (common_metrics.baseline).
    """
    if is_constant(pred_disp[mask]):
        return constant_depth(depth, mask, "lsq_disp", depth_cap=cap)
    return scale_shift_disparity(pred_disp, depth, mask, cap)


def score(spec, pred_disp, sample):
    """(metrics dict, aligned depth or None) of one image; pred_disp is at any size."""
    if spec.metric == "whdr":
        pred = resize_to(pred_disp, sample["size"])
        return {"whdr": whdr(-pred.astype(np.float64), sample["pairs"])}, None
    depth = sample["depth"]
    pred = resize_to(pred_disp, depth.shape)
    mask = eval_mask(spec, sample)
    if not mask.any():
        raise ValueError("%s %s: no valid ground-truth pixel below %g m"
                         % (spec.name, sample["name"], spec.cap))
    if not np.isfinite(pred[mask]).all():
        raise ValueError("%s %s: the prediction has NaN/inf values" % (spec.name, sample["name"]))
    pred_depth = aligned_depth(pred, depth, mask, spec.cap)
    metrics = compute_depth_metrics(pred_depth, depth, mask)
    metrics[METRIC_KEYS["delta"]] = delta_error_percent(pred_depth, depth, mask)
    return metrics, pred_depth


def protocol_dict(spec):
    """The report's protocol fields."""
    return {"crop": spec.crop, "scaling": None if spec.metric == "whdr" else "lsq_disp",
            "min_depth": None if spec.cap is None else 0.0, "max_depth": spec.cap,
            "averaging": "per_image", "flip": False}
