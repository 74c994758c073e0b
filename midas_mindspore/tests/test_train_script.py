"""`bash scripts/run_standalone_train.sh 0` exactly as a user types it: progress, step cap,
checkpoint with its settings, resume. Runs in a copy of the project folder so the
checkpoints land in a temporary ckpt/; MIDAS_SAMPLE_ROOT points data/sample/ at test data."""
import os

import numpy as np
import mindspore as ms
import pytest

from mindspore_common.checkpoint import read_meta
from mindspore_common.testing import run_cmd

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMAND = "bash scripts/run_standalone_train.sh 0"


def newest(ckpt_dir):
    paths = [os.path.join(ckpt_dir, n) for n in os.listdir(ckpt_dir) if n.endswith(".ckpt")]
    return max(paths, key=lambda p: read_meta(p)["step"])


def test_standalone_train_script_caps_and_resumes(project_copy, sample_env):
    res = run_cmd(COMMAND, cwd=str(project_copy), env=dict(sample_env, DEPTHZOO_MAX_STEPS="8"),
                  timeout=300)
    out = res.stdout
    assert res.returncode == 0, out[-3000:]
    assert "reduced run" in out and "device: CPU" in out
    assert "train step 1/80 epoch 1" in out and "img/s, ETA" in out  # 16 images / batch 2 x 10 epochs
    assert "stopping at step 8: step cap 8" in out
    assert "Traceback" not in out and "WARNING" not in out
    ckpt_dir = str(project_copy / "ckpt")
    first = newest(ckpt_dir)
    meta = read_meta(first)
    assert meta["step"] == 8 and meta["settings"]["img_width"] == 64
    assert meta["settings"]["layers"] == [1, 1, 1, 1]
    w8 = ms.load_checkpoint(first)["scratch.output_conv.0.weight"].asnumpy()

    # again: resumes at step 8 (epoch 2) and continues the global step count
    res = run_cmd(COMMAND, cwd=str(project_copy), env=dict(sample_env, DEPTHZOO_MAX_STEPS="2"),
                  timeout=300)
    out = res.stdout
    assert res.returncode == 0, out[-3000:]
    assert "resumed from" in out and "(step 8, epoch 1)" in out
    assert "train step 9/80 epoch 2" in out and "stopping at step 10: step cap 2" in out
    last = newest(ckpt_dir)
    assert read_meta(last)["step"] == 10
    w_last = ms.load_checkpoint(last)["scratch.output_conv.0.weight"].asnumpy()
    assert not np.array_equal(w8, w_last)
