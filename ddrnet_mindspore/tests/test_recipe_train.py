"""train.py in-process with a stand-in network: resume continues exactly, checkpoints are
bounded and record their settings, the best network is kept, mismatched resumes are refused."""
import glob
import os
import subprocess
import sys

import mindspore as ms
import numpy as np
import pytest

from recipe_tiny_net import TinyNet

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CPU_CONFIG = os.path.join(PROJECT, "src", "configs", "ddrnet23_imagenet_cpu.yaml")
# the full recipe (Mixup/CutMix, RandAugment, erasing), on 32x32 crops, 15 steps per epoch
RECIPE = ["--mix_up", "0.8", "--cutmix", "1.0", "--auto_augment", "rand-m9-mstd0.5-inc1",
          "--re_prob", "0.25", "--image_size", "32", "--batch_size", "8", "--epochs", "2",
          "--mode", "pynative", "--num_parallel_workers", "1", "--exact_resume", "true",
          "--save_every_steps", "4", "--keep_checkpoint_max", "2", "--log_every", "5"]


def train(data, ckpt, max_steps=None, extra=()):
    """CompletedProcess of tests/recipe_train_tiny.py (train.py with TinyNet); .err: stderr."""
    env = dict(os.environ)
    env.pop("DEPTHZOO_MAX_STEPS", None)
    if max_steps:
        env["DEPTHZOO_MAX_STEPS"] = str(max_steps)
    cmd = [sys.executable, os.path.join("tests", "recipe_train_tiny.py"), "--ddr_config", CPU_CONFIG,
           "--data_url", data, "--ckpt_dir", ckpt] + RECIPE + list(extra)
    res = subprocess.run(cmd, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True, timeout=600)
    return res


def newest(ckpt):
    from mindspore_common.checkpoint import read_meta
    paths = [p for p in glob.glob(os.path.join(ckpt, "DDRNet23slim*.ckpt"))]
    return max(paths, key=lambda p: read_meta(p)["step"]), paths


def params(path):
    return {k: v.asnumpy() for k, v in ms.load_checkpoint(path).items()
            if not k.startswith("meta_") and k not in ("step_num", "epoch_num")}


def ok(res):
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-3000:]
    return res.stdout


def test_interrupted_and_resumed_equals_uninterrupted(tiny_imagenet, tmp_path):
    from mindspore_common.checkpoint import read_meta
    whole, parts = str(tmp_path / "whole"), str(tmp_path / "parts")
    out = ok(train(tiny_imagenet, whole))
    ok(train(tiny_imagenet, parts, max_steps=19))  # stops inside epoch 2
    path, _ = newest(parts)
    assert read_meta(path)["step"] == 19
    resumed = ok(train(tiny_imagenet, parts))
    assert "continuing at step 19" in resumed and "img/s" in out and "ETA" in out
    end_whole, paths = newest(whole)
    end_parts, part_paths = newest(parts)
    assert len(part_paths) == 2  # keep_checkpoint_max across the interrupted and resumed runs
    assert read_meta(end_whole)["step"] == read_meta(end_parts)["step"] == 30
    assert len(paths) == 2  # keep_checkpoint_max
    a, b = params(end_whole), params(end_parts)
    assert any(k.startswith("accum.") for k in a) and "scale_sense" in a, sorted(a)  # optimizer, loss scale
    assert sorted(a) == sorted(b)
    for key in a:
        np.testing.assert_allclose(b[key], a[key], rtol=1e-5, atol=1e-6, err_msg=key)
    settings = read_meta(end_whole)["settings"]
    assert settings["mix_up"] == 0.8 and settings["image_size"] == 32 and settings["world_size"] == 1

    best = os.path.join(whole, "best_DDRNet23slim.ckpt")
    meta = ms.load_checkpoint(best)
    assert 0.0 <= float(meta["top1"].asnumpy()) <= 1.0
    net = TinyNet(5)
    from mindspore_common.checkpoint import load_into
    load_into(net, best, "best checkpoint")  # weights only, loadable as eval.py --pretrained
    from types import SimpleNamespace
    from src.args import DEFAULTS
    from src.data import create_dataset_imagenet
    from src.tools.callback import evaluate
    val = create_dataset_imagenet(tiny_imagenet, SimpleNamespace(**dict(
        DEFAULTS, num_classes=5, image_size=32, batch_size=8, num_parallel_workers=1)), training=False)
    assert evaluate(net, val, 5)["top1"] == pytest.approx(float(meta["top1"].asnumpy()))
    assert "eval epoch 2: top-1" in out and "best so far" in out

    # resuming with other settings is refused, naming the setting
    res = train(tiny_imagenet, parts, extra=["--epochs", "3", "--base_lr", "0.5"])
    assert res.returncode == 2
    assert "base_lr" in res.stderr and "epochs" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr


def test_fine_tuning_from_weights_starts_at_step_zero(tiny_imagenet, tmp_path):
    start = TinyNet(5)
    start.conv.weight.set_data(ms.Tensor(np.full((4, 3, 3, 3), 0.25, np.float32)))
    weights = str(tmp_path / "start.ckpt")
    ms.save_checkpoint(start, weights)
    ckpt = str(tmp_path / "ft")
    out = ok(train(tiny_imagenet, ckpt, max_steps=1,
                   extra=["--pretrained", weights, "--eval_every_epochs", "0"]))
    assert "fine-tuning from step 0" in out
    path, _ = newest(ckpt)
    from mindspore_common.checkpoint import read_meta
    assert read_meta(path)["step"] == 1
    conv = params(path)["conv.weight"]
    assert np.abs(conv - 0.25).max() < 0.05  # one small step away from the given weights


def test_truncated_training_image_is_one_line_naming_it(tiny_imagenet, tmp_path):
    from test_recipe_data import truncated_copy
    data = str(tmp_path / "data")
    victim = truncated_copy(tiny_imagenet, data, "train", 2, 3, size=300)
    res = train(data, str(tmp_path / "ck"), extra=["--epochs", "1", "--eval_every_epochs", "0"])
    assert res.returncode == 2
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and victim in err[0] and "truncated JPEG" in err[0], err
