"""ScaleAndShiftInvariantLoss against values worked out by hand (see each comment)."""
import numpy as np
import pytest
import mindspore as ms

from src.loss import ScaleAndShiftInvariantLoss, scale_and_shift


def t(a):
    return ms.Tensor(np.asarray(a, np.float32))


def loss_of(pred, target, mask):
    return float(ScaleAndShiftInvariantLoss()(t(pred), t(target), t(mask)).asnumpy())


def test_affine_target_gives_zero_loss():
    pred = [[[1, 2], [3, 4]]]
    s, sh = scale_and_shift(t(pred), t([[[3, 5], [7, 9]]]), t([[[1, 1], [1, 1]]]))
    assert s.asnumpy()[0] == pytest.approx(2.0) and sh.asnumpy()[0] == pytest.approx(1.0)
    assert loss_of(pred, [[[3, 5], [7, 9]]], [[[1, 1], [1, 1]]]) == pytest.approx(0.0, abs=1e-6)


def test_hand_computed_full_mask():
    # p = 0 1 2 3, d = 0 1 1 3: s = cov/var = 4.5/5 = 0.9, t = 1.25 - 0.9*1.5 = -0.1;
    # residuals -0.1 -0.2 0.7 -0.4 -> MSE 0.70 / (2*4) = 0.0875; gradients at full scale
    # x: 0.1 + 1.1, y: 0.8 + 0.2 -> 2.2 / 4 = 0.55 (coarser scales: a single pixel, 0)
    # loss = 0.0875 + 0.5 * 0.55 = 0.3625
    assert loss_of([[[0, 1], [2, 3]]], [[[0, 1], [1, 3]]], [[[1, 1], [1, 1]]]) == pytest.approx(0.3625, rel=1e-5)


def test_hand_computed_with_masked_pixel():
    # bottom-right pixel masked: s = 0.5, t = 1/6, residuals 1/6 -1/3 1/6 -> MSE (1/6)/6 = 1/36;
    # only the top row pair is valid for gradients: |-1/3 - 1/6| = 0.5 / 3 valid = 1/6
    # loss = 1/36 + 0.5/6 = 1/9
    got = loss_of([[[0, 1], [2, 3]]], [[[0, 1], [1, 3]]], [[[1, 1], [1, 0]]])
    assert got == pytest.approx(1.0 / 9.0, rel=1e-5)


def test_batch_is_reduced_over_valid_pixels():
    # image 1 as in the full-mask case (sums 0.70 and 2.2 over 4 pixels), image 2 perfect:
    # MSE = 0.70 / (2 * 8), gradients 2.2 / 8 -> 0.04375 + 0.5 * 0.275 = 0.18125
    pred = [[[0, 1], [2, 3]], [[1, 2], [3, 4]]]
    target = [[[0, 1], [1, 3]], [[3, 5], [7, 9]]]
    assert loss_of(pred, target, np.ones((2, 2, 2))) == pytest.approx(0.18125, rel=1e-5)


def test_singular_systems_stay_finite():
    # empty mask -> 0; constant prediction -> s = t = 0, loss = mean target^2 / 2 + gradients
    assert loss_of([[[1, 2], [3, 4]]], [[[1, 2], [3, 4]]], np.zeros((1, 2, 2))) == 0.0
    got = loss_of(np.full((1, 2, 2), 5.0), [[[1, 1], [1, 1]]], np.ones((1, 2, 2)))
    assert got == pytest.approx(4 / 8.0)  # residual -1 everywhere, no gradients
