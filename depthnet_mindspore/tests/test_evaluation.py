"""Evaluation protocols: oracle predictions score perfectly, holes are masked, known errors."""
import numpy as np
import pytest

from src.evaluation import NyuEvaluator, log_to_depth, to_full_res


def _gt_small(rng, holes=True):
    gt = rng.uniform(0.5, 9.0, (2, 1, 55, 74))
    if holes:
        gt[:, :, :10] = 0.0  # invalid rows
    return gt


def test_ground_truth_as_prediction_is_perfect_with_holes_masked():
    rng = np.random.default_rng(0)
    gt = _gt_small(rng)
    pred = np.log(np.where(gt > 0, gt, 1.0)) + np.where(gt > 0, 0.0, 5.0)  # garbage in the holes
    ev = NyuEvaluator(full_res=False)
    ev.update(pred, gt)
    m = ev.result()
    assert m["abs_rel"] == pytest.approx(0.0, abs=1e-9) and m["a1"] == 1.0 and m["num_samples"] == 2


def test_known_scale_error():
    # prediction 1.1 x GT everywhere: abs_rel 0.1, a1 1 (1.1 < 1.25), rmse_log = log(1.1)
    rng = np.random.default_rng(1)
    gt = _gt_small(rng, holes=False).clip(0.5, 9.0)
    ev = NyuEvaluator(full_res=False)
    ev.update(np.log(gt * 1.1), gt)
    m = ev.result()
    assert m["abs_rel"] == pytest.approx(0.1, rel=1e-6)
    assert m["rmse_log"] == pytest.approx(np.log(1.1), rel=1e-6)
    assert m["a1"] == 1.0


def test_full_res_constant_scene_is_perfect():
    gt_full = np.full((1, 480, 640), 3.0)
    gt_full[0, 200:220] = 0.0  # a hole band inside the Eigen crop
    ev = NyuEvaluator(full_res=True)
    ev.update(np.full((1, 1, 55, 74), np.log(3.0)), np.full((1, 1, 55, 74), 3.0), gt_full)
    m = ev.result()
    assert m["abs_rel"] == pytest.approx(0.0, abs=1e-6) and m["a1"] == 1.0


def test_to_full_res_covers_the_whole_frame():
    """Inside the crop window: the upsampled map; outside (rows 468-479 are inside the Eigen crop up to
    470): the nearest edge value, never 0 (issue #14)."""
    small = np.tile(np.linspace(1.0, 5.0, 74, dtype=np.float32), (55, 1))
    small[-1] = 7.0
    out = to_full_res(small, (480, 640))
    assert out.shape == (480, 640)
    assert out[12, 16] == pytest.approx(1.0) and out[12, 623] == pytest.approx(5.0)
    np.testing.assert_array_equal(out[468:], np.repeat(out[467:468], 12, axis=0))
    np.testing.assert_array_equal(out[:, :16], np.repeat(out[:, 16:17], 16, axis=1))
    assert out[470, 300] == pytest.approx(7.0)


def test_log_to_depth_clips_to_trained_range():
    np.testing.assert_allclose(log_to_depth(np.array([-10.0, 0.0, 10.0])), [0.1, 1.0, 10.0])
