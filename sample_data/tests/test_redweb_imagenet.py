"""ReDWeb relative depth and ImageNet class folders."""
import glob
import os

import cv2
import numpy as np

from conftest import IMAGENET, REDWEB
from sample_data import objects
from sample_data.writers import redweb


def test_redweb_rd_is_affine_in_inverse_depth_and_larger_is_closer(redweb_dir):
    root = os.path.join(redweb_dir, "ReDWeb_V1")
    names = sorted(os.listdir(os.path.join(root, "Imgs")))
    assert names == ["sample_%05d.jpg" % (i + 1) for i in range(REDWEB["num"])]
    for i, name in enumerate(names):
        rgb, depth = redweb.view(i, REDWEB["seed"], REDWEB["height"], REDWEB["width"])
        rd = cv2.imread(os.path.join(root, "RDs", name.replace(".jpg", ".png")), cv2.IMREAD_UNCHANGED)
        assert rd.dtype == np.uint8 and rd.shape == depth.shape
        assert rd.min() == 0 and rd.max() == 255
        disp = np.where(depth > 0, 1.0 / np.maximum(depth, 1e-9), 0.0)  # sky: 1/inf = 0
        expected = (disp - disp.min()) / (disp.max() - disp.min()) * 255.0
        assert np.abs(rd - expected).max() <= 0.5 + 1e-6
        valid = np.where(depth > 0, depth, np.inf)
        near = np.unravel_index(valid.argmin(), depth.shape)
        far = np.unravel_index(depth.argmax(), depth.shape)
        assert rd[near] == 255 and rd[far] < rd[near]  # larger value = closer
        img = cv2.imread(os.path.join(root, "Imgs", name))
        assert img.shape[:2] == depth.shape


def test_redweb_has_rooms_and_streets_with_sky(redweb_dir):
    _, d0 = redweb.view(0, REDWEB["seed"], REDWEB["height"], REDWEB["width"])
    _, d1 = redweb.view(1, REDWEB["seed"], REDWEB["height"], REDWEB["width"])
    assert (d0 > 0).all() and d0.max() < 10  # room
    assert (d1 == 0).any() and d1.max() > 20  # street with sky


def test_imagenet_layout(imagenet_dir):
    wnids = sorted(os.listdir(os.path.join(imagenet_dir, "train")))
    assert wnids == objects.WNIDS[:5] and wnids[0] == "n01440764"
    assert sorted(os.listdir(os.path.join(imagenet_dir, "val"))) == wnids
    for wnid in wnids:
        train = glob.glob(os.path.join(imagenet_dir, "train", wnid, "*.JPEG"))
        val = glob.glob(os.path.join(imagenet_dir, "val", wnid, "*.JPEG"))
        assert len(train) == IMAGENET["num"] and len(val) == 2
        img = cv2.imread(train[0])
        assert img.shape == (IMAGENET["height"], IMAGENET["width"], 3)


def _features(rgb, cells=4, bins=6):
    """HOG-like: gradient-orientation histograms on a 4x4 grid, L2-normalised."""
    g = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    gx, gy = cv2.Sobel(g, cv2.CV_32F, 1, 0), cv2.Sobel(g, cv2.CV_32F, 0, 1)
    mag = np.hypot(gx, gy)
    idx = np.clip((np.arctan2(gy, gx) % np.pi / np.pi * bins).astype(int), 0, bins - 1)
    step = g.shape[0] // cells
    hists = [np.bincount(idx[i:i + step, j:j + step].ravel(), mag[i:i + step, j:j + step].ravel(), bins)
             for i in range(0, cells * step, step) for j in range(0, cells * step, step)]
    f = np.concatenate(hists)
    return f / (np.linalg.norm(f) + 1e-6)


def test_imagenet_classes_are_learnable_by_nearest_centroid():
    """Shape + texture family make classes separable even for a trivial classifier."""
    train, val = {}, {}
    for c in range(5):
        train[c] = [_features(objects.render_object(c, 100 + c * 50 + i, 64, 64)[0]) for i in range(10)]
        val[c] = [_features(objects.render_object(c, 9000 + c * 50 + i, 64, 64)[0]) for i in range(6)]
    centroids = np.stack([np.mean(train[c], axis=0) for c in range(5)])
    correct = total = 0
    for c in range(5):
        for f in val[c]:
            correct += int(np.argmin(((centroids - f) ** 2).sum(axis=1)) == c)
            total += 1
    assert correct / float(total) > 0.45  # chance = 0.2 (measured: 0.63)
