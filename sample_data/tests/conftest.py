"""Small datasets written once per test session (low resolution keeps the suite fast)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import sample_data  # noqa: E402

NYU = dict(num=8, seed=3, height=60, width=80)
KITTI = dict(num=5, seed=2, height=94, width=310)
REDWEB = dict(num=4, seed=1, height=48, width=64)
IMAGENET = dict(num=3, seed=0, height=40, width=40)


def _write(factory, fmt, kwargs):
    return sample_data.write_dataset(fmt, str(factory.mktemp("ds") / fmt), **kwargs)


@pytest.fixture(scope="session")
def nyu_depthnet_dir(tmp_path_factory):
    return _write(tmp_path_factory, "nyu_depthnet", NYU)


@pytest.fixture(scope="session")
def nyu_densedepth_dir(tmp_path_factory):
    return _write(tmp_path_factory, "nyu_densedepth", NYU)


@pytest.fixture(scope="session")
def kitti_dir(tmp_path_factory):
    return _write(tmp_path_factory, "kitti_raw", KITTI)


@pytest.fixture(scope="session")
def redweb_dir(tmp_path_factory):
    return _write(tmp_path_factory, "redweb", REDWEB)


@pytest.fixture(scope="session")
def imagenet_dir(tmp_path_factory):
    return _write(tmp_path_factory, "imagenet", IMAGENET)
