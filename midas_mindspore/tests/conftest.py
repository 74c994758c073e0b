"""Test set-up: project folder importable, small sample ReDWeb data generated per session."""
import os
import shutil
import sys

import pytest

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if PROJECT not in sys.path:
    sys.path.insert(0, PROJECT)

import mindspore_common  # noqa: E402,F401  (before any mindspore import)


@pytest.fixture(scope="session")
def sample_root(tmp_path_factory):
    """A data/sample stand-in with a small redweb/ folder (16 images of 96x128)."""
    from sample_data.api import write_dataset

    root = tmp_path_factory.mktemp("sample")
    write_dataset("redweb", str(root / "redweb"), num=16, height=96, width=128,
                  show_progress=False)
    return root


@pytest.fixture
def sample_env(sample_root, tmp_path):
    """Environment pointing the config's data/sample/... defaults at the sample folder."""
    return {"MIDAS_SAMPLE_ROOT": str(sample_root), "PYTHONUNBUFFERED": "1"}


@pytest.fixture
def project_copy(tmp_path):
    """The training entry points copied to <tmp>/repo/midas_mindspore: checkpoints stay out of
    the checkout while the scripts run verbatim."""
    dst = tmp_path / "repo" / "midas_mindspore"
    dst.mkdir(parents=True)
    for name in ("config.yaml", "midas_train.py"):
        shutil.copy(os.path.join(PROJECT, name), str(dst / name))
    for name in ("src", "scripts"):
        shutil.copytree(os.path.join(PROJECT, name), str(dst / name),
                        ignore=shutil.ignore_patterns("__pycache__", "eval"))
    return dst
