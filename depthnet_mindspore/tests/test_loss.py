"""CustomLoss against hand-computed values and a NumPy re-derivation of the formula."""
import numpy as np
import mindspore as ms
import pytest

from src.loss import CustomLoss


def reference(pred, target):
    n = target.shape[-1] * target.shape[-2]
    t = np.log(np.clip(target, 0.1, 10.0))
    d = t - pred
    out = []
    for i in range(pred.shape[0]):
        def grads(a):
            dy = np.zeros_like(a)
            dx = np.zeros_like(a)
            dy[:-1] = a[1:] - a[:-1]
            dx[:, :-1] = a[:, 1:] - a[:, :-1]
            return dy, dx
        py, px = grads(pred[i, 0])
        ty, tx = grads(t[i, 0])
        di = d[i, 0]
        out.append(np.abs(di).sum() / n + (np.abs(py - ty).sum() + np.abs(px - tx).sum()) / n
                   + (di ** 2).sum() / n - 0.5 * di.sum() ** 2 / n ** 2)
    return float(np.mean(out))


def loss(pred, target):
    ms.set_context(mode=ms.PYNATIVE_MODE)
    return float(CustomLoss()(ms.Tensor(pred, ms.float32), ms.Tensor(target, ms.float32)).asnumpy())


def test_perfect_prediction_is_zero():
    t = np.random.default_rng(0).uniform(0.5, 8, (2, 1, 5, 6)).astype(np.float32)
    assert loss(np.log(t), t) == pytest.approx(0.0, abs=1e-6)


def test_constant_offset_hand_value():
    # d = c everywhere: |c| + 0 (edges) + c^2 - 0.5 c^2 = 0.3 + 0.045 for c = 0.3
    t = np.full((1, 1, 4, 5), 2.0, np.float32)
    assert loss(np.log(t) - 0.3, t) == pytest.approx(0.3 + 0.5 * 0.09, rel=1e-5)


def test_edge_term_hand_value():
    # target 1 m (log 0) everywhere, prediction has a single 1.0 spike at (0, 0) of a 2x2 map:
    # d = -1 at one pixel: l1 = 1/4, first = 1/4, second = 0.5 * 1/16
    # gradients of pred: dy(0,0) = -1, dx(0,0) = -1 -> edge = 2/4
    t = np.ones((1, 1, 2, 2), np.float32)
    p = np.zeros((1, 1, 2, 2), np.float32)
    p[0, 0, 0, 0] = 1.0
    assert loss(p, t) == pytest.approx(0.25 + 0.5 + 0.25 - 0.5 / 16, rel=1e-5)


def test_clipping_of_target():
    # 0 m and 50 m targets are clipped to 0.1 and 10 m before the log
    t = np.array([[[[0.0, 50.0]]]], np.float32)
    p = np.log(np.array([[[[0.1, 10.0]]]], np.float32))
    assert loss(p, t) == pytest.approx(0.0, abs=1e-6)


def test_matches_numpy_reference_batch_mean():
    rng = np.random.default_rng(1)
    t = rng.uniform(0.05, 12, (3, 1, 55, 74)).astype(np.float32)
    p = rng.normal(1.0, 0.7, t.shape).astype(np.float32)
    assert loss(p, t) == pytest.approx(reference(p, t), rel=1e-4)
