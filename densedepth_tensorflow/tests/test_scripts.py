"""test/train_full_1p.sh and test/train_full_8p.sh run verbatim (bash, from the test folder)
as on a fresh clone after `make demo`: a copy of the project next to data/sample/nyu_densedepth,
CPU only, DEPTHZOO_MAX_STEPS=2. 8p on CPU = 2 local MultiWorkerMirroredStrategy workers."""
import os
import shutil
import signal
import subprocess
import sys

import h5py
import numpy as np
import pytest

import checkpoint
from conftest import PROJECT, write_nyu_data_zip, write_nyu_test_zip


@pytest.fixture
def clone(tmp_path):
    """tmp/densedepth_tensorflow (sources) + tmp/data/sample/nyu_densedepth (make demo's)."""
    project = tmp_path / "densedepth_tensorflow"
    shutil.copytree(PROJECT, str(project), ignore=shutil.ignore_patterns(
        "tests", "result", "ckpt_npu", "dataset", "outputs", "examples", "__pycache__"))
    sample = tmp_path / "data" / "sample" / "nyu_densedepth"
    sample.mkdir(parents=True)
    write_nyu_data_zip(str(sample / "nyu_data.zip"), num_train=8, num_test=2)
    write_nyu_test_zip(str(sample / "nyu_test.zip"), num=2)
    return project


def _run(script, project, **env):
    env = dict(os.environ, DEPTHZOO_MAX_STEPS="2", CUDA_VISIBLE_DEVICES="",
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"], **env)
    env.pop("RANK_SIZE", None)
    proc = subprocess.Popen(["bash", script], cwd=str(project / "test"), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        out = proc.communicate(timeout=1800)[0]
    finally:  # never leave workers behind (they would wait for each other forever)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode, out.decode("utf8", "replace")


def _weights(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()])
                     if isinstance(obj, h5py.Dataset) else None)
    return out


def test_train_full_1p_runs_verbatim(clone):
    rc, out = _run("train_full_1p.sh", clone)
    assert rc == 0, out[-3000:]
    assert "using the sample data of make demo" in out
    assert "device: CPU (no npu_bridge" in out and "reduced schedule" in out
    assert "stopped at step 2" in out
    index = checkpoint.read_index(str(clone / "ckpt_npu"))
    assert index["global_step"] == 2 and index["settings"]["input_height"] == 64
    assert os.path.isfile(str(clone / "ckpt_npu" / "evaluate.log"))     # --full ran
    assert os.path.isfile(str(clone / "result" / "1p" / "train_1p.log"))
    assert "WARNING:tensorflow" not in out and "deprecat" not in out.lower()


def test_train_full_1p_without_data_says_how(clone):
    shutil.rmtree(str(clone.parent / "data"))
    rc, out = _run("train_full_1p.sh", clone)
    assert rc == 2 and len(out.strip().splitlines()) == 1
    assert "densedepth_tensorflow/dataset/" in out and "make demo" in out


def test_train_full_8p_runs_two_cpu_workers(clone):
    rc, out = _run("train_full_8p.sh", clone)
    assert rc == 0, out[-3000:]
    assert "2 local CPU workers, MultiWorkerMirroredStrategy" in out
    assert "MultiWorkerMirroredStrategy: worker 0 of 2" in out           # rank 0 on the console
    rank1 = open(str(clone / "result" / "8p" / "rank_1.log")).read()
    assert "shard 1/2" in rank1 and "stopped at step 2" in rank1
    assert "Exception ignored" not in out + rank1
    chief = _weights(os.path.join(str(clone / "ckpt_npu"), checkpoint.read_index(
        str(clone / "ckpt_npu"))["weights"]))
    other_dir = str(clone / "ckpt_npu" / "worker_1")
    other = _weights(os.path.join(other_dir, checkpoint.read_index(other_dir)["weights"]))
    assert chief.keys() == other.keys() and len(chief) > 800
    for name in chief:   # trained weights identical; BN statistics from the same images
        np.testing.assert_allclose(chief[name], other[name], rtol=1e-4, atol=1e-5, err_msg=name)
    bias = [v for k, v in chief.items() if k.startswith("conv3") and "bias" in k]
    assert bias and np.abs(bias[0]).max() > 0       # training moved the zero-initialised bias
