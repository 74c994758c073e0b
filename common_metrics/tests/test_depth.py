import math

import numpy as np
import pytest
from conftest import naive_metrics, random_depth

from common_metrics import depth
from common_metrics.depth import (METRIC_NAMES, DepthMetricAccumulator, EmptyMaskError,
                                  compute_depth_metrics)


def test_metric_names_are_the_contract():
    assert METRIC_NAMES == ("abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "silog",
                            "a1", "a2", "a3")


def test_hand_computed_values():
    # g = 1, 2, 4 and p = 2, 2, 2: ratios 2, 1, 2; e = ln2, 0, -ln2
    m = compute_depth_metrics(np.array([2.0, 2.0, 2.0]), np.array([1.0, 2.0, 4.0]))
    ln2 = math.log(2)
    expected = {
        "abs_rel": (1 + 0 + 0.5) / 3, "sq_rel": (1 + 0 + 1) / 3, "rmse": math.sqrt(5 / 3),
        "rmse_log": ln2 * math.sqrt(2 / 3), "log10": 2 * math.log10(2) / 3,
        "silog": 100 * ln2 * math.sqrt(2 / 3), "a1": 1 / 3, "a2": 1 / 3, "a3": 1 / 3,
    }
    assert set(m) == set(METRIC_NAMES)
    for k, v in expected.items():
        assert m[k] == pytest.approx(v, rel=1e-12), k
        assert type(m[k]) is float


def test_threshold_accuracies_hand_values():
    # ratios 1.2, 1.5, 1.9, 3 against 1.25, 1.5625, 1.953125
    m = compute_depth_metrics(np.array([1.2, 1.5, 1.9, 3.0]), np.ones(4))
    assert (m["a1"], m["a2"], m["a3"]) == (0.25, 0.5, 0.75)
    # the ratio is symmetric: under-estimates count the same
    m2 = compute_depth_metrics(np.ones(4), np.array([1.2, 1.5, 1.9, 3.0]))
    assert (m2["a1"], m2["a2"], m2["a3"]) == (0.25, 0.5, 0.75)


def test_silog_ignores_a_global_scale_but_rmse_log_does_not(rng):
    pred, gt = random_depth(rng, (20, 30), np.float64)
    m1 = compute_depth_metrics(pred, gt)
    m2 = compute_depth_metrics(pred * 3.0, gt)
    assert m2["silog"] == pytest.approx(m1["silog"], rel=1e-9)
    assert m2["rmse_log"] > m1["rmse_log"] + 0.5


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_oracle_is_perfect(rng, dtype):
    _, gt = random_depth(rng, (30, 40), dtype)
    m = compute_depth_metrics(gt.copy(), gt)
    assert (m["a1"], m["a2"], m["a3"]) == (1.0, 1.0, 1.0)
    for k in ("abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "silog"):
        assert m[k] == 0.0, k


def test_invalid_pixels_are_never_used():
    gt = np.array([1.0, 2.0, 0.0, np.nan, np.inf, 3.0, -1.0, 2.0, 2.0, 2.0])
    pred = np.array([1.0, 2.0, 5.0, 5.0, 5.0, 3.0, 5.0, 0.0, np.nan, -np.inf])
    m = compute_depth_metrics(pred, gt)      # only pixels 0, 1, 5 remain: perfect
    assert m["abs_rel"] == 0.0 and m["rmse"] == 0.0 and m["a1"] == 1.0
    for v in m.values():
        assert math.isfinite(v)


def test_mask_selects_pixels():
    gt = np.array([[1.0, 1.0], [1.0, 1.0]])
    pred = np.array([[1.0, 9.0], [1.0, 9.0]])
    mask = np.array([[True, False], [True, False]])
    assert compute_depth_metrics(pred, gt, mask)["abs_rel"] == 0.0
    assert compute_depth_metrics(pred, gt)["abs_rel"] == pytest.approx(4.0)


def test_empty_mask_and_all_invalid_raise():
    gt = np.ones((3, 3))
    with pytest.raises(EmptyMaskError):
        compute_depth_metrics(gt, gt, np.zeros((3, 3), bool))
    with pytest.raises(ValueError, match="no valid pixel"):
        compute_depth_metrics(np.zeros((3, 3)), gt)
    with pytest.raises(EmptyMaskError):
        compute_depth_metrics(np.full((3, 3), np.nan), gt)
    assert issubclass(EmptyMaskError, ValueError)


def test_shape_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(3, 2\)"):
        compute_depth_metrics(np.ones((2, 3)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="mask shape"):
        compute_depth_metrics(np.ones((2, 3)), np.ones((2, 3)), np.ones((3, 2), bool))
    with pytest.raises(ValueError, match="boolean"):
        compute_depth_metrics(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)))


def test_integer_and_mixed_dtypes(rng):
    gt = rng.randint(1, 50, size=(10, 10))
    pred = rng.randint(1, 50, size=(10, 10))
    ref = naive_metrics(pred, gt)
    for p, g in ((pred, gt), (pred.astype(np.float32), gt.astype(np.float64)),
                 (pred.astype(np.uint16), gt.astype(np.float32))):
        m = compute_depth_metrics(p, g)
        for k in METRIC_NAMES:
            assert m[k] == pytest.approx(ref[k], rel=1e-6), k


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fast_path_matches_naive_reference(rng, dtype, monkeypatch):
    # a small chunk makes the 120x160 image span many chunks, as a real image does
    monkeypatch.setattr(depth, "_CHUNK", 1000)
    for _ in range(3):
        pred, gt = random_depth(rng, (120, 160), dtype)
        gt[rng.rand(*gt.shape) < 0.05] = 0.0
        mask = rng.rand(*gt.shape) < 0.9
        m = compute_depth_metrics(pred, gt, mask)
        ref = naive_metrics(pred, gt, mask)
        for k in METRIC_NAMES:
            assert m[k] == pytest.approx(ref[k], rel=1e-6, abs=1e-12), k


@pytest.mark.parametrize("bias, noise", [(1.0, 0.2), (1.5, 0.01), (0.2, 0.001)])
def test_full_size_float32_matches_float64_reference(rng, bias, noise):
    # NYU-size float32 image, default chunking; a large bias with little noise is
    # the hard case for silog (mean(e^2) - mean(e)^2 cancels)
    gt = rng.uniform(0.5, 10.0, size=(480, 640)).astype(np.float32)
    pred = (gt * bias * np.exp(rng.normal(0, noise, size=gt.shape))).astype(np.float32)
    m = compute_depth_metrics(pred, gt)
    ref = naive_metrics(pred, gt)
    for k in METRIC_NAMES:
        assert m[k] == pytest.approx(ref[k], rel=1e-6), k


def test_per_image_and_pooled_differ_where_they_should():
    acc_i = DepthMetricAccumulator("per_image")
    acc_p = DepthMetricAccumulator("pooled")
    # image 1: two perfect pixels; image 2: one pixel off by 100 %
    for pred, gt in ((np.array([1.0, 1.0]), np.array([1.0, 1.0])),
                     (np.array([2.0]), np.array([1.0]))):
        acc_i.update(pred, gt)
        acc_p.update(pred, gt)
    ri, rp = acc_i.result(), acc_p.result()
    assert ri["abs_rel"] == pytest.approx(0.5)       # (0 + 1) / 2 images
    assert rp["abs_rel"] == pytest.approx(1.0 / 3)   # 1 / 3 pixels
    assert ri["a1"] == pytest.approx(0.5) and rp["a1"] == pytest.approx(2.0 / 3)
    assert ri["num_samples"] == rp["num_samples"] == 2


def test_single_image_per_image_equals_pooled_equals_direct(rng):
    pred, gt = random_depth(rng, (40, 50))
    direct = compute_depth_metrics(pred, gt)
    for averaging in ("per_image", "pooled"):
        acc = DepthMetricAccumulator(averaging)
        assert acc.update(pred, gt) is True
        r = acc.result()
        for k in METRIC_NAMES:
            assert r[k] == pytest.approx(direct[k], rel=1e-12), (averaging, k)


def test_pooled_equals_metrics_of_the_concatenation(rng):
    acc = DepthMetricAccumulator("pooled")
    preds, gts, masks = [], [], []
    for shape in ((30, 40), (20, 25), (50, 10)):
        pred, gt = random_depth(rng, shape)
        mask = rng.rand(*shape) < 0.8
        acc.update(pred, gt, mask)
        preds.append(pred.ravel())
        gts.append(gt.ravel())
        masks.append(mask.ravel())
    r = acc.result()
    whole = compute_depth_metrics(np.concatenate(preds), np.concatenate(gts),
                                  np.concatenate(masks))
    ref = naive_metrics(np.concatenate(preds), np.concatenate(gts), np.concatenate(masks))
    for k in METRIC_NAMES:
        assert r[k] == pytest.approx(whole[k], rel=1e-6), k
        assert r[k] == pytest.approx(ref[k], rel=1e-6), k


def test_per_image_is_the_mean_of_image_metrics(rng):
    acc = DepthMetricAccumulator()
    ms = []
    for _ in range(4):
        pred, gt = random_depth(rng, (16, 16))
        acc.update(pred, gt)
        ms.append(compute_depth_metrics(pred, gt))
    r = acc.result()
    for k in METRIC_NAMES:
        assert r[k] == pytest.approx(np.mean([m[k] for m in ms]), rel=1e-12), k


@pytest.mark.parametrize("averaging", ["per_image", "pooled"])
def test_empty_images_are_skipped_and_counted(rng, averaging):
    acc = DepthMetricAccumulator(averaging)
    pred, gt = random_depth(rng, (8, 8))
    assert acc.update(pred, gt) is True
    assert acc.update(pred, np.zeros_like(gt)) is False
    assert acc.update(pred, gt, np.zeros(gt.shape, bool)) is False
    r = acc.result()
    assert r["num_samples"] == 1 and r["num_skipped"] == 2
    ref = compute_depth_metrics(pred, gt)
    for k in METRIC_NAMES:
        assert r[k] == pytest.approx(ref[k], rel=1e-12)


def test_result_without_images_is_a_clear_error():
    acc = DepthMetricAccumulator()
    with pytest.raises(ValueError, match="no image"):
        acc.result()
    acc.update(np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match="1 skipped"):
        acc.result()


def test_unknown_averaging_is_rejected():
    with pytest.raises(ValueError, match="per_image, pooled"):
        DepthMetricAccumulator("mean")


def test_update_batch_equals_single_updates(rng):
    pred, gt = random_depth(rng, (3, 10, 12))
    gt[1] = 0
    a, b = DepthMetricAccumulator(), DepthMetricAccumulator()
    assert a.update_batch(pred, gt) == 1
    for i in range(3):
        b.update(pred[i], gt[i])
    assert a.result() == b.result()


def test_update_batch_with_one_shared_mask(rng):
    pred, gt = random_depth(rng, (2, 10, 12))
    mask = rng.rand(10, 12) < 0.5
    a, b = DepthMetricAccumulator("pooled"), DepthMetricAccumulator("pooled")
    assert a.update_batch(pred, gt, mask) == 0
    b.update_batch(pred, gt, np.stack([mask, mask]))
    assert a.result() == b.result()
    with pytest.raises(ValueError, match="mask shape"):
        a.update_batch(pred, gt, mask[:5])
    with pytest.raises(ValueError, match="shapes differ"):
        a.update_batch(pred[:, :5], gt)
