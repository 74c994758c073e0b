"""Training: overfit one batch, to_static == dygraph loss, resume, 2-process DDP, bad inputs."""
import json
import os
import subprocess
import sys

import numpy as np
import paddle
import pytest

from conftest import ROOT, train_args
from options import MonodepthOptions
from trainer import Trainer


def make_trainer(kitti_root, split, log_dir, *extra):
    return Trainer(MonodepthOptions().parse(train_args(kitti_root, split, log_dir, *extra)))


def first_batch(trainer):
    trainer.train_dataset.is_train = False  # no flip / colour jitter: a fixed batch
    return next(iter(trainer.train_loader))


def test_loss_falls_when_overfitting_one_batch(kitti_root, tiny_split, tmp_path):
    """Stereo (no pose net) at 64x128 keeps this affordable: 15 Adam steps on one fixed batch."""
    tr = make_trainer(kitti_root, tiny_split, tmp_path, "--use_stereo", "--frame_ids", "0",
                      "--width", "128")
    batch = first_batch(tr)
    tr.set_train()
    losses = [tr.train_step(batch) for _ in range(15)]
    assert max(losses[-3:]) < 0.85 * losses[0], losses


def test_to_static_loss_equals_dygraph(kitti_root, tiny_split, tmp_path):
    paddle.seed(0)
    fast = make_trainer(kitti_root, tiny_split, tmp_path / "a", "--use_stereo")
    slow = make_trainer(kitti_root, tiny_split, tmp_path / "b", "--use_stereo", "--no_to_static")
    for name, m in fast.models.items():
        slow.models[name].set_state_dict(m.state_dict())
    fast_init = {k: v.numpy().copy() for k, v in fast.models["encoder"].state_dict().items()}
    batch = first_batch(fast)
    fast.set_eval()
    slow.set_eval()
    with paddle.no_grad():
        paddle.seed(1)
        a, la = fast.process_batch(batch)
        paddle.seed(1)
        b, lb = slow.process_batch(batch)
    np.testing.assert_allclose(a[("disp", 0)].numpy(), b[("disp", 0)].numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(float(la["loss"]), float(lb["loss"]), rtol=1e-4)
    # one training step each: same updated weights, BatchNorm running statistics included
    fast.set_train()
    slow.set_train()
    paddle.seed(2)
    fast.train_step(batch)
    paddle.seed(2)
    slow.train_step(batch)
    a, b = fast.models["encoder"].state_dict(), slow.models["encoder"].state_dict()
    for k in ("encoder.bn1._mean", "encoder.layer4.1.bn2._variance", "encoder.conv1.weight"):
        assert not np.array_equal(a[k].numpy(), fast_init[k]), k
        close = np.isclose(a[k].numpy(), b[k].numpy(), rtol=1e-3, atol=1e-6)
        # Adam's first step moves a weight by ~lr * sign(grad): where a gradient is ~0 the two
        # paths may round to opposite signs, so allow a handful of such weights
        assert close.mean() > 0.99, (k, close.mean())


def test_checkpoints_and_resume_with_optimizer_state(kitti_root, tiny_split, tmp_path):
    args = ["--use_stereo", "--frame_ids", "0", "--model_name", "m"]
    tr = make_trainer(kitti_root, tiny_split, tmp_path, *args)
    tr.train()
    folder = os.path.join(str(tmp_path), "m", "models", "weights_0")
    for f in ("encoder", "depth", "adam"):
        assert os.path.isfile(os.path.join(folder, f + (".pdopt" if f == "adam" else ".pdparams")))
    assert os.path.isdir(os.path.join(str(tmp_path), "m", "models", "weights_best"))
    assert not [f for f in os.listdir(folder) if f.endswith(".tmp")]
    saved_enc = paddle.load(os.path.join(folder, "encoder.pdparams"))
    assert int(np.asarray(saved_enc["height"])) == 64 and "pose_encoder" not in tr.models

    resumed = make_trainer(kitti_root, tiny_split, tmp_path, *(args + [
        "--load_weights_folder", folder, "--num_epochs", "2"]))
    assert resumed.epoch == 1 and resumed.step == tr.step
    for k, v in tr.models["depth"].state_dict().items():
        np.testing.assert_array_equal(resumed.models["depth"].state_dict()[k].numpy(), v.numpy())
    opt_a = {k: v for k, v in tr.portable_optimizer_state().items() if "moment1" in k}
    opt_b = resumed.portable_optimizer_state()
    assert len(opt_a) == len(tr.parameters) - 2  # the unused fc weight and bias get no gradient
    assert all(np.array_equal(v.numpy(), opt_b[k].numpy()) for k, v in opt_a.items())
    resumed.train()
    assert os.path.isdir(os.path.join(str(tmp_path), "m", "models", "weights_1"))
    with open(os.path.join(str(tmp_path), "m", "models", "weights_1", "trainer_state.json")) as f:
        assert json.load(f)["step"] == 2 * tr.step


def test_two_process_distributed_keeps_ranks_identical(kitti_root, tiny_split, tmp_path):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    env.pop("CUDA_VISIBLE_DEVICES", None)  # its mere presence makes launch pick GPU mode
    split = tmp_path / "dsplit"
    split.mkdir()
    lines = open(os.path.join(kitti_root, "splits", "sample", "train_files.txt")).read().split("\n")
    (split / "train_files.txt").write_text("\n".join(lines[:4]) + "\n")
    (split / "val_files.txt").write_text(open(os.path.join(tiny_split, "val_files.txt")).read())
    cmd = [sys.executable, "-m", "paddle.distributed.launch", "--nproc_per_node", "2",
           "--log_dir", str(tmp_path / "dlog"), os.path.join(ROOT, "tests", "dist_worker.py"),
           str(tmp_path)] + train_args(kitti_root, str(split), tmp_path / "runs",
                                       "--use_stereo", "--frame_ids", "0", "--no_to_static")
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=400)
    logs = ""
    if os.path.isdir(str(tmp_path / "dlog")):
        for f in sorted(os.listdir(str(tmp_path / "dlog"))):
            logs += open(os.path.join(str(tmp_path / "dlog"), f)).read()[-3000:]
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:] + logs
    a = np.load(str(tmp_path / "rank0.npz"))
    b = np.load(str(tmp_path / "rank1.npz"))
    assert sorted(a.files) == sorted(b.files)
    for k in a.files:
        np.testing.assert_allclose(a[k], b[k], rtol=1e-6, atol=1e-7, err_msg=k)
    # and training actually moved the weights away from the (seeded) initialisation
    paddle.seed(42)
    import networks
    init = networks.ResnetEncoder(18, False).state_dict()
    assert not np.allclose(a["encoder/encoder.conv1.weight"], init["encoder.conv1.weight"].numpy())


def run_train_cli(*args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "train.py")] + list(args),
                          capture_output=True, text=True, timeout=300)


def test_height_not_multiple_of_32_is_rejected():
    r = run_train_cli("--height", "100", "--weights_init", "scratch")
    assert r.returncode == 2 and "multiples of 32" in r.stderr


def test_missing_frame_in_split_names_the_file(kitti_root, tmp_path):
    split = tmp_path / "bad"
    split.mkdir()
    (split / "train_files.txt").write_text("2011_09_26/2011_09_26_drive_0001_sync 77 l\n")
    (split / "val_files.txt").write_text("2011_09_26/2011_09_26_drive_0001_sync 1 l\n")
    r = run_train_cli(*train_args(kitti_root, str(split), tmp_path, "--batch_size", "1"))
    assert r.returncode != 0 and "0000000077.jpg" in r.stderr and "Traceback" not in r.stderr


def test_missing_split_file_and_bad_line(kitti_root, tmp_path):
    r = run_train_cli(*train_args(kitti_root, str(tmp_path), tmp_path))
    assert r.returncode != 0 and "train_files.txt" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "train_files.txt").write_text("2011_09_26/2011_09_26_drive_0001_sync\n")
    (tmp_path / "val_files.txt").write_text("")
    r = run_train_cli(*train_args(kitti_root, str(tmp_path), tmp_path))
    assert r.returncode != 0 and "bad split line" in r.stderr and "Traceback" not in r.stderr


def test_weights_init_pretrained_needs_a_file(kitti_root, tiny_split, tmp_path):
    with pytest.raises(ValueError, match="weights_init"):
        Trainer(MonodepthOptions().parse(
            train_args(kitti_root, tiny_split, tmp_path)[:-8] + ["--weights_init", "pretrained"]))


@pytest.mark.parametrize("extra", [
    ["--pose_model_type", "posecnn"],
    ["--pose_model_type", "shared"],
    ["--pose_model_input", "all"],
    ["--disable_automasking", "--predictive_mask"],
    ["--v1_multiscale", "--avg_reprojection", "--no_ssim", "--freeze_bn"],
])
def test_ablation_options_train_every_network(kitti_root, tiny_split, tmp_path, extra):
    """Monocular variants: one step gives a finite loss and moves every network's weights."""
    tr = make_trainer(kitti_root, tiny_split, tmp_path, "--no_to_static", *extra)
    batch = first_batch(tr)
    before = {n: [p.numpy().copy() for p in m.parameters() if not p.stop_gradient][-1]
              for n, m in tr.models.items()}
    tr.set_train()
    loss = tr.train_step(batch)
    assert np.isfinite(loss) and loss > 0
    for n, m in tr.models.items():
        after = [p.numpy() for p in m.parameters() if not p.stop_gradient][-1]
        if n in ("encoder", "pose_encoder"):
            continue  # their last parameter is the unused ImageNet fc
        assert not np.array_equal(after, before[n]), n
