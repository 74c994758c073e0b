import numpy as np
import pytest
from conftest import random_depth

from common_metrics.align import (fixed_scale, lstsq_scale_shift, median_scale,
                                  median_scale_factor, scale_shift_disparity)
from common_metrics.depth import EmptyMaskError, compute_depth_metrics


def test_median_scaling_makes_a_scaled_gt_perfect(rng):
    _, gt = random_depth(rng, (30, 40), np.float64)
    mask = np.ones(gt.shape, bool)
    pred = gt / 7.5
    assert median_scale_factor(pred, gt, mask) == pytest.approx(7.5)
    m = compute_depth_metrics(median_scale(pred, gt, mask), gt)
    assert m["abs_rel"] < 1e-12 and m["a1"] == 1.0


def test_median_scale_hand_value_and_mask():
    gt = np.array([1.0, 2.0, 3.0, 100.0])
    pred = np.array([2.0, 2.0, 2.0, 1.0])
    mask = np.array([True, True, True, False])
    assert median_scale_factor(pred, gt, mask) == 1.0
    assert median_scale_factor(pred, gt, None) == pytest.approx(2.5 / 2.0)
    out = median_scale(pred.astype(np.float32), gt, mask)
    assert out.dtype == np.float32


def test_median_scale_ignores_invalid_pixels():
    gt = np.array([1.0, 2.0, np.nan, 0.0])
    pred = np.array([0.5, 1.0, 1.0, 1.0])
    assert median_scale_factor(pred, gt, np.ones(4, bool)) == pytest.approx(2.0)


def test_fixed_scale():
    assert fixed_scale(np.array([1.0, 2.0]), 5.4).tolist() == pytest.approx([5.4, 10.8])
    with pytest.raises(ValueError, match="positive"):
        fixed_scale(np.ones(2), 0)


def test_lstsq_recovers_scale_and_shift_exactly(rng):
    _, gt = random_depth(rng, (25, 35), np.float64)
    s, t = 0.37, -0.021
    pred_disp = (1.0 / gt - t) / s          # so s * pred_disp + t == 1 / gt
    mask = rng.rand(*gt.shape) < 0.5
    s_hat, t_hat = lstsq_scale_shift(pred_disp, gt, mask)
    assert s_hat == pytest.approx(s, rel=1e-9) and t_hat == pytest.approx(t, abs=1e-11)
    depth = scale_shift_disparity(pred_disp, gt, mask, depth_cap=80.0)
    assert np.allclose(depth, gt, rtol=1e-9)


def test_lstsq_hand_value():
    # disparity targets 1, 0.5 at pred 0, 1: t = 1, s = -0.5
    s, t = lstsq_scale_shift(np.array([0.0, 1.0]), np.array([1.0, 2.0]), None)
    assert (s, t) == pytest.approx((-0.5, 1.0))


def test_scale_shift_clamps_at_depth_cap():
    gt = np.array([1.0, 2.0, 4.0])
    pred = np.array([1.0, 0.5, 0.25])        # perfect disparity, s=1, t=0
    depth = scale_shift_disparity(np.append(pred, 0.001), np.append(gt, 1.0),
                                  np.array([True, True, True, False]), depth_cap=10.0)
    assert depth[:3] == pytest.approx(gt)
    assert depth[3] == pytest.approx(10.0)   # disparity 0.001 < 1/10 -> capped


def test_alignment_errors():
    gt = np.ones((4, 4))
    with pytest.raises(EmptyMaskError):
        median_scale(gt, gt, np.zeros((4, 4), bool))
    with pytest.raises(EmptyMaskError):
        scale_shift_disparity(gt, gt, np.zeros((4, 4), bool), 10.0)
    with pytest.raises(ValueError, match="degenerate"):
        scale_shift_disparity(np.full((4, 4), 3.0), gt + np.arange(4), None, 10.0)
    with pytest.raises(ValueError, match="shapes differ"):
        median_scale(np.ones((2, 2)), gt, None)
    with pytest.raises(ValueError, match="depth_cap"):
        scale_shift_disparity(gt, gt, None, 0.0)
