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


@pytest.fixture(scope="session")
def nyu_depthnet_dir(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("ds") / "nyu_depthnet")
    return sample_data.write_dataset("nyu_depthnet", out, **NYU)


@pytest.fixture(scope="session")
def nyu_densedepth_dir(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("ds") / "nyu_densedepth")
    return sample_data.write_dataset("nyu_densedepth", out, **NYU)


@pytest.fixture(scope="session")
def kitti_dir(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("ds") / "kitti_raw")
    return sample_data.write_dataset("kitti_raw", out, **KITTI)


@pytest.fixture(scope="session")
def redweb_dir(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("ds") / "redweb")
    return sample_data.write_dataset("redweb", out, **REDWEB)


@pytest.fixture(scope="session")
def imagenet_dir(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("ds") / "imagenet")
    return sample_data.write_dataset("imagenet", out, **IMAGENET)
