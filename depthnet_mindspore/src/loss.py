"""Training loss of the model-zoo DepthNet (scale-invariant log loss + L1 + gradient edges),
restricted to valid ground truth.

For log-depth prediction ``y`` and metric target ``t`` (clipped to [0.1, 10] m, then ``log``),
with ``d = log(t) - y`` over the valid pixels ``V`` of an image (target > 0 and finite, the
pixels evaluation scores) and ``n = |V|``:

    loss_i = sum_V |d| / n
           + (sum |dy(y) - dy(log t)| + sum |dx(y) - dx(log t)|) / n   (pairs of valid pixels)
           + sum_V d^2 / n - 0.5 * (sum_V d)^2 / n^2

dy/dx are forward differences. With every pixel valid this is upstream's loss (n = H * W).
Invalid pixels (holes, 0, NaN) add nothing and pull nothing toward the 0.1 m clip; an image
without a valid pixel adds nothing. The batch loss is the mean over images with valid pixels.
"""
import mindspore as ms
from mindspore import nn, ops

MIN_DEPTH = 0.1
MAX_DEPTH = 10.0


def valid_mask(target):
    """1.0 where the target depth is usable (finite and > 0), else 0.0."""
    finite = ops.logical_and(target == target, ops.abs(target) < 1e30)  # x == x is False for NaN
    return ops.logical_and(finite, target > 0).astype(ms.float32)


def pair_diffs(x, mask):
    """Forward differences along H and W, kept only where both pixels are valid."""
    dy = (x[:, :, 1:, :] - x[:, :, :-1, :]) * (mask[:, :, 1:, :] * mask[:, :, :-1, :])
    dx = (x[:, :, :, 1:] - x[:, :, :, :-1]) * (mask[:, :, :, 1:] * mask[:, :, :, :-1])
    return dy, dx


class CustomLoss(nn.Cell):
    """Per-image masked loss averaged over the batch; inputs are (N, 1, H, W)."""

    def construct(self, output, target):
        # every constant is an explicit float32 tensor: python scalars may be promoted to
        # float64 under data-parallel graph compilation
        output = ops.cast(output, ms.float32)
        target = ops.cast(target, ms.float32)
        mask = valid_mask(target)
        one = ops.scalar_to_tensor(1.0, ms.float32)
        lo = ops.scalar_to_tensor(MIN_DEPTH, ms.float32)
        hi = ops.scalar_to_tensor(MAX_DEPTH, ms.float32)
        half = ops.scalar_to_tensor(0.5, ms.float32)
        safe = ops.select(mask > 0, target, ops.ones_like(target))  # no NaN/log(0) anywhere
        log_t = ops.log(ops.clip_by_value(safe, lo, hi))
        d = (log_t - output) * mask
        count = mask.sum(axis=(1, 2, 3))
        has_valid = (count > 0).astype(ms.float32)
        inv_n = one / ops.maximum(count, one)
        l1 = ops.abs(d).sum(axis=(1, 2, 3)) * inv_n
        dy, dx = pair_diffs(output - log_t, mask)
        edge = (ops.abs(dy).sum(axis=(1, 2, 3)) + ops.abs(dx).sum(axis=(1, 2, 3))) * inv_n
        first = (d * d).sum(axis=(1, 2, 3)) * inv_n
        second = half * ops.square(d.sum(axis=(1, 2, 3)) * inv_n)
        per_image = (l1 + edge + first - second) * has_valid
        return per_image.sum() / ops.maximum(has_valid.sum(), one)


class FineWithLossCell(nn.Cell):
    """FineNet + loss on (rgb, ground truth); the coarse log-depth comes from a frozen CoarseNet.

    The CoarseNet is part of this cell so that ``Model.train`` can drive the fine stage from the
    same (rgb, ground_truth) dataset; its output passes through ``stop_gradient`` and its
    weights are not given to the optimiser, so it stays as loaded.
    """

    def __init__(self, network, coarse, loss_fn):
        super().__init__(auto_prefix=False)  # FineNet keeps its parameter names (conv1.weight, ...)
        coarse.update_parameters_name("frozen_coarse.")  # CoarseNet has a conv1 too
        self.network, self.coarse, self.loss_fn = network, coarse, loss_fn
        self.coarse.set_train(False)
        self.coarse.set_grad(False)

    def construct(self, rgb, ground_truth):
        coarse = ops.stop_gradient(self.coarse(rgb))
        return self.loss_fn(self.network(rgb, coarse), ground_truth)
