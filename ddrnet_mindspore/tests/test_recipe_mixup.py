"""Batch-mode Mixup/CutMix with folded label smoothing (src/data/augment/mixup.py), by hand values."""
import numpy as np
import pytest

from src.data.augment.mixup import Mixup, cutmix_box, smooth_one_hot


class Info:
    def __init__(self, epoch=0, batch=0):
        self.epoch, self.batch = epoch, batch

    def get_epoch_num(self):
        return self.epoch

    def get_batch_num(self):
        return self.batch


def batch(n=6, k=5, h=8, w=10, seed=0):
    rng = np.random.default_rng(seed)
    images = [rng.normal(size=(3, h, w)).astype(np.float32) for _ in range(n)]
    labels = [np.int32(i % k) for i in range(n)]
    return images, labels


def test_smooth_one_hot_hand_values():
    out = smooth_one_hot([2, 0], 4, 0.1)
    np.testing.assert_allclose(out[0], [0.025, 0.025, 0.925, 0.025])
    np.testing.assert_allclose(out[1], [0.925, 0.025, 0.025, 0.025])
    with pytest.raises(ValueError, match="num_classes=4"):
        smooth_one_hot([4], 4, 0.1)


def test_mixup_mixes_images_and_targets_with_the_same_weight():
    images, labels = batch()
    mix = Mixup(0.8, 0.0, 1.0, 0.5, 0.0, 5)
    out, targets = mix(images, labels, Info(0, 3))
    x = np.stack(images)
    # sample 1 (label 1) is mixed with sample 4 (label 4), the mirrored position
    lam = targets[1, labels[1]]
    np.testing.assert_allclose(out, lam * x + (1 - lam) * x[::-1], atol=1e-5)
    np.testing.assert_allclose(targets[1, labels[-2]], 1 - lam, atol=1e-6)
    np.testing.assert_allclose(targets.sum(1), 1.0, atol=1e-6)
    assert 0.0 < lam < 1.0


def test_cutmix_pastes_one_box_for_the_whole_batch_and_weights_by_its_area():
    images, labels = batch(h=16, w=16)
    mix = Mixup(0.0, 1.0, 1.0, 0.5, 0.0, 5)
    out, targets = mix(images, labels, Info(1, 7))
    x = np.stack(images)
    changed = np.any(out != x, axis=1)  # (N, H, W): pixels taken from the partner
    area = changed[1].mean()
    assert np.array_equal(changed[1], changed[2])  # the same box in every image
    np.testing.assert_allclose(targets[1, labels[1]], 1 - area, atol=1e-6)
    np.testing.assert_allclose(targets[1, labels[-2]], area, atol=1e-6)
    np.testing.assert_array_equal(out[1][:, changed[1]], x[-2][:, changed[1]])


def test_cutmix_box_area_matches_lambda_in_the_middle():
    inside = 0
    for seed in range(40):
        y0, y1, x0, x1 = cutmix_box(100, 100, 0.75, np.random.default_rng(seed))
        assert 0 <= y0 <= y1 <= 100 and 0 <= x0 <= x1 <= 100
        if 0 < y0 and y1 < 100 and 0 < x0 and x1 < 100:  # not clipped: side sqrt(1 - 0.75) = 1/2
            assert (y1 - y0, x1 - x0) == (50, 50)
            inside += 1
    assert inside > 0


def test_switch_prob_and_off_epoch_and_prob():
    images, labels = batch(h=16, w=16)
    x = np.stack(images)
    only_cut = Mixup(0.8, 1.0, 1.0, 1.0, 0.0, 5)
    only_mix = Mixup(0.8, 1.0, 1.0, 0.0, 0.0, 5)
    for b in range(5):
        out, _ = only_cut(images, labels, Info(0, b))
        assert np.mean(out == x) > 0.0  # untouched pixels outside the box
        out, _ = only_mix(images, labels, Info(0, b))
        assert np.mean(out == x) == 0.0  # every pixel blended
    off = Mixup(0.8, 1.0, 1.0, 0.5, 0.1, 5, off_epoch=2)
    out, targets = off(images, labels, Info(2, 0))
    np.testing.assert_array_equal(out, x)
    np.testing.assert_allclose(targets, smooth_one_hot(labels, 5, 0.1))
    never = Mixup(0.8, 1.0, 0.0, 0.5, 0.0, 5)
    np.testing.assert_array_equal(never(images, labels, Info(0, 0))[0], x)


def test_label_smoothing_is_folded_into_the_mixed_targets():
    images, labels = batch()
    plain = Mixup(0.8, 0.0, 1.0, 0.5, 0.0, 5)(images, labels, Info(0, 1))[1]
    smoothed = Mixup(0.8, 0.0, 1.0, 0.5, 0.1, 5)(images, labels, Info(0, 1))[1]
    np.testing.assert_allclose(smoothed, plain * 0.9 + 0.1 / 5, atol=1e-6)


def test_draws_depend_only_on_seed_epoch_and_batch():
    images, labels = batch()
    mix = Mixup(0.8, 1.0, 1.0, 0.5, 0.1, 5, seed=3)
    a = mix(images, labels, Info(4, 9))
    b = mix(images, labels, Info(4, 9))
    c = mix(images, labels, Info(4, 10))
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[1], c[1])


def test_mixup_weight_follows_beta_alpha_alpha():
    mix = Mixup(0.8, 0.0, 1.0, 0.5, 0.0, 5)
    lams = np.array([mix.draw(np.random.default_rng([0, 0, i]))[0] for i in range(4000)])
    # Beta(a, a): mean 1/2, variance 1 / (4 (2a + 1)) = 0.0962 for a = 0.8
    assert abs(lams.mean() - 0.5) < 0.02
    assert abs(lams.var() - 1 / (4 * 2.6)) < 0.008
