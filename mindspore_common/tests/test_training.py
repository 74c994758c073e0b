"""Model.train with the shared callbacks on a tiny regression problem."""
import glob
import os

import numpy as np
import pytest
import mindspore as ms
import mindspore.dataset as ds
from mindspore import nn
from mindspore.train import Model

from mindspore_common import callbacks, checkpoint, runtime

SETTINGS = {"lr": 0.05, "batch": 4}


def _data(n=32, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.randn(n, 3).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)
    return ds.NumpySlicesDataset({"x": x, "y": y}, shuffle=False).batch(4)


def _train(ckpt_dir, epochs, resume=False, max_steps=None, every=4, keep=3, fp16=False, clip=None):
    runtime.set_seed(1)
    net = nn.Dense(3, 1)
    opt = nn.Adam(net.trainable_params(), learning_rate=SETTINGS["lr"])
    step_cell = runtime.train_cell(nn.WithLossCell(net, nn.MSELoss()), opt, fp16, clip_norm=clip)
    start_step, start_epoch = 0, 0
    if resume:
        path, meta = checkpoint.find_resume(ckpt_dir, "tiny", SETTINGS)
        if path:
            checkpoint.load_into(step_cell, path)
            start_step = meta["step"]
            start_epoch = start_step // 8  # 8 batches per epoch; the tests stop at epoch ends
    data = _data()
    logs = []
    cbs = [callbacks.GlobalStep(start_step),
           callbacks.StopAt(max_steps=max_steps, start_step=start_step, log=logs.append),
           callbacks.ProgressMonitor(epochs * data.get_dataset_size(), 4, start_step=start_step,
                                     log=logs.append, log_every=1),
           callbacks.CheckpointSaver(ckpt_dir, "tiny", every, keep, SETTINGS)]
    Model(step_cell).train(epochs, data, callbacks=cbs, dataset_sink_mode=False,
                           initial_epoch=start_epoch)
    return net, logs


def test_loss_falls_and_checkpoints_record_settings(tmp_path):
    net, logs = _train(str(tmp_path), epochs=6)
    losses = [float(l.split("loss ")[1].split()[0]) for l in logs if " loss " in l]
    assert losses[-1] < 0.2 * losses[0]
    files = glob.glob(str(tmp_path / "tiny*.ckpt"))
    assert len(files) == 3  # keep_checkpoint_max
    path, meta = checkpoint.find_resume(str(tmp_path), "tiny", SETTINGS)
    assert meta["step"] == 48 and meta["epoch"] == 6 and meta["settings"] == SETTINGS
    assert any("img/s" in l and "ETA" in l for l in logs)


def test_resume_equals_uninterrupted(tmp_path):
    full, _ = _train(str(tmp_path / "a"), epochs=4)
    _train(str(tmp_path / "b"), epochs=4, max_steps=8)  # stops at the end of epoch 2
    _, meta = checkpoint.find_resume(str(tmp_path / "b"), "tiny", SETTINGS)
    assert meta["step"] == 8
    resumed, _ = _train(str(tmp_path / "b"), epochs=4, resume=True)
    np.testing.assert_allclose(resumed.weight.asnumpy(), full.weight.asnumpy(), rtol=1e-5, atol=1e-6)


def test_resume_refuses_other_settings(tmp_path):
    _train(str(tmp_path), epochs=1)
    with pytest.raises(ValueError, match="batch"):
        checkpoint.find_resume(str(tmp_path), "tiny", dict(SETTINGS, batch=8))


def test_step_cap_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DEPTHZOO_MAX_STEPS", "3")
    _, logs = _train(str(tmp_path), epochs=5)
    assert any("step cap 3" in l for l in logs)
    _, meta = checkpoint.find_resume(str(tmp_path), "tiny", SETTINGS)
    assert meta["step"] == 3


def test_clipped_step_matches_hand_computed_update():
    """fp32 + clip: one SGD step moves the weights by lr * clipped gradient."""
    runtime.set_seed(0)
    net = nn.Dense(2, 1, has_bias=False)
    net.weight.set_data(ms.Tensor([[0.0, 0.0]], ms.float32))
    opt = nn.SGD(net.trainable_params(), learning_rate=0.1)
    cell = runtime.train_cell(nn.WithLossCell(net, nn.MSELoss()), opt, fp16=False, clip_norm=1.0)
    x = ms.Tensor([[3.0, 4.0]], ms.float32)
    y = ms.Tensor([[10.0]], ms.float32)
    cell(x, y)
    grad = np.array([-2 * 10 * 3.0, -2 * 10 * 4.0])  # d/dw (w.x - y)^2 at w=0
    expected = -0.1 * grad / np.linalg.norm(grad)
    np.testing.assert_allclose(net.weight.asnumpy()[0], expected, rtol=1e-5)


def test_overflowing_step_is_skipped_and_scale_shrinks():
    net = nn.Dense(2, 1, has_bias=False)
    net.weight.set_data(ms.Tensor([[1.0, 1.0]], ms.float32))
    opt = nn.SGD(net.trainable_params(), learning_rate=0.1)
    cell = runtime.train_cell(nn.WithLossCell(net, nn.MSELoss()), opt, fp16=True, clip_norm=5.0,
                              loss_scale=2.0 ** 16)
    x = ms.Tensor([[3e38, 1.0]], ms.float32)  # gradient overflows float32
    loss, overflow, scale = cell(x, ms.Tensor([[0.0]], ms.float32))
    assert bool(overflow.asnumpy())
    np.testing.assert_array_equal(net.weight.asnumpy(), [[1.0, 1.0]])
    assert float(cell.scale_sense.asnumpy()) < 2.0 ** 16


def test_meta_of_plain_weights_is_empty(tmp_path):
    path = str(tmp_path / "weights.ckpt")
    checkpoint.save_atomic(nn.Dense(2, 1), path)
    assert checkpoint.read_meta(path) == {"settings": None, "step": None, "epoch": None}
    bad = tmp_path / "bad.ckpt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(ValueError, match="bad.ckpt"):
        checkpoint.read_meta(str(bad))


def test_keep_last_k_spans_resumed_runs_and_prefixes_stay_apart(tmp_path):
    _train(str(tmp_path), epochs=2, max_steps=8, every=2, keep=2)
    # the resumed run goes from step 8 to 32; ModelCheckpoint calls its files tiny_1-* in it
    _train(str(tmp_path), epochs=4, resume=True, every=2, keep=2)
    names = sorted(os.path.basename(p) for p in glob.glob(str(tmp_path / "*")))
    assert len([n for n in names if n.endswith(".ckpt")]) == 2, names
    assert not [n for n in names if n.endswith(".meta")], names
    _, meta = checkpoint.find_resume(str(tmp_path), "tiny", SETTINGS)
    assert meta["step"] == 32
    other = tmp_path / "tinyslim-1_99.ckpt"
    checkpoint.save_atomic(nn.Dense(3, 1), str(other), checkpoint.meta_dict(SETTINGS, 99, 1))
    assert checkpoint.find_resume(str(tmp_path), "tiny", SETTINGS)[1]["step"] == 32


def test_setup_context_twice_same_device_is_fine():
    assert runtime.setup_context("CPU", log=lambda *_: None) == "CPU"
    assert runtime.setup_context("CPU", log=lambda *_: None) == "CPU"


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_ctrl_c_stops_after_the_step_with_a_checkpoint(tmp_path, sig):
    import signal
    import subprocess
    import sys
    import time

    script = os.path.join(os.path.dirname(__file__), "scripts", "interruptible_train.py")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(__file__)))
    proc = subprocess.Popen([sys.executable, script, str(tmp_path)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, universal_newlines=True)
    deadline = time.time() + 120
    for line in proc.stdout:  # wait until steps are running
        if "train step" in line or time.time() > deadline:
            break
    proc.send_signal(getattr(signal, sig))
    out = proc.communicate(timeout=60)[0]
    assert proc.returncode == 0, out[-2000:]
    assert "stopping at step" in out and "finished cleanly" in out
    saved = glob.glob(str(tmp_path / "sig*.ckpt"))
    assert len(saved) == 1 and checkpoint.read_meta(saved[0])["step"] > 0
