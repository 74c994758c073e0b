"""NYU evaluation of log-depth predictions with common_metrics.

Two protocols:
  * ``low_res`` (upstream): predictions at 55x74 against the ground truth cropped
    (12:468, 16:624) and downsampled to 55x74.
  * ``full_res``: the 55x74 prediction is upsampled (bilinear) to the crop window of the
    480x640 frame, the border outside that window (rows 0:12 and 468:480, columns 0:16 and
    624:640) takes the nearest predicted value, and the whole NYU Eigen crop
    (rows 45:471, columns 41:601) is scored.
Predicted depth is ``exp(log_depth)`` clipped to [0.1, 10] m as upstream. Unlike upstream,
ground-truth pixels outside (min_depth, max_depth] (holes, 0) are masked out.
"""
import cv2
import numpy as np

from common_metrics.crops import nyu_eigen_crop
from common_metrics.depth import DepthMetricAccumulator

from src.data_loader import crop_box
from src.loss import MAX_DEPTH, MIN_DEPTH

GT_MIN_DEPTH = 1e-3
GT_MAX_DEPTH = 10.0


def log_to_depth(log_depth):
    """exp of the network output, clipped to the trained range [0.1, 10] m."""
    return np.clip(np.exp(np.asarray(log_depth, np.float64)), MIN_DEPTH, MAX_DEPTH)


def gt_mask(gt, min_depth=GT_MIN_DEPTH, max_depth=GT_MAX_DEPTH):
    gt = np.asarray(gt)
    return np.isfinite(gt) & (gt > min_depth) & (gt <= max_depth)


def to_full_res(depth_small, full_shape):
    """A (55, 74) depth map as a depth map of the whole ``full_shape`` frame.

    Upsampled (bilinear) to the crop window the network saw; the frame border outside that
    window, which the network never sees, repeats the nearest edge value (cv2 BORDER_REPLICATE).
    """
    h, w = full_shape[:2]
    top, left, ch, cw = crop_box(full_shape)
    inner = cv2.resize(np.asarray(depth_small, np.float32), (cw, ch), interpolation=cv2.INTER_LINEAR)
    return cv2.copyMakeBorder(inner, top, h - top - ch, left, w - left - cw, cv2.BORDER_REPLICATE)


def protocol(full_res):
    return {"crop": "nyu_eigen" if full_res else "depthnet_12_16_456x608_55x74", "scaling": "none",
            "min_depth": GT_MIN_DEPTH, "max_depth": GT_MAX_DEPTH, "averaging": "per_image", "flip": False}


class NyuEvaluator:
    """Accumulates per-image metrics of one predictor (log-depth) over the test set."""

    def __init__(self, full_res=False):
        self.full_res = full_res
        self.acc = DepthMetricAccumulator(averaging="per_image")

    def targets(self, gt_small, gt_full=None):
        """[(ground truth, mask)] scored for each image of a batch (the protocol's resolution and crop)."""
        gt_small = np.asarray(gt_small)
        gt_small = gt_small.reshape(-1, *gt_small.shape[-2:])
        out = []
        for i in range(gt_small.shape[0]):
            if self.full_res:
                gt = np.asarray(gt_full[i], np.float64)
                out.append((gt, gt_mask(gt) & nyu_eigen_crop(gt.shape)))
            else:
                gt = np.asarray(gt_small[i], np.float64)
                out.append((gt, gt_mask(gt)))
        return out

    def update(self, log_depth, gt_small, gt_full=None):
        """``log_depth``, ``gt_small``: (N, 1, 55, 74); ``gt_full``: (N, H, W) when full_res."""
        log_depth = np.asarray(log_depth).reshape(-1, *np.shape(log_depth)[-2:])
        for i, (gt, mask) in enumerate(self.targets(gt_small, gt_full)):
            pred = log_to_depth(log_depth[i])
            if self.full_res:
                pred = to_full_res(pred, gt.shape)
            self.acc.update(pred, gt, mask)

    def result(self):
        return self.acc.result()


def format_table(rows):
    """Markdown-ish table of {name: metrics} rows."""
    keys = ("abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "a1", "a2", "a3")
    lines = ["| model | " + " | ".join(keys) + " | n |", "|---" * (len(keys) + 2) + "|"]
    for name, m in rows.items():
        lines.append("| %s | " % name + " | ".join("%.4f" % m[k] for k in keys) + " | %d |" % m["num_samples"])
    return "\n".join(lines)
