"""NYU evaluation protocol with oracle predictors (no network)."""
import numpy as np
import pytest

import utils


def _oracle(depth_m_per_image, factor=1.0):
    """run_batch returning DepthNorm of (factor x) the constant depth of each image."""
    def run(batch):
        key = [int(round(b[0, 0, 0] * 255)) for b in batch]
        d_cm = np.array([depth_m_per_image[k] * 100.0 * factor for k in key])
        h, w = batch.shape[1] // 2, batch.shape[2] // 2
        return (1000.0 / d_cm)[:, None, None, None] * np.ones((len(batch), h, w, 1))
    return run


def _data(n=3, h=64, w=96):
    rgb = np.zeros((n, h, w, 3), np.uint8)
    depth = np.zeros((n, h, w), np.float32)
    per_image = {}
    for i in range(n):
        rgb[i] = i + 1                      # pixel value identifies the image for the oracle
        per_image[i + 1] = 1.5 + i
        depth[i] = 1.5 + i
    crop = np.array([3, 60, 4, 91])
    return rgb, depth, crop, per_image


def test_ground_truth_as_prediction_is_perfect():
    rgb, depth, crop, per_image = _data()
    res = utils.evaluate_nyu(_oracle(per_image), rgb, depth, crop, batch_size=2, progress=False)
    assert res["num_samples"] == 3 and res["num_skipped"] == 0
    assert res["a1"] == 1.0 and res["abs_rel"] == pytest.approx(0.0, abs=1e-6)
    assert res["rmse"] == pytest.approx(0.0, abs=1e-5)


def test_known_scale_gives_hand_values():
    rgb, depth, crop, per_image = _data()
    res = utils.evaluate_nyu(_oracle(per_image, 1.2), rgb, depth, crop, progress=False)
    # every pixel over-estimates by 20%: abs_rel = 0.2, log10 = log10(1.2), a1 = 1 (1.2 < 1.25)
    assert res["abs_rel"] == pytest.approx(0.2, rel=1e-5)
    assert res["log10"] == pytest.approx(np.log10(1.2), rel=1e-5)
    assert res["a1"] == 1.0
    # rmse per image = 0.2 * depth, averaged per image
    assert res["rmse"] == pytest.approx(np.mean([0.2 * d for d in per_image.values()]), rel=1e-5)


def test_prediction_clipped_to_depth_range():
    rgb, depth, crop, per_image = _data(1)
    far = {1: 50.0}                           # 50 m predicted -> clipped at maxDepth = 10 m
    res = utils.evaluate_nyu(_oracle(far), rgb, depth, crop, progress=False)
    assert res["abs_rel"] == pytest.approx((10.0 - 1.5) / 1.5, rel=1e-5)


def test_crop_mask_inclusive_bounds_and_empty_crop_skips():
    mask = utils.crop_mask((8, 10), np.array([1, 3, 2, 5]))
    assert mask.sum() == 3 * 4 and mask[1, 2] and mask[3, 5] and not mask[4, 5]
    rgb, depth, crop, per_image = _data(2)
    depth[0, 3:61, 4:92] = 0.0               # no valid ground truth inside the crop
    res = utils.evaluate_nyu(_oracle(per_image), rgb, depth, crop, progress=False)
    assert res["num_samples"] == 1 and res["num_skipped"] == 1


def test_pooled_differs_from_per_image_as_expected():
    rgb, depth, crop, per_image = _data(2)
    pred = {1: 1.5 * 1.2, 2: 2.5}            # image 2 perfect, image 1 +20%
    per = utils.evaluate_nyu(_oracle(pred), rgb, depth, crop, progress=False)
    pooled = utils.evaluate_nyu(_oracle(pred), rgb, depth, crop, progress=False,
                                averaging="pooled")
    assert per["rmse"] == pytest.approx(0.3 / 2, rel=1e-5)
    assert pooled["rmse"] == pytest.approx(np.sqrt(0.3 ** 2 / 2), rel=1e-5)
