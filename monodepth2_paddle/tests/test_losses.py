"""Photometric loss, smoothness, minimum reprojection and auto-masking on hand-made cases."""

import numpy as np
import paddle

from layers import SSIM, get_smooth_loss
from losses import MonodepthLoss
from options import MonodepthOptions


def make_opt(*extra):
    opt = MonodepthOptions().parse(["--height", "64", "--width", "64", "--batch_size", "1",
                                    "--scales", "0"] + list(extra))
    return opt


def const(v, h=32, w=64):
    return paddle.full([1, 3, h, w], v, dtype="float32")


def test_ssim_and_l1_hand_values():
    opt = make_opt()
    loss = MonodepthLoss(opt)
    a, b = 0.2, 0.5
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    ssim = (2 * a * b + c1) * c2 / ((a * a + b * b + c1) * c2)
    expected = 0.85 * (1 - ssim) / 2 + 0.15 * abs(a - b)
    got = loss.compute_reprojection_loss(const(a), const(b)).numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-5)
    assert got.shape == (1, 1, 32, 64)
    loss_l1 = MonodepthLoss(make_opt("--no_ssim"))
    np.testing.assert_allclose(loss_l1.compute_reprojection_loss(const(a), const(b)).numpy(), 0.3,
                               rtol=1e-6)
    x = paddle.rand([1, 3, 16, 16])
    assert float(SSIM()(x, x).max()) < 1e-6


def test_smoothness_hand_values():
    img = const(0.5, 8, 8)[:, :1]
    flat = paddle.ones([1, 1, 8, 8])
    assert float(get_smooth_loss(flat, img)) == 0.0
    ramp = paddle.to_tensor(np.tile(np.arange(8, dtype="float32"), (8, 1))[None, None])
    # |dx| = 1 everywhere, |dy| = 0, flat image -> weight exp(0) = 1
    np.testing.assert_allclose(float(get_smooth_loss(ramp, const(0.5, 8, 8))), 1.0, rtol=1e-6)
    edge = np.zeros((1, 3, 8, 8), "float32")
    edge[..., 4:] = 1.0  # image edge between cols 3 and 4 damps the disparity gradient there
    got = float(get_smooth_loss(ramp, paddle.to_tensor(edge)))
    np.testing.assert_allclose(got, (6 + np.exp(-1)) / 7, rtol=1e-5)


def _batch(target, sources, warped, disp):
    """inputs / outputs dicts for compute_losses with frame ids 0, -1, 1 at scale 0."""
    inputs = {("color", 0, 0): target}
    outputs = {("disp", 0): disp}
    for f, s, wpd in zip([-1, 1], sources, warped):
        inputs[("color", f, 0)] = s
        outputs[("color", f, 0)] = wpd
    return inputs, outputs


def test_minimum_reprojection_takes_the_best_source():
    paddle.seed(0)
    opt = make_opt("--disable_automasking", "--disparity_smoothness", "0")
    loss = MonodepthLoss(opt)
    t = paddle.rand([1, 3, 32, 64])
    bad = paddle.rand([1, 3, 32, 64])
    inputs, outputs = _batch(t, [bad, bad], [t, bad], paddle.full([1, 1, 32, 64], 0.5))
    assert float(loss.compute_losses(inputs, outputs)["loss"]) < 1e-6
    avg = MonodepthLoss(make_opt("--disable_automasking", "--avg_reprojection",
                                 "--disparity_smoothness", "0"))
    full = float(loss.compute_reprojection_loss(bad, t).mean())
    np.testing.assert_allclose(float(avg.compute_losses(inputs, outputs)["loss"]), full / 2,
                               rtol=1e-3)


def test_automask_ignores_static_pixels():
    """Sources equal to the target (camera did not move): identity wins, loss ~ 0, mask all 0."""
    paddle.seed(0)
    t = paddle.rand([1, 3, 32, 64])
    noise = paddle.rand([1, 3, 32, 64])
    inputs, outputs = _batch(t, [t, t], [noise, noise], paddle.full([1, 1, 32, 64], 0.5))
    masked = MonodepthLoss(make_opt("--disparity_smoothness", "0"))
    losses = masked.compute_losses(inputs, outputs)
    assert float(losses["loss"]) < 1e-4
    assert float(outputs["identity_selection/0"].sum()) == 0.0
    unmasked = MonodepthLoss(make_opt("--disparity_smoothness", "0", "--disable_automasking"))
    assert float(unmasked.compute_losses(inputs, outputs)["loss"]) > 0.05
    # and when the warp is perfect the warped image is selected everywhere
    inputs, outputs = _batch(t, [noise, noise], [t, t], paddle.full([1, 1, 32, 64], 0.5))
    masked.compute_losses(inputs, outputs)
    assert float(outputs["identity_selection/0"].mean()) == 1.0


def test_smoothness_weight_per_scale():
    opt = make_opt("--scales", "0", "1", "--disable_automasking")
    loss = MonodepthLoss(opt)
    t = paddle.rand([1, 3, 32, 64])
    inputs = {("color", 0, 0): t, ("color", 0, 1): paddle.full([1, 3, 16, 32], 0.5)}
    ramp1 = paddle.to_tensor(np.tile(np.arange(1, 33, dtype="float32"), (16, 1))[None, None])
    outputs = {("disp", 0): paddle.ones([1, 1, 32, 64]), ("disp", 1): ramp1}
    for f in (-1, 1):
        inputs[("color", f, 0)] = t
        outputs[("color", f, 0)] = t
        outputs[("color", f, 1)] = t
    losses = loss.compute_losses(inputs, outputs)
    norm = ramp1 / ramp1.mean()
    expected_s1 = 1e-3 * float(get_smooth_loss(norm, inputs[("color", 0, 1)])) / 2
    np.testing.assert_allclose(float(losses["loss/1"]), expected_s1, rtol=1e-4)
    np.testing.assert_allclose(float(losses["loss"]), expected_s1 / 2, rtol=1e-4)
