"""Shared fixtures: project root on sys.path, the PyTorch reference, tiny ImageNet folders."""
import os
import sys

import pytest

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.dirname(os.path.abspath(__file__))
for p in (PROJECT, TESTS):
    if p not in sys.path:
        sys.path.insert(0, p)

import mindspore_common  # noqa: E402,F401  (before mindspore, as in the entry points)


def rel_err(a, b):
    import numpy as np
    return float(np.abs(np.asarray(a) - np.asarray(b)).max() / np.abs(np.asarray(b)).max())


@pytest.fixture(scope="session")
def tiny_imagenet(tmp_path_factory):
    """sample_data's ImageNet layout: train/<wnid>/*.JPEG, val/<wnid>/*.JPEG, small images."""
    from sample_data.api import write_dataset

    out = str(tmp_path_factory.mktemp("imagenet") / "imagenet")
    return write_dataset("imagenet", out, num=24, seed=0, height=72, width=88)


@pytest.fixture(scope="session")
def eval_setup(tmp_path_factory):
    """5-class val set (2 images per class, 72x88), a config for it, and two checkpoints:
    `random` (random DDRNet-23-slim) and `class2` (linear layer answering class 2 always)."""
    import numpy as np
    from sample_data.api import write_dataset
    from mindspore_common.checkpoint import save_atomic
    from src.models import get_model

    root = tmp_path_factory.mktemp("eval")
    data = write_dataset("imagenet", str(root / "imagenet"), num=6, seed=1, height=72, width=88)
    config = root / "tiny.yaml"
    config.write_text("arch: DDRNet23slim\nnum_classes: 5\nimage_size: 64\nbatch_size: 3\n"
                      "num_parallel_workers: 1\ndevice_target: CPU\nmode: pynative\n"
                      "data_url: %s\n" % data)
    net = get_model("DDRNet23slim", 5)
    save_atomic(net, str(root / "random.ckpt"))
    net.linear.weight.set_data(net.linear.weight * 0)
    bias = np.zeros(5, np.float32)
    bias[2] = 5.0
    import mindspore as ms
    net.linear.bias.set_data(ms.Tensor(bias))
    save_atomic(net, str(root / "class2.ckpt"))
    return {"root": root, "data": data, "config": str(config),
            "random": str(root / "random.ckpt"), "class2": str(root / "class2.ckpt")}
