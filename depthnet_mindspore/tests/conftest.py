"""Shared fixtures: the project root on sys.path, tiny datasets, subprocess runner."""
import os
import subprocess
import sys

import pytest

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.dirname(os.path.abspath(__file__))
for p in (PROJECT, TESTS):
    if p not in sys.path:
        sys.path.insert(0, p)

import src.cpu_isa  # noqa: E402,F401  (before mindspore, as in the entry points)
import synthetic_nyu  # noqa: E402


def run_py(args, timeout=300, env=None, cwd=PROJECT, check=True):
    """Run ``python <args>`` in the project folder; return CompletedProcess (stdout+stderr text)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env.setdefault("GLOG_v", "3")  # MindSpore: errors only
    proc = subprocess.run([sys.executable] + list(args), cwd=cwd, env=full_env, timeout=timeout,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if check and proc.returncode != 0:
        raise AssertionError("python %s failed (%d):\n%s" % (" ".join(args), proc.returncode, proc.stdout[-4000:]))
    return proc


@pytest.fixture(scope="session")
def tiny_nyu(tmp_path_factory):
    """8 training + 4 test images, 480x640, written with cv2 (known depths)."""
    return synthetic_nyu.write_nyu(str(tmp_path_factory.mktemp("tiny_nyu")), n_train=8, n_test=4)
