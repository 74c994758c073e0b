"""MiDaS scale-and-shift-invariant loss: aligned masked MSE + alpha * multi-scale gradient matching.

Ranftl et al. (TPAMI 2020), eq. (4) with the trimmed variant off: per image, the prediction is
aligned to the target disparity by the least-squares scale s and shift t; the loss is the
masked MSE of the aligned prediction plus ``alpha`` times the gradient-matching term summed over
``scales`` resolutions (every 2**k-th pixel). Sums are reduced over the batch (sum of image
losses / sum of valid pixels).
"""
import mindspore.nn as nn
import mindspore.ops as ops


def scale_and_shift(pred, target, mask):
    """Per-image least-squares (s, t) minimising sum(mask * (s * pred + t - target)^2).

    A singular system (empty mask, or a constant prediction) gives s = t = 0 instead of NaN.
    """
    a00 = ops.sum(mask * pred * pred, (1, 2))
    a01 = ops.sum(mask * pred, (1, 2))
    a11 = ops.sum(mask, (1, 2))
    b0 = ops.sum(mask * pred * target, (1, 2))
    b1 = ops.sum(mask * target, (1, 2))
    det = a00 * a11 - a01 * a01
    valid = det > 1e-12 * (a00 * a11 + 1.0)
    safe = ops.where(valid, det, ops.ones_like(det))
    s = ops.where(valid, (a11 * b0 - a01 * b1) / safe, ops.zeros_like(det))
    t = ops.where(valid, (a00 * b1 - a01 * b0) / safe, ops.zeros_like(det))
    return s, t


def _batch_mean(image_sums, counts):
    """sum over images / sum of counts; 0 when nothing is valid."""
    total = ops.sum(counts)
    return ops.where(total > 0, ops.sum(image_sums) / ops.maximum(total, 1.0), total * 0.0)


def masked_mse(pred, target, mask):
    res = pred - target
    return _batch_mean(ops.sum(mask * res * res, (1, 2)), 2.0 * ops.sum(mask, (1, 2)))


def gradient_matching(pred, target, mask):
    """sum |d/dx (mask * residual)| + |d/dy ...| over pixel pairs both valid, / valid pixels."""
    diff = mask * (pred - target)
    total = ops.zeros((pred.shape[0],), pred.dtype)
    # shapes are static: a 1-pixel-wide map has no pairs along that axis (empty slices would
    # not sum to 0 on every backend)
    if pred.shape[2] > 1:
        gx = ops.abs(diff[:, :, 1:] - diff[:, :, :-1]) * (mask[:, :, 1:] * mask[:, :, :-1])
        total = total + ops.sum(gx, (1, 2))
    if pred.shape[1] > 1:
        gy = ops.abs(diff[:, 1:, :] - diff[:, :-1, :]) * (mask[:, 1:, :] * mask[:, :-1, :])
        total = total + ops.sum(gy, (1, 2))
    return _batch_mean(total, ops.sum(mask, (1, 2)))


class ScaleAndShiftInvariantLoss(nn.Cell):
    """loss(prediction, target, mask) for (N, H, W) disparity maps; mask 1 = valid."""

    def __init__(self, alpha=0.5, scales=4):
        super().__init__()
        self.alpha = alpha
        self.steps = [2 ** k for k in range(scales)]

    def construct(self, prediction, target, mask):
        mask = ops.cast(mask, prediction.dtype)
        s, t = scale_and_shift(prediction, target, mask)
        aligned = s.view(-1, 1, 1) * prediction + t.view(-1, 1, 1)
        loss = masked_mse(aligned, target, mask)
        if self.alpha > 0:
            reg = 0.0
            for step in self.steps:
                reg = reg + gradient_matching(aligned[:, ::step, ::step], target[:, ::step, ::step],
                                              mask[:, ::step, ::step])
            loss = loss + self.alpha * reg
        return loss


class MidasWithLoss(nn.Cell):
    """Network + loss for Model.train on the (image, mask, disparity) dataset columns."""

    def __init__(self, net, loss):
        super().__init__(auto_prefix=False)
        self.net = net
        self.loss = loss

    def construct(self, image, mask, disparity):
        pred = ops.cast(self.net(image), disparity.dtype)
        return self.loss(pred, disparity, mask)
