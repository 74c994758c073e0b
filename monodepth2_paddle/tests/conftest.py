"""Shared fixtures: a tiny KITTI-raw folder from sample_data, small option sets, saved weights."""
import os
import shutil
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

os.environ.setdefault("OMP_NUM_THREADS", "2")
H, W = 64, 192          # network input for tests (multiples of 32)
IMG_H, IMG_W = 96, 320  # sample_data image size


@pytest.fixture(scope="session")
def kitti_root(tmp_path_factory):
    """sample_data kitti_raw: 2 drives x 6 frames, stereo, velodyne, dense GT, splits/sample."""
    import sample_data
    out = str(tmp_path_factory.mktemp("data") / "kitti_raw")
    sample_data.write_dataset("kitti_raw", out, num=6, height=IMG_H, width=IMG_W, seed=0)
    return out


@pytest.fixture
def tiny_split(kitti_root, tmp_path):
    """A split folder with 2 training lines and 1 validation line (1 step per epoch at bs 2)."""
    src = os.path.join(kitti_root, "splits", "sample")
    d = tmp_path / "split"
    d.mkdir()
    train = open(os.path.join(src, "train_files.txt")).read().split("\n")
    (d / "train_files.txt").write_text("\n".join(train[:2]) + "\n")
    shutil.copy(os.path.join(src, "val_files.txt"), str(d / "val_files.txt"))
    with open(str(d / "val_files.txt")) as f:
        first = f.read().split("\n")[0]
    (d / "val_files.txt").write_text(first + "\n")
    shutil.copy(os.path.join(src, "test_files.txt"), str(d / "test_files.txt"))
    return str(d)


def train_args(data, split, log_dir, *extra):
    return ["--data_path", data, "--split", split, "--log_dir", str(log_dir),
            "--height", str(H), "--width", str(W), "--batch_size", "2", "--num_epochs", "1",
            "--weights_init", "scratch", "--num_workers", "0", "--log_frequency", "1"] + list(extra)


@pytest.fixture
def saved_weights(tmp_path):
    """A weights folder (random init) with encoder/depth files as train.py writes them."""
    import paddle
    import networks
    from utils import atomic_save
    paddle.seed(3)
    enc = networks.ResnetEncoder(18, False)
    dec = networks.DepthDecoder(enc.num_ch_enc)
    folder = tmp_path / "weights"
    folder.mkdir()
    state = dict(enc.state_dict())
    state.update(height=np.array(H), width=np.array(W), use_stereo=np.array(True))
    atomic_save(state, str(folder / "encoder.pdparams"))
    atomic_save(dec.state_dict(), str(folder / "depth.pdparams"))
    return str(folder)
