"""Two msrun CPU workers on loopback: upstream's 4 images per device, identical weights after the steps."""
import os
import re
import socket
import subprocess
import sys

import numpy as np
import mindspore as ms

from conftest import PROJECT


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_msrun_two_workers_keep_weights_identical(tiny_nyu, tmp_path):
    model, logs = str(tmp_path / "Model"), str(tmp_path / "msrun_log")
    bindir = os.path.dirname(sys.executable)  # msrun and the workers' python come from this environment
    env = dict(os.environ, MSRUN_PORT=str(_free_port()), MSRUN_LOG_DIR=logs, GLOG_v="3", PYTHON=sys.executable,
               PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    script = os.path.join(PROJECT, "scripts", "run_distributed_train.sh")
    # called from another folder with a relative dataset path, as a user would
    rel_data = os.path.relpath(tiny_nyu, str(tmp_path))
    proc = subprocess.run(["bash", script, rel_data, "2", "CPU", "--train_url", model, "--stage", "coarse",
                           "--coarse_net_train_step", "2", "--save_checkpoint_steps", "0",
                           "--no_augment", "--log_every", "1", "--num_parallel_works", "1"],
                          cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=400)
    assert proc.returncode == 0, proc.stdout[-3000:]
    worker_logs = {r: open(os.path.join(logs, "worker_%d.log" % r)).read() for r in (0, 1)}
    for r, text in worker_logs.items():
        # 8 images, 4 per rank: one batch of upstream's 4 per device, global batch 8
        assert "[rank %d] 2 device(s), 1 batches of 4 per epoch on this rank (global batch 8)" % r in text
    assert re.search(r"\[rank 0\] coarse net step 2/2 epoch 2 loss [0-9.]+", worker_logs[0])
    from mindspore_common.checkpoint import strip_meta
    w = [strip_meta(ms.load_checkpoint(os.path.join(model, "Ckpt", "FinalCoarseNet_rank%d.ckpt" % r))) for r in (0, 1)]
    assert set(w[0]) == set(w[1])
    for name in w[0]:
        np.testing.assert_array_equal(w[0][name].asnumpy(), w[1][name].asnumpy(), err_msg=name)
