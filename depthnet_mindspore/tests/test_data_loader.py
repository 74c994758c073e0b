"""Data loader on NYU-layout files: crop / resize / depth scale, sharding, augmentation."""
import os

import cv2
import numpy as np
import pytest

from src import data_loader as dl


def _write_marked(root):
    """One train pair and one test pair of 480x640 with a marked border outside the crop."""
    rgb = np.full((480, 640, 3), 100, np.uint8)
    rgb[:12] = 255          # rows removed by the crop
    rgb[:, 624:] = 255      # columns removed by the crop
    rgb[240:, :, 0] = 0     # lower half: no red
    train_depth = np.full((480, 640), 51, np.uint8)   # 51 / 255 * 10 = 2.0 m
    train_depth[:12] = 255
    test_depth = np.full((480, 640), 2500, np.uint16)  # 2.5 m
    test_depth[300:] = 0                                # hole (invalid)
    os.makedirs(os.path.join(root, "Train", "s"))
    os.makedirs(os.path.join(root, "Test"))
    cv2.imwrite(os.path.join(root, "Train", "s", "1.jpg"), rgb[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 100])
    cv2.imwrite(os.path.join(root, "Train", "s", "1.png"), train_depth)
    cv2.imwrite(os.path.join(root, "Test", "00000_colors.png"), rgb[..., ::-1])
    cv2.imwrite(os.path.join(root, "Test", "00000_depth.png"), test_depth)
    return root


def test_train_sample_crop_resize_scale(tmp_path):
    root = _write_marked(str(tmp_path))
    ds = dl.create_train_dataset(root, batch_size=1, shuffle=False, augment_data=False)
    rgb, depth = [a[0] for a in next(ds.create_tuple_iterator(num_epochs=1, output_numpy=True))]
    assert rgb.shape == (3, 228, 304) and rgb.dtype == np.float32
    assert depth.shape == (1, 55, 74) and depth.dtype == np.float32
    # the white border is cropped away: no pixel near 1.0 in the green channel
    assert rgb[1].max() < 0.45
    assert rgb[1].min() > 0.35
    # red: upper half 100/255, lower half 0
    assert rgb[0, :100].mean() == pytest.approx(100 / 255, abs=0.02)
    assert rgb[0, 120:].mean() == pytest.approx(0.0, abs=0.02)
    np.testing.assert_allclose(depth, 2.0, atol=1e-5)  # png / 255 * 10, border cropped


def test_test_sample_scale_and_holes_kept(tmp_path):
    root = _write_marked(str(tmp_path))
    ds = dl.create_test_dataset(root, full_res=True)
    rgb, depth, full = [a[0] for a in next(ds.create_tuple_iterator(num_epochs=1, output_numpy=True))]
    assert full.shape == (480, 640)
    assert full[0, 0] == pytest.approx(2.5) and full[400, 0] == 0.0
    valid = depth[0] > 0
    np.testing.assert_allclose(depth[0][valid], 2.5, atol=1e-6)  # png / 1000
    # holes stay exactly 0 after the nearest-neighbour resize (rows 300: -> (300-12)/456*55 ~ 34.7)
    assert (depth[0, 36:] == 0).all() and (depth[0, :34] == 2.5).all()


def test_crop_box_scales_with_size():
    assert dl.crop_box((480, 640)) == (12, 16, 456, 608)
    assert dl.crop_box((240, 320)) == (6, 8, 228, 304)


def test_augmentation_flips_rgb_and_depth_together(tmp_path):
    """The pipeline's vision ops: joint flip of RGB and depth, brightness 0.8..1, sharpness leaves flat areas."""
    import mindspore.dataset as mds
    root = str(tmp_path)
    rgb = np.full((480, 640, 3), 60, np.uint8)
    rgb[:, :200] = 200                       # bright left part (after the crop: columns 16..199)
    depth = np.full((480, 640), 25, np.uint8)
    depth[:, :200] = 100                     # deep left part
    os.makedirs(os.path.join(root, "Train", "s"))
    for i in range(8):
        cv2.imwrite(os.path.join(root, "Train", "s", "%d.jpg" % i), rgb, [cv2.IMWRITE_JPEG_QUALITY, 100])
        cv2.imwrite(os.path.join(root, "Train", "s", "%d.png" % i), depth)
    mds.config.set_seed(0)
    ds = dl.create_train_dataset(root, batch_size=1, shuffle=False, augment_data=True, num_parallel_workers=2)
    flipped = 0
    for epoch in range(2):
        for r, d in ds.create_tuple_iterator(num_epochs=1, output_numpy=True):
            left_deep = d[0, 0, 20, 2] > d[0, 0, 20, -3]
            assert (r[0, 0, 100, 5] > r[0, 0, 100, -5]) == left_deep  # bright side follows the deep side
            bright = r[0, 0, 100, 5 if left_deep else -5]
            assert 200 / 255 * 0.8 - 0.02 <= bright <= 200 / 255 + 0.02
            flipped += not left_deep
    assert 0 < flipped < 16


def test_dataset_batches_and_shards(tiny_nyu):
    ds_full = dl.create_train_dataset(tiny_nyu, batch_size=2, shuffle=False, augment_data=False)
    batches = list(ds_full.create_tuple_iterator(num_epochs=1, output_numpy=True))
    assert len(batches) == 4
    assert batches[0][0].shape == (2, 3, 228, 304) and batches[0][1].shape == (2, 1, 55, 74)
    # synthetic depth: d0 * (1.4 - 0.6 * row) -> top rows deeper than bottom rows
    assert (batches[0][1][:, 0, 0] > batches[0][1][:, 0, -1]).all()
    shards = []
    for rank in range(2):
        ds = dl.create_train_dataset(tiny_nyu, batch_size=1, rank=rank, group_size=2, shuffle=False,
                                     augment_data=False)
        shards.append({float(d.sum()) for _, d in ds.create_tuple_iterator(num_epochs=1, output_numpy=True)})
        assert ds.get_dataset_size() == 4
    assert not shards[0] & shards[1]  # disjoint shards
    assert len(shards[0] | shards[1]) == 8


def test_test_dataset_accepts_root_or_test_folder(tiny_nyu):
    a = dl.create_test_dataset(tiny_nyu).get_dataset_size()
    b = dl.create_test_dataset(os.path.join(tiny_nyu, "Test")).get_dataset_size()
    assert a == b == 4
