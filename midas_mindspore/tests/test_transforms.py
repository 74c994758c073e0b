"""Resize sizes (hand-computed from MiDaS's rules), normalisation, layout."""
import numpy as np
import pytest

from src.utils.transforms import Compose, NormalizeImage, PrepareForNet, Resize


@pytest.mark.parametrize("method,keep,size,expected", [
    ("upper_bound", True, (512, 384), (384, 288)),    # scale min(384/384, 384/512) = 0.75
    ("lower_bound", True, (512, 384), (512, 384)),    # scale max(...) = 1
    ("minimal", True, (512, 384), (512, 384)),        # scale closest to 1 = 1
    ("upper_bound", True, (1242, 375), (384, 128)),   # 375 * 384/1242 = 115.9 -> 128 (multiple of 32)
    ("lower_bound", True, (1242, 375), (1280, 384)),  # 1242 * 384/375 = 1271.8 -> 1280 >= 384
    ("upper_bound", False, (1242, 375), (384, 384)),
    ("minimal", True, (300, 200), (384, 256)),        # scales 1.28 (w) / 1.92 (h): 1.28 is closer to 1
])
def test_resize_sizes(method, keep, size, expected):
    r = Resize(384, 384, keep_aspect_ratio=keep, ensure_multiple_of=32, resize_method=method)
    assert r.get_size(*size) == expected


def test_targets_follow_with_nearest_neighbour():
    image = np.random.RandomState(0).rand(40, 60, 3).astype(np.float32)
    disparity = np.arange(40 * 60, dtype=np.float32).reshape(40, 60)
    sample = Compose([Resize(64, 32, ensure_multiple_of=32, resize_method="upper_bound"),
                      NormalizeImage([0.5, 0.5, 0.5], [0.25, 0.25, 0.25]), PrepareForNet()])(
        {"image": image, "disparity": disparity, "mask": np.ones((40, 60), np.float32)})
    assert sample["image"].shape == (3, 32, 64) and sample["disparity"].shape == (32, 64)
    assert set(np.unique(sample["disparity"])) <= set(disparity.ravel())  # no blended values
    assert sample["image"].dtype == np.float32 and abs(float(sample["image"].mean())) < 0.5


def test_unknown_resize_method_is_an_error():
    with pytest.raises(ValueError, match="resize_method"):
        Resize(384, 384, resize_method="biggest")
