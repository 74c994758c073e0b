import numpy as np
import pytest

from common_metrics.crops import (depth_range_mask, kb_crop, kitti_eigen_crop,
                                  kitti_garg_crop, nyu_eigen_crop)


def _box(mask):
    rows = np.where(mask.any(axis=1))[0]
    cols = np.where(mask.any(axis=0))[0]
    # the mask is exactly one rectangle
    assert mask.sum() == len(rows) * len(cols)
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def test_nyu_eigen_crop_pixel_numbers():
    m = nyu_eigen_crop((480, 640))
    assert m.dtype == bool and m.shape == (480, 640)
    assert _box(m) == (45, 471, 41, 601)
    assert m.sum() == 426 * 560


def test_nyu_eigen_crop_scales_with_size():
    assert _box(nyu_eigen_crop((240, 320))) == (22, 236, 20, 300)   # round(45/2)=22 ...


def test_crops_accept_arrays_with_leading_dims():
    a = np.zeros((2, 1, 480, 640))
    assert nyu_eigen_crop(a).shape == (480, 640)
    assert (nyu_eigen_crop(a) == nyu_eigen_crop((480, 640))).all()


def test_kitti_garg_crop_on_kitti_size():
    # 375x1242: rows int(153.04)=153 .. int(371.96)=371, cols int(44.65)=44 .. int(1197.35)=1197
    assert _box(kitti_garg_crop((375, 1242))) == (153, 371, 44, 1197)


def test_kitti_eigen_crop_on_kitti_size():
    # rows int(124.66)=124 .. int(342.57)=342
    assert _box(kitti_eigen_crop((375, 1242))) == (124, 342, 44, 1197)


def test_kb_crop_bottom_centre():
    m = kb_crop((375, 1242))
    assert _box(m) == (23, 375, 13, 1229)
    assert m.sum() == 352 * 1216
    with pytest.raises(ValueError, match="352x1216"):
        kb_crop((300, 1242))


def test_depth_range_mask_is_open_and_drops_non_finite():
    gt = np.array([0.0, 1e-3, 0.5, 10.0, 9.99, np.nan, np.inf, -1.0])
    assert depth_range_mask(gt, 1e-3, 10.0).tolist() == [
        False, False, True, False, True, False, False, False]
    with pytest.raises(ValueError, match="min_depth < max_depth"):
        depth_range_mask(gt, 10, 1)


def test_bad_shapes_are_rejected():
    with pytest.raises(ValueError, match="shape"):
        nyu_eigen_crop((480,))
    with pytest.raises(ValueError, match="positive"):
        kitti_garg_crop((0, 10))
