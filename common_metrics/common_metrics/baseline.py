"""Constant-prediction baselines under a model's own protocol (the demo contract).

A model's report REPORTS/<name>.json gets REPORTS/<name>_baseline.json: the same images,
crop, mask and alignment, with a constant prediction instead of the model's:

- scaling "none" / "fixed": the constant (the mean training depth) as it is;
- scaling "median": a constant, median-scaled per image like the model's prediction, which
  is median(gt) over the image's valid masked pixels;
- scaling "lsq_disp" (MiDaS): a constant disparity has no unique scale, so the least-squares
  alignment's best fit among constants, mean(1/gt) over the valid masked pixels, clamped to
  >= 1/depth_cap, inverted to depth;
- classification: one class for every image (the most frequent training label): its top-k.
"""
import os

import numpy as np

from .depth import DepthMetricAccumulator, EmptyMaskError
from .report import read_report, write_report

SCALINGS = ("none", "fixed", "median", "lsq_disp")


def _valid_gt(gt, mask):
    gt = np.asarray(gt, dtype=np.float64)
    valid = np.isfinite(gt)
    valid[valid] = gt[valid] > 0
    if mask is not None:
        mask = np.asarray(mask)
        if mask.shape != gt.shape:
            raise ValueError("mask shape %s differs from gt shape %s" % (mask.shape, gt.shape))
        valid &= mask.astype(bool)
    if not valid.any():
        raise EmptyMaskError("no valid ground-truth pixel inside the mask")
    return gt, valid


def constant_depth(gt, mask=None, scaling="none", value=None, depth_cap=None):
    """float32 constant depth map of gt's shape, as the protocol would score it."""
    if scaling not in SCALINGS:
        raise ValueError("scaling must be one of %s, got %r" % (", ".join(SCALINGS), scaling))
    gt, valid = _valid_gt(gt, mask)
    if scaling in ("none", "fixed"):
        if value is None or not np.isfinite(value) or value <= 0:
            raise ValueError("a fixed-scale baseline needs value = the mean training depth "
                             "(> 0), got %r" % (value,))
        c = float(value)
    elif scaling == "median":
        c = float(np.median(gt[valid]))
    else:
        if depth_cap is None or not depth_cap > 0:
            raise ValueError("scaling 'lsq_disp' needs depth_cap > 0, got %r" % (depth_cap,))
        c = 1.0 / max(float(np.mean(1.0 / gt[valid])), 1.0 / float(depth_cap))
    return np.full(gt.shape, c, np.float32)


class ConstantDepthBaseline(object):
    """DepthMetricAccumulator over constant predictions: update(gt, mask) per image."""

    def __init__(self, scaling="none", value=None, depth_cap=None, averaging="per_image"):
        if scaling not in SCALINGS:
            raise ValueError("scaling must be one of %s, got %r" % (", ".join(SCALINGS), scaling))
        self.scaling, self.value, self.depth_cap = scaling, value, depth_cap
        self.acc = DepthMetricAccumulator(averaging)

    def update(self, gt, mask=None):
        """Score the constant on one image; False (skipped) when it has no valid pixel."""
        try:
            pred = constant_depth(gt, mask, self.scaling, self.value, self.depth_cap)
        except EmptyMaskError:
            return self.acc.update(np.ones(np.shape(gt), np.float32), gt,
                                   np.zeros(np.shape(gt), bool))
        return self.acc.update(pred, gt, mask)

    def result(self):
        return self.acc.result()


def constant_class_logits(num_classes, train_labels=None):
    """One logits row for a constant prediction: classes ranked by training frequency
    (ties: lower index first); without labels, class 0 first."""
    counts = np.zeros(int(num_classes), np.float64)
    if train_labels is not None:
        labels = np.asarray(train_labels).astype(np.int64).ravel()
        if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
            raise ValueError("train_labels out of range [0, %d)" % num_classes)
        counts += np.bincount(labels, minlength=int(num_classes))
    order = np.lexsort((np.arange(num_classes), -counts))   # frequent first, then index
    logits = np.empty(int(num_classes), np.float32)
    logits[order] = np.arange(num_classes, 0, -1, dtype=np.float32)
    return logits


def baseline_path(report_path):
    """REPORTS/<name>.json -> REPORTS/<name>_baseline.json"""
    root, ext = os.path.splitext(os.fspath(report_path))
    return root + "_baseline" + (ext or ".json")


def write_baseline_report(report_path, metrics, predictor, extra=None):
    """Write <name>_baseline.json next to the model's (already written) report, with the
    model's task, dataset, split and protocol; predictor says what the constant was."""
    model = read_report(report_path)
    name = os.path.splitext(os.path.basename(os.fspath(report_path)))[0]
    info = {"baseline_for": name, "predictor": predictor}
    info.update(extra or {})
    return write_report(
        baseline_path(report_path), model="%s baseline: %s" % (name, predictor),
        framework="numpy", dataset=model["dataset"], split=model["split"], metrics=metrics,
        protocol=model["protocol"], framework_version=np.__version__, task=model["task"],
        extra=info)


__all__ = ["SCALINGS", "constant_depth", "ConstantDepthBaseline", "constant_class_logits",
           "baseline_path", "write_baseline_report"]
