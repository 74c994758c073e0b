"""Two CPU workers under MultiWorkerMirroredStrategy (TF_CONFIG on 127.0.0.1): after steps on
different shards both workers hold identical weights, changed from the initial ones.

Two DenseNet-169 training processes take about 3.5 minutes on 2 cores; it runs in
`make test` (the distributed path is a deliverable). Skip it while iterating locally with
DD_DISTRIBUTED_TEST=0.
"""
import json
import os
import socket
import subprocess
import sys

import h5py
import numpy as np
import pytest

from conftest import PROJECT, write_nyu_data_zip

pytestmark = pytest.mark.skipif(os.environ.get("DD_DISTRIBUTED_TEST") == "0",
                                reason="skipped with DD_DISTRIBUTED_TEST=0")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _weights(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()])
                     if isinstance(obj, h5py.Dataset) else None)
    return out


def test_two_workers_stay_in_sync(tmp_path):
    data = write_nyu_data_zip(str(tmp_path / "nyu_data.zip"), num_train=8)
    result = str(tmp_path / "result")
    workers = ["127.0.0.1:%d" % _free_port(), "127.0.0.1:%d" % _free_port()]
    procs = []
    for index in range(2):
        env = dict(os.environ, TF_CONFIG=json.dumps(
            {"cluster": {"worker": workers}, "task": {"type": "worker", "index": index}}))
        cmd = [sys.executable, "train.py", "--train_data", data, "--train_tfrecords", "",
               "--result", result, "--is_distributed", "True", "--bs", "2", "--epochs", "1",
               "--steps", "2", "--input_height", "64", "--input_width", "96", "--seed", "0"]
        procs.append(subprocess.Popen(cmd, cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT))
    logs = [p.communicate(timeout=900)[0].decode("utf8", "replace") for p in procs]
    for p, log in zip(procs, logs):
        assert p.returncode == 0, log[-3000:]
    assert "shard 0/2" in logs[0] and "shard 1/2" in logs[1]
    chief = _weights(os.path.join(result, "ckpt_npu", "epoch_0001.h5"))
    other = _weights(os.path.join(result, "ckpt_npu", "worker_1", "epoch_0001.h5"))
    assert chief.keys() == other.keys() and len(chief) > 800
    for name in chief:
        np.testing.assert_array_equal(chief[name], other[name], err_msg=name)
    # the decoder's last bias starts at zero: training moved it
    bias = [v for k, v in chief.items() if k.startswith("conv3") and "bias" in k]
    assert bias and np.abs(bias[0]).max() > 0
