"""KITTI loaders on sample_data: intrinsics per scale, stereo baseline sign, augmentation scope."""
import os
import random
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT
from datasets import DataError, KITTIDepthDataset, KITTIOdomDataset, KITTIRAWDataset
from datasets.augment import ColorJitter

LINE = "2011_09_26/2011_09_26_drive_0001_sync 2 l"


def test_item_keys_intrinsics_and_stereo_baseline(kitti_root):
    ds = KITTIRAWDataset(kitti_root, [LINE], 64, 192, [0, -1, 1, "s"], 4, is_train=False)
    item = ds[0]
    assert item[("color", -1, 0)].shape == (3, 64, 192) and item[("color", 1, 3)].shape == (3, 8, 24)
    np.testing.assert_allclose(item[("K", 0)][:2, :3], [[0.58 * 192, 0, 96], [0, 1.92 * 64, 32]],
                               rtol=1e-6)
    np.testing.assert_allclose(item[("K", 2)][0, 0], 0.58 * 48, rtol=1e-6)
    np.testing.assert_allclose(item[("inv_K", 1)] @ item[("K", 1)], np.eye(4), atol=1e-5)
    assert item["stereo_T"][0, 3] == pytest.approx(-0.1)  # left target: the right camera is at +x
    assert np.array_equal(item[("color", 0, 0)], item[("color_aug", 0, 0)])  # no aug at eval
    right = KITTIRAWDataset(kitti_root, [LINE.replace(" l", " r")], 64, 192, [0, "s"], 4)[0]
    assert right["stereo_T"][0, 3] == pytest.approx(0.1)
    # the stereo frame of a left line is the right image of the same frame
    np.testing.assert_array_equal(item[("color", "s", 0)], right[("color", 0, 0)])


def test_flip_and_colour_jitter_touch_only_what_they_should(kitti_root):
    ds = KITTIRAWDataset(kitti_root, [LINE], 64, 192, [0, "s"], 4, is_train=True)
    plain = KITTIRAWDataset(kitti_root, [LINE], 64, 192, [0, "s"], 4)[0]
    seen = set()
    for epoch in range(12):
        ds.epoch = epoch
        item = ds[0]
        flipped = np.allclose(item[("color", 0, 0)], plain[("color", 0, 0)][:, :, ::-1])
        if flipped:
            assert item["stereo_T"][0, 3] == pytest.approx(0.1)  # baseline sign flips too
        else:
            np.testing.assert_array_equal(item[("color", 0, 0)], plain[("color", 0, 0)])
        jittered = not np.array_equal(item[("color", 0, 0)], item[("color_aug", 0, 0)])
        seen.add((flipped, jittered))
    assert len(seen) == 4  # both augmentations happen, independently, about half the time


def test_augmentation_is_a_function_of_seed_epoch_and_index(kitti_root):
    """Resume and worker count cannot change what an item looks like; epochs still differ."""
    ds = KITTIRAWDataset(kitti_root, [LINE], 64, 192, [0], 1, is_train=True, seed=5)
    ds.epoch = 3
    a = ds[0][("color_aug", 0, 0)]
    random.seed(123)
    np.random.seed(123)  # global RNG state is irrelevant
    np.testing.assert_array_equal(ds[0][("color_aug", 0, 0)], a)
    draws = []
    for epoch in range(6):
        ds.epoch = epoch
        draws.append(ds[0][("color_aug", 0, 0)])
    assert any(not np.array_equal(draws[0], d) for d in draws[1:])


def test_resize_is_pillow_lanczos_chained_like_upstream(kitti_root):
    """Upstream resizes with torchvision Resize(ANTIALIAS) = PIL LANCZOS, each scale from the
    previous one; an independent Pillow pipeline must give the same pixels."""
    from PIL import Image
    ds = KITTIRAWDataset(kitti_root, [LINE], 64, 192, [0], 4)
    item = ds[0]
    folder, frame, _ = LINE.split()
    img = Image.open(os.path.join(kitti_root, folder, "image_02", "data",
                                  "{:010d}.jpg".format(int(frame)))).convert("RGB")
    for s in range(4):
        img = img.resize((192 // 2 ** s, 64 // 2 ** s), Image.LANCZOS)
        ref = np.asarray(img).astype(np.float32).transpose(2, 0, 1) / 255.0
        np.testing.assert_array_equal(item[("color", 0, s)], ref)


def test_colour_jitter_identity_and_range():
    img = np.random.RandomState(0).rand(8, 8, 3).astype(np.float32)
    rng = np.random.RandomState(1)
    jit = ColorJitter(brightness=(1, 1), contrast=(1, 1), saturation=(1, 1), hue=(0, 0), rng=rng)
    np.testing.assert_allclose(jit(img), img, atol=1e-5)
    out = ColorJitter(rng=np.random.RandomState(2))(img)
    assert out.min() >= 0 and out.max() <= 1 and not np.allclose(out, img)


def test_odometry_and_depth_benchmark_paths(tmp_path):
    odom = KITTIOdomDataset(str(tmp_path), ["9 12 l"], 64, 192, [0], 1)
    assert odom.get_image_path("9", 12, "r") == os.path.join(
        str(tmp_path), "sequences", "09", "image_3", "000012.jpg")
    dep = KITTIDepthDataset(str(tmp_path), [LINE], 64, 192, [0], 1, img_ext=".png")
    assert dep.get_depth_path("a/b", 5, "l").endswith(
        os.path.join("a", "b", "proj_depth", "groundtruth", "image_02", "0000000005.png"))
    assert dep.get_image_path("a/b", 5, "r").endswith(os.path.join("image_03", "data", "0000000005.png"))


def test_corrupt_image_and_unknown_flag(kitti_root, tmp_path):
    folder = tmp_path / "2011_09_26" / "d_sync" / "image_02" / "data"
    folder.mkdir(parents=True)
    (folder / "0000000000.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    ds = KITTIRAWDataset(str(tmp_path), ["2011_09_26/d_sync 0 l"], 64, 192, [0], 1)
    with pytest.raises(DataError, match="0000000000.jpg"):
        ds[0]
    # a truncated JPEG (cv2 would decode half an image with a warning) is an error too
    good = os.path.join(kitti_root, "2011_09_26", "2011_09_26_drive_0001_sync", "image_02",
                        "data", "0000000002.jpg")
    (folder / "0000000000.jpg").write_bytes(open(good, "rb").read()[:600])
    with pytest.raises(DataError, match="truncated"):
        ds[0]
    r = subprocess.run([sys.executable, os.path.join(ROOT, "train.py"), "--hieght", "192"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "unrecognized arguments: --hieght" in r.stderr
