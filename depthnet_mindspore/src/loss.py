"""Training loss of the model-zoo DepthNet (scale-invariant log loss + L1 + gradient edges).

For log-depth prediction ``y`` and metric target ``t`` (clipped to [0.1, 10] m,
then ``log``), with ``d = log(t) - y`` and ``n = H * W`` per image:

    loss_i = sum|d|/n
           + (sum|dy(y) - dy(log t)| + sum|dx(y) - dx(log t)|)/n
           + sum(d^2)/n - 0.5 * (sum d)^2 / n^2

where dy/dx are forward differences padded with a zero last row/column.
The batch loss is the mean of ``loss_i``.
"""
import mindspore as ms
from mindspore import nn, ops

MIN_DEPTH = 0.1
MAX_DEPTH = 10.0


def image_gradients(x):
    """Forward differences along H and W, zero in the last row / column."""
    dy = x[:, :, 1:, :] - x[:, :, :-1, :]
    dx = x[:, :, :, 1:] - x[:, :, :, :-1]
    dy = ops.concat((dy, ops.zeros_like(x[:, :, :1, :])), 2)
    dx = ops.concat((dx, ops.zeros_like(x[:, :, :, :1])), 3)
    return dy, dx


class CustomLoss(nn.Cell):
    """Per-image loss averaged over the batch; inputs are (N, 1, H, W)."""

    def construct(self, output, target):
        # every constant is an explicit float32 tensor: python scalars may be promoted to
        # float64 under data-parallel graph compilation
        output = ops.cast(output, ms.float32)
        target = ops.cast(target, ms.float32)
        inv_n = ops.scalar_to_tensor(1.0 / (target.shape[-1] * target.shape[-2]), ms.float32)
        lo = ops.scalar_to_tensor(MIN_DEPTH, ms.float32)
        hi = ops.scalar_to_tensor(MAX_DEPTH, ms.float32)
        half = ops.scalar_to_tensor(0.5, ms.float32)
        log_t = ops.log(ops.clip_by_value(target, lo, hi))
        d = log_t - output
        l1 = ops.abs(d).sum(axis=(1, 2, 3)) * inv_n
        dy_p, dx_p = image_gradients(output)
        dy_t, dx_t = image_gradients(log_t)
        edge = (ops.abs(dy_p - dy_t).sum(axis=(1, 2, 3)) + ops.abs(dx_p - dx_t).sum(axis=(1, 2, 3))) * inv_n
        first = (d * d).sum(axis=(1, 2, 3)) * inv_n
        second = half * ops.square(d.sum(axis=(1, 2, 3)) * inv_n)
        return (l1 + edge + first - second).mean()


class FineWithLossCell(nn.Cell):
    """FineNet + loss; the coarse log-depth is an input (computed by the frozen CoarseNet)."""

    def __init__(self, network, loss_fn):
        super().__init__(auto_prefix=False)
        self.network, self.loss_fn = network, loss_fn

    def construct(self, rgb, coarse_depth, ground_truth):
        return self.loss_fn(self.network(rgb, coarse_depth), ground_truth)
