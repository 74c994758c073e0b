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
