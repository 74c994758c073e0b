"""NYU writers: read back with cv2 / zipfile / np.load and compare with the renderer."""
import csv
import io
import os
import zipfile

import cv2
import numpy as np

from conftest import NYU
from sample_data import nyu
from sample_data.writers.nyu_densedepth import eigen_crop


def rendered():
    return nyu.samples(NYU["num"], NYU["seed"], NYU["height"], NYU["width"], False)


def test_depthnet_layout_and_train_depth_quantisation(nyu_depthnet_dir):
    train, test = rendered()
    assert len(train) == NYU["num"] and len(test) == 2
    for scene, n, rgb, depth in train:
        base = os.path.join(nyu_depthnet_dir, "Train", scene, str(n))
        png = cv2.imread(base + ".png", cv2.IMREAD_UNCHANGED)
        assert png.dtype == np.uint8 and png.shape == depth.shape
        back = png / 255.0 * 10.0  # DepthNet: depth = png / 255 * 10 m
        assert np.abs(back - np.clip(depth, 0, 10)).max() <= 10.0 / 255 / 2 + 1e-6
        jpg = cv2.imread(base + ".jpg")[:, :, ::-1]
        assert np.abs(jpg.astype(int) - rgb).mean() < 6  # JPEG q95
    scenes = sorted(os.listdir(os.path.join(nyu_depthnet_dir, "Train")))
    assert len(scenes) == 4 and all(s.endswith("_out") for s in scenes)


def test_depthnet_test_depth_is_uint16_millimetres(nyu_depthnet_dir):
    _, test = rendered()
    names = sorted(os.listdir(os.path.join(nyu_depthnet_dir, "Test")))
    assert names == ["00000_colors.png", "00000_depth.png", "00001_colors.png", "00001_depth.png"]
    for i, (rgb, depth) in enumerate(test):
        png = cv2.imread(os.path.join(nyu_depthnet_dir, "Test", "%05d_depth.png" % i),
                         cv2.IMREAD_UNCHANGED)
        assert png.dtype == np.uint16
        assert np.abs(png / 1000.0 - depth).max() <= 0.0005 + 1e-6
        colors = cv2.imread(os.path.join(nyu_depthnet_dir, "Test", "%05d_colors.png" % i))
        np.testing.assert_array_equal(colors[:, :, ::-1], rgb)  # PNG is lossless


def test_indoor_depth_range_is_nyu_like(nyu_depthnet_dir):
    train, test = rendered()
    depths = np.concatenate([d.ravel() for *_, d in train] + [d.ravel() for _, d in test])
    assert depths.min() > 0.4 and depths.max() < 10.0
    assert depths.mean() > 2.0


def test_densedepth_zips_match_csv_and_quantisation(nyu_densedepth_dir):
    train, test = rendered()
    with zipfile.ZipFile(os.path.join(nyu_densedepth_dir, "nyu_data.zip")) as z:
        names = set(z.namelist())
        rows = list(csv.reader(io.StringIO(z.read("data/nyu2_train.csv").decode("utf-8"))))
        assert len(rows) == len(train)
        for (scene, n, rgb, depth), row in zip(train, rows):
            assert row == ["data/nyu2_train/%s/%d.jpg" % (scene, n), "data/nyu2_train/%s/%d.png" % (scene, n)]
            assert set(row) <= names
            png = cv2.imdecode(np.frombuffer(z.read(row[1]), np.uint8), cv2.IMREAD_UNCHANGED)
            y = png / 255.0 * 1000.0  # DenseDepth: 1000 = 10 m
            assert np.abs(y / 100.0 - np.clip(depth, 0, 10)).max() <= 10.0 / 255 / 2 + 1e-6
        test_rows = list(csv.reader(io.StringIO(z.read("data/nyu2_test.csv").decode("utf-8"))))
        assert [r[0] for r in test_rows] == ["data/nyu2_test/%05d_colors.png" % i for i in range(len(test))]
        for (rgb, depth), row in zip(test, test_rows):
            png = cv2.imdecode(np.frombuffer(z.read(row[1]), np.uint8), cv2.IMREAD_UNCHANGED)
            assert png.dtype == np.uint16 and np.abs(png / 1000.0 - depth).max() <= 0.0005 + 1e-6
    with zipfile.ZipFile(os.path.join(nyu_densedepth_dir, "nyu_test.zip")) as z:
        rgb = np.load(io.BytesIO(z.read("eigen_test_rgb.npy")), allow_pickle=False)
        depth = np.load(io.BytesIO(z.read("eigen_test_depth.npy")), allow_pickle=False)
        crop = np.load(io.BytesIO(z.read("eigen_test_crop.npy")), allow_pickle=False)
    assert rgb.dtype == np.uint8 and rgb.shape == (len(test), NYU["height"], NYU["width"], 3)
    assert depth.dtype == np.float32
    np.testing.assert_array_equal(depth, np.stack([d for _, d in test]))  # exact metres
    np.testing.assert_array_equal(rgb, np.stack([r for r, _ in test]))
    np.testing.assert_array_equal(crop, eigen_crop(NYU["height"], NYU["width"]))


def test_eigen_crop_is_densedepths_at_full_size():
    assert list(eigen_crop(480, 640)) == [20, 459, 24, 615]
    assert list(eigen_crop(240, 320)) == [10, 230, 12, 308]


def test_same_scenes_in_both_nyu_formats(nyu_depthnet_dir, nyu_densedepth_dir):
    with zipfile.ZipFile(os.path.join(nyu_densedepth_dir, "nyu_data.zip")) as z:
        a = z.read("data/nyu2_train/living_room_0001_out/1.png")
    with open(os.path.join(nyu_depthnet_dir, "Train", "living_room_0001_out", "1.png"), "rb") as f:
        assert f.read() == a
