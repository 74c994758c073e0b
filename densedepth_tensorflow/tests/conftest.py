"""Fixtures: tiny NYU zips in the documented layout (written here with cv2 + zipfile so the
tests do not depend on sample_data's renderer), one TF graph per test, and one short CPU
training run shared by the tests that need a trained checkpoint."""
import io
import os
import sys
import zipfile

import cv2
import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
if PROJECT not in sys.path:
    sys.path.insert(0, PROJECT)

H, W = 64, 96


def scene(rng, h=H, w=W):
    """Smooth RGB and a depth ramp in metres (1..9 m) that the RGB correlates with."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    depth_m = 1.0 + 8.0 * (xx / (w - 1)) * (0.5 + 0.5 * yy / (h - 1)) + rng.uniform(0, 0.2)
    rgb = np.stack([255 * (depth_m / 9.0), 128 + 60 * np.sin(yy / 7.0), 255 * (1 - xx / w)], -1)
    rgb = np.clip(rgb + rng.normal(0, 4, rgb.shape), 0, 255).astype(np.uint8)
    return rgb, depth_m


def _png(arr):
    ok, buf = cv2.imencode(".png", arr)
    assert ok
    return buf.tobytes()


def _jpg(rgb):
    ok, buf = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 95])
    assert ok
    return buf.tobytes()


def write_nyu_data_zip(path, num_train=8, num_test=2, seed=0, h=H, w=W, corrupt=None, drop=None):
    rng = np.random.RandomState(seed)
    train_rows, test_rows = [], []
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(num_train):
            rgb, depth_m = scene(rng, h, w)
            base = "data/nyu2_train/scene_%d/%d" % (i // 4, i)
            zf.writestr(base + ".jpg", _jpg(rgb))
            d8 = np.clip(np.round(depth_m / 10.0 * 255), 0, 255).astype(np.uint8)
            payload = b"not a png at all" if corrupt == i else _png(d8)
            if drop != i:
                zf.writestr(base + ".png", payload)
            train_rows.append("%s.jpg,%s.png" % (base, base))
        for i in range(num_test):
            rgb, depth_m = scene(rng, h, w)
            base = "data/nyu2_test/%05d" % i
            zf.writestr(base + "_colors.png", _png(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)))
            zf.writestr(base + "_depth.png", _png(np.round(depth_m * 1000).astype(np.uint16)))
            test_rows.append("%s_colors.png,%s_depth.png" % (base, base))
        zf.writestr("data/nyu2_train.csv", "\n".join(train_rows) + "\n")
        zf.writestr("data/nyu2_test.csv", "\n".join(test_rows) + "\n")
    return path


def _npy(arr):
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=False)
    return buf.getvalue()


def write_nyu_test_zip(path, num=3, seed=1, h=H, w=W, rgb=None, depth=None, crop=None):
    rng = np.random.RandomState(seed)
    scenes = [scene(rng, h, w) for _ in range(num)]
    rgb = np.stack([s[0] for s in scenes]) if rgb is None else rgb
    depth = np.stack([s[1] for s in scenes]).astype(np.float32) if depth is None else depth
    if crop is None:  # 480x640 crop [20, 459, 24, 615] scaled to h x w
        crop = np.array([round(20 * h / 480), round(459 * h / 480),
                         round(24 * w / 640), round(615 * w / 640)], dtype=np.int64)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("eigen_test_rgb.npy", _npy(rgb))
        zf.writestr("eigen_test_depth.npy", _npy(depth))
        zf.writestr("eigen_test_crop.npy", _npy(crop))
    return path


@pytest.fixture
def nyu_zip(tmp_path):
    return write_nyu_data_zip(str(tmp_path / "nyu_data.zip"))


@pytest.fixture
def nyu_test_zip(tmp_path):
    return write_nyu_test_zip(str(tmp_path / "nyu_test.zip"))


@pytest.fixture(autouse=True)
def fresh_graph():
    import tensorflow as tf
    import npu_support
    tf.keras.backend.clear_session()
    tf.compat.v1.reset_default_graph()
    npu_support.use_session("cpu")   # Grappler off, as the CPU entry points run
    yield
    tf.keras.backend.clear_session()


TRAIN_STEPS = 40      # enough for the short run to beat the constant baseline (seeded)
STOP_AT = 25          # DEPTHZOO_MAX_STEPS of the first half: stops mid-epoch, then resumes


def train_args(data, result, ckptdir, extra=()):
    return ["--train_data", data, "--train_tfrecords", "", "--test_data", "",
            "--result", result, "--ckptdir", ckptdir, "--bs", "2", "--epochs", "1",
            "--steps", str(TRAIN_STEPS), "--input_height", "64", "--input_width", "96",
            "--seed", "0", "--lr", "0.0003", "--log_every", "5", "--bn_images", "8",
            "--keep_checkpoints", "2", "--save_every_steps", "10"] + list(extra)


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    """CPU run of train.main: DEPTHZOO_MAX_STEPS stops it at step STOP_AT (mid-epoch), a second
    call resumes it to TRAIN_STEPS. Returns paths and the two runs' logs."""
    import tensorflow as tf
    import npu_support
    import train
    root = tmp_path_factory.mktemp("trained")
    data = write_nyu_data_zip(str(root / "nyu_data.zip"), num_train=16, num_test=2)
    test_zip = write_nyu_test_zip(str(root / "nyu_test.zip"), num=4, seed=5)
    result, ckptdir = str(root / "result"), str(root / "ckpt_npu")
    logs = []
    for cap in (str(STOP_AT), ""):
        tf.keras.backend.clear_session()
        tf.compat.v1.reset_default_graph()
        npu_support.use_session("cpu")
        os.environ["DEPTHZOO_MAX_STEPS"] = cap
        try:
            rc = train.main(train_args(data, result, ckptdir))
        finally:
            os.environ.pop("DEPTHZOO_MAX_STEPS", None)
        log = open(os.path.join(result, "train.log")).read()
        assert rc == 0, log[-3000:]
        logs.append(log[sum(len(l) for l in logs):])
    tf.keras.backend.clear_session()
    return {"root": root, "data": data, "test_zip": test_zip, "result": result,
            "ckptdir": ckptdir, "logs": logs}
