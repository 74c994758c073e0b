"""Loss against hand-computed values (independent NumPy SSIM), incl. zero depth."""
import numpy as np
import pytest
import tensorflow as tf

from loss import depth_loss_function, depth_norm


def _gauss(size=11, sigma=1.5):
    ax = np.arange(size, dtype=np.float64) - (size - 1) / 2.0
    g = np.exp(-ax ** 2 / (2 * sigma ** 2))
    g /= g.sum()
    return np.outer(g, g)


def _filter_valid(img, k):
    kh, kw = k.shape
    out = np.empty((img.shape[0] - kh + 1, img.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = (img[i:i + kh, j:j + kw] * k).sum()
    return out


def np_ssim(a, b, max_val):
    k = _gauss()
    c1, c2 = (0.01 * max_val) ** 2, (0.03 * max_val) ** 2
    mu_a, mu_b = _filter_valid(a, k), _filter_valid(b, k)
    saa = _filter_valid(a * a, k) - mu_a ** 2
    sbb = _filter_valid(b * b, k) - mu_b ** 2
    sab = _filter_valid(a * b, k) - mu_a * mu_b
    lum = (2 * mu_a * mu_b + c1) / (mu_a ** 2 + mu_b ** 2 + c1)
    cs = (2 * sab + c2) / (saa + sbb + c2)
    return (lum * cs).mean()


def np_loss(t, p, theta=0.1, max_val=100.0):
    ssim = np.mean([np_ssim(t[i, ..., 0], p[i, ..., 0], max_val) for i in range(len(t))])
    ssim_term = np.clip((1 - ssim) * 0.5, 0, 1)
    def grads(x):
        dy = np.zeros_like(x); dx = np.zeros_like(x)
        dy[:, :-1] = x[:, 1:] - x[:, :-1]
        dx[:, :, :-1] = x[:, :, 1:] - x[:, :, :-1]
        return dy, dx
    dyt, dxt = grads(t); dyp, dxp = grads(p)
    edges = np.mean(np.abs(dyp - dyt) + np.abs(dxp - dxt))
    return ssim_term + edges + theta * np.mean(np.abs(p - t))


def _tf_loss(t, p):
    with tf.compat.v1.Session() as sess:
        return sess.run(depth_loss_function(tf.constant(t, tf.float32), tf.constant(p, tf.float32)))


def test_constant_shift_closed_form():
    # constant images: SSIM = luminance term only, no edges, L1 = shift
    a, b = 20.0, 25.0
    t = np.full((2, 16, 16, 1), a); p = np.full((2, 16, 16, 1), b)
    c1 = (0.01 * 100.0) ** 2
    lum = (2 * a * b + c1) / (a * a + b * b + c1)
    expected = (1 - lum) * 0.5 + 0.0 + 0.1 * 5.0
    assert _tf_loss(t, p) == pytest.approx(expected, abs=5e-5)  # float32 variance cancellation


def test_identical_prediction_is_zero():
    rng = np.random.RandomState(0)
    t = rng.uniform(1, 100, (2, 16, 20, 1))
    assert abs(_tf_loss(t, t)) < 1e-6


def test_random_images_match_numpy_reference():
    rng = np.random.RandomState(1)
    t = rng.uniform(1, 100, (2, 16, 18, 1))
    p = t + rng.normal(0, 10, t.shape)
    assert _tf_loss(t, p) == pytest.approx(np_loss(t, p), rel=1e-4)


def test_ramp_edges_hand_value():
    # target: ramp of slope 1 along x; prediction: constant -> edge term = 15/16 exactly
    t = np.tile(np.arange(16, dtype=np.float64), (1, 16, 1))[..., None]
    p = np.full_like(t, 7.5)
    value = _tf_loss(t, p)
    assert value == pytest.approx(np_loss(t, p), rel=1e-4)
    edge_only = np_loss(t, p) - np.clip((1 - np_ssim(t[0, ..., 0], p[0, ..., 0], 100.0)) / 2, 0, 1) \
        - 0.1 * np.mean(np.abs(p - t))
    assert edge_only == pytest.approx(15.0 / 16.0)


def test_zero_depth_gives_finite_loss_and_targets():
    # upstream issue #65: zeros in depth must not give NaN
    depth_cm = np.zeros((1, 16, 16, 1), np.float32); depth_cm[0, 4:8] = 500.0
    with tf.compat.v1.Session() as sess:
        target = sess.run(depth_norm(tf.constant(depth_cm)))
    assert np.isfinite(target).all()
    assert target[0, 0, 0, 0] == pytest.approx(100.0)   # zero clipped to 10 cm -> 1000/10
    assert target[0, 5, 0, 0] == pytest.approx(2.0)
    zeros = np.zeros((1, 16, 16, 1))
    value = _tf_loss(zeros, np.full_like(zeros, 3.0))
    assert np.isfinite(value)
    assert value == pytest.approx(np_loss(zeros, np.full_like(zeros, 3.0)), rel=1e-5)
