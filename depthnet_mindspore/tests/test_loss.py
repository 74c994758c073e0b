"""CustomLoss against hand-computed values and a NumPy re-derivation of the formula."""
import numpy as np
import mindspore as ms
import pytest

from src.loss import CustomLoss


def reference(pred, target):
    """Loops over pixels and neighbour pairs; only valid (> 0, finite) target pixels take part."""
    out = []
    for i in range(pred.shape[0]):
        p, t = pred[i, 0].astype(np.float64), target[i, 0].astype(np.float64)
        valid = np.isfinite(t) & (t > 0)
        n = valid.sum()
        if n == 0:
            continue
        lt = np.log(np.clip(np.where(valid, t, 1.0), 0.1, 10.0))
        d = (lt - p)[valid]
        edge = 0.0
        h, w = p.shape
        for y in range(h):
            for x in range(w):
                for yy, xx in ((y + 1, x), (y, x + 1)):
                    if yy < h and xx < w and valid[y, x] and valid[yy, xx]:
                        edge += abs((p[yy, xx] - p[y, x]) - (lt[yy, xx] - lt[y, x]))
        out.append(np.abs(d).sum() / n + edge / n + (d ** 2).sum() / n - 0.5 * d.sum() ** 2 / n ** 2)
    return float(np.mean(out)) if out else 0.0


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
    # 0.05 m and 50 m targets are clipped to 0.1 and 10 m before the log
    t = np.array([[[[0.05, 50.0], [0.05, 50.0]]]], np.float32)
    p = np.log(np.array([[[[0.1, 10.0], [0.1, 10.0]]]], np.float32))
    assert loss(p, t) == pytest.approx(0.0, abs=1e-5)


def test_matches_reference_batch_mean():
    rng = np.random.default_rng(1)
    t = rng.uniform(0.05, 12, (3, 1, 11, 13)).astype(np.float32)
    p = rng.normal(1.0, 0.7, t.shape).astype(np.float32)
    assert loss(p, t) == pytest.approx(reference(p, t), rel=1e-4)


def test_invalid_depth_is_masked_not_clipped():
    """Holes (0), negative and NaN depth take no part: the loss equals the loss over the valid
    pixels (issue #14: all-zero depth trained toward 0.1 m)."""
    rng = np.random.default_rng(2)
    t = rng.uniform(0.5, 8, (2, 1, 9, 10)).astype(np.float32)
    p = rng.normal(1.0, 0.5, t.shape).astype(np.float32)
    t[0, 0, :3] = 0.0
    t[0, 0, 5, 5] = np.nan
    t[1, 0, :, 7:] = -1.0
    assert loss(p, t) == pytest.approx(reference(p, t), rel=1e-4)
    # what happens in the holes does not matter
    p2 = p.copy()
    p2[0, 0, :3] += 3.0
    p2[1, 0, :, 7:] -= 2.0
    assert loss(p2, t) == pytest.approx(loss(p, t), rel=1e-6)


def test_all_invalid_image_adds_nothing_and_pulls_nothing():
    import mindspore as ms
    ms.set_context(mode=ms.PYNATIVE_MODE)
    rng = np.random.default_rng(3)
    t = rng.uniform(0.5, 8, (2, 1, 5, 6)).astype(np.float32)
    p = rng.normal(1.0, 0.5, t.shape).astype(np.float32)
    t[1] = 0.0
    assert loss(p, t) == pytest.approx(loss(p[:1], t[:1]), rel=1e-6)  # mean over images with depth
    grad = ms.grad(lambda x: CustomLoss()(x, ms.Tensor(t)))(ms.Tensor(p)).asnumpy()
    assert np.abs(grad[1]).max() == 0.0 and np.abs(grad[0]).max() > 0
