"""The accelerator paths on CPU: Ascend through a pass-through npu_bridge stand-in
(tests/npu_stub, a subprocess as a user runs it) and the GPU branch forced in-process. Each
trains, schedules the learning rate, checkpoints and resumes."""
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import checkpoint
import npu_support
import train
from conftest import HERE, PROJECT, write_nyu_data_zip

STUB = os.path.join(HERE, "npu_stub")


def _run_npu(args, env):
    proc = subprocess.run([sys.executable, "train.py"] + args, cwd=PROJECT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=1800)
    return proc.returncode, proc.stdout.decode("utf8", "replace")


def test_ascend_path_with_stand_in_trains_plateau_checkpoints_resumes(tmp_path):
    data = write_nyu_data_zip(str(tmp_path / "nyu_data.zip"), num_train=4, num_test=2)
    ckptdir = str(tmp_path / "ckpt_npu")
    env = dict(os.environ, PYTHONPATH=STUB + os.pathsep + os.environ.get("PYTHONPATH", ""))
    common = ["--train_data", data, "--train_tfrecords", "", "--result", str(tmp_path / "r"),
              "--ckptdir", ckptdir, "--bs", "2", "--steps", "1", "--input_height", "64",
              "--input_width", "96", "--seed", "0", "--lr_schedule", "plateau",
              "--bn_images", "2", "--is_loss_scale", "True"]
    rc, out = _run_npu(common + ["--epochs", "2"], env)
    assert rc == 0, out[-3000:]
    assert "npu_bridge found: training on Ascend NPU" in out
    assert "loss scale on" in out and "val_loss" in out        # plateau watches validation loss
    index = checkpoint.read_index(ckptdir)
    assert index["global_step"] == 2 and index["lr_state"]["lr"] == pytest.approx(1e-4)
    assert set(index["lr_state"]["plateau"]) == {"wait", "best", "cooldown_counter"}
    assert index["lr_state"]["plateau"]["best"] < 1e9            # a validation loss was seen
    rc, out = _run_npu(common + ["--epochs", "3"], env)
    assert rc == 0, out[-3000:]
    assert "restored optimizer state" in out
    index = checkpoint.read_index(ckptdir)
    assert index["global_step"] == 3
    with np.load(os.path.join(ckptdir, index["optimizer"]), allow_pickle=False) as opt:
        assert int(opt["arr_0"]) == 3                           # Keras step count went on


def test_gpu_branch_forced_trains_checkpoints_resumes(trained, tmp_path, monkeypatch):
    import tensorflow as tf
    ckptdir = str(tmp_path / "ckpt_npu")
    shutil.copytree(trained["ckptdir"], ckptdir)
    monkeypatch.setattr(npu_support, "device_path", lambda: "gpu")
    common = ["--train_data", trained["data"], "--train_tfrecords", "", "--result",
              str(tmp_path / "r"), "--ckptdir", ckptdir, "--bs", "2", "--epochs", "1",
              "--steps", "8", "--input_height", "64", "--input_width", "96", "--seed", "1",
              "--bn_images", "0"]
    # fine-tuning on another path: only the weights of the CPU run, a new run
    monkeypatch.setenv("DEPTHZOO_MAX_STEPS", "2")
    assert train.main(common + ["--weights_only"]) == 0
    log = open(str(tmp_path / "r" / "train.log")).read()
    assert "--weights_only: new run from the weights of" in log
    assert "GPU mixed precision graph rewrite, dynamic loss scale" in log
    index = checkpoint.read_index(ckptdir)
    assert index["global_step"] == 2 and index["settings"]["seed"] == 1
    tf.keras.backend.clear_session()
    monkeypatch.setenv("DEPTHZOO_MAX_STEPS", "1")
    assert train.main(common) == 0
    log = open(str(tmp_path / "r" / "train.log")).read()
    assert "resuming from %s at epoch 0 step 2" % ckptdir in log
    assert "restored optimizer state" in log
    index = checkpoint.read_index(ckptdir)
    assert index["global_step"] == 3
    with np.load(os.path.join(ckptdir, index["optimizer"]), allow_pickle=False) as opt:
        arrays = [opt["arr_%d" % i] for i in range(len(opt.files))]
    assert int(arrays[0]) == 3                      # Adam iterations: 2 + 1 after resume
    assert int(arrays[-1]) == 3                     # loss scale good_steps went on too
    assert float(arrays[-2]) == 2.0 ** 15           # dynamic loss scale's initial value kept
    tf.keras.backend.clear_session()
