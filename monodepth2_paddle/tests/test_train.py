"""Training: overfit one batch, to_static == dygraph loss, resume, 2-process DDP, bad inputs."""
import json
import os
import subprocess
import sys

import numpy as np
import paddle
import pytest

from conftest import ROOT, train_args
import checkpoint
from options import MonodepthOptions
from trainer import Trainer


def make_trainer(kitti_root, split, log_dir, *extra):
    return Trainer(MonodepthOptions().parse(train_args(kitti_root, split, log_dir, *extra)))


def first_batch(trainer):
    trainer.train_dataset.is_train = False  # no flip / colour jitter: a fixed batch
    return next(iter(trainer.train_loader))


def test_loss_falls_when_overfitting_one_batch(kitti_root, tiny_split, tmp_path):
    """Stereo (no pose net) at 64x128 keeps this affordable: 15 Adam steps on one fixed batch.
    --min_depth 1 as in demo.sh: a fresh network then starts at a few pixels of disparity."""
    tr = make_trainer(kitti_root, tiny_split, tmp_path, "--use_stereo", "--frame_ids", "0",
                      "--width", "128", "--min_depth", "1")
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


def _weights(trainer):
    return {"{}/{}".format(m, k): v.numpy().copy() for m, model in trainer.models.items()
            for k, v in model.state_dict().items()}


def test_fine_tune_recipe_starts_at_epoch_0_with_new_options(kitti_root, tiny_split, tmp_path):
    """The seed's 1024x320 recipe: --load_weights_folder <weights_best> with a new size, batch,
    epochs and lr loads the weights and trains from epoch 0 (it used to 'resume at epoch 2' and
    train nothing)."""
    args = ["--use_stereo", "--frame_ids", "0", "--no_to_static"]
    first = make_trainer(kitti_root, tiny_split, tmp_path, *(args + ["--model_name", "a"]))
    first.train()
    best = os.path.join(str(tmp_path), "a", "models", "weights_best")
    tuned = make_trainer(kitti_root, tiny_split, tmp_path, *(args + [
        "--model_name", "b", "--load_weights_folder", best, "--height", "64", "--width", "128",
        "--batch_size", "1", "--num_epochs", "1", "--learning_rate", "5e-5"]))
    assert (tuned.epoch, tuned.batch, tuned.step) == (0, 0, 0)
    assert tuned.optimizer.get_lr() == pytest.approx(5e-5)
    for k, v in first.models["depth"].state_dict().items():
        np.testing.assert_array_equal(tuned.models["depth"].state_dict()[k].numpy(), v.numpy())
    tuned.train()
    out = os.path.join(str(tmp_path), "b", "models", "weights_0")
    assert int(np.asarray(paddle.load(os.path.join(out, "encoder.pdparams"))["width"])) == 128
    with open(os.path.join(out, "trainer_state.json")) as f:
        assert json.load(f)["step"] == 2  # 2 lines at batch 1: both steps ran


def test_resume_mid_epoch_equals_uninterrupted_run(kitti_root, tiny_split, tmp_path, monkeypatch):
    """2 epochs x 2 steps with an lr drop between them. Interrupted after step 3 by
    DEPTHZOO_MAX_STEPS (mid-epoch), --resume step_3 must end with the very weights, Adam state
    and lr of the uninterrupted run; step checkpoints are bounded by --keep_checkpoints."""
    split = tmp_path / "split4"
    split.mkdir()
    lines = open(os.path.join(kitti_root, "splits", "sample", "train_files.txt")).read().split("\n")
    (split / "train_files.txt").write_text("\n".join(lines[:4]) + "\n")
    (split / "val_files.txt").write_text(open(os.path.join(tiny_split, "val_files.txt")).read())
    args = ["--use_stereo", "--frame_ids", "0", "--no_to_static", "--width", "128",
            "--num_epochs", "2", "--scheduler_step_size", "1", "--learning_rate", "1e-3",
            "--save_step_frequency", "1", "--keep_checkpoints", "2"]
    full = make_trainer(kitti_root, str(split), tmp_path / "full", *args)
    full.train()
    models = os.path.join(str(tmp_path), "full", "mdp", "models")
    assert sorted(d for d in os.listdir(models) if d.startswith("step_")) == ["step_3", "step_4"]
    assert {"weights_0", "weights_1", "opt.json"} <= set(os.listdir(models))

    monkeypatch.setenv("DEPTHZOO_MAX_STEPS", "3")
    cut = make_trainer(kitti_root, str(split), tmp_path / "cut", *args)
    assert cut.train() == "DEPTHZOO_MAX_STEPS=3 reached"
    monkeypatch.delenv("DEPTHZOO_MAX_STEPS")
    ckpt = os.path.join(str(tmp_path), "cut", "mdp", "models", "step_3")
    with open(os.path.join(ckpt, "opt.json")) as f:
        assert json.load(f)["width"] == 128  # the settings the checkpoint was made with
    resumed = make_trainer(kitti_root, str(split), tmp_path / "cut", *(args + ["--resume", ckpt]))
    assert (resumed.epoch, resumed.batch, resumed.step) == (1, 1, 3)
    assert resumed.optimizer.get_lr() == pytest.approx(1e-4)
    assert resumed.train() is None
    a, b = _weights(full), _weights(resumed)
    for k in a:
        np.testing.assert_allclose(b[k], a[k], rtol=1e-5, atol=1e-7, err_msg=k)
    adam_a = full.optimizer.state_dict()
    adam_b = resumed.optimizer.state_dict()
    moments = [k for k in adam_a if "moment1" in k]
    assert moments
    pa = {k.split("@")[0]: v for k, v in checkpoint.portable_optimizer_state(
        full.optimizer, full.models).items() if "moment1" in k}
    pb = {k.split("@")[0]: v for k, v in checkpoint.portable_optimizer_state(
        resumed.optimizer, resumed.models).items() if "moment1" in k}
    assert sorted(pa) == sorted(pb) and len(adam_b) == len(adam_a)
    for k in pa:
        np.testing.assert_allclose(pb[k].numpy(), pa[k].numpy(), rtol=1e-5, atol=1e-9)


def test_resume_refuses_other_options_and_incomplete_folders(kitti_root, tiny_split, tmp_path):
    args = ["--use_stereo", "--frame_ids", "0", "--no_to_static", "--model_name", "r"]
    make_trainer(kitti_root, tiny_split, tmp_path, *args).train()
    ckpt = os.path.join(str(tmp_path), "r", "models", "weights_0")
    with pytest.raises(ValueError, match="--height 96"):
        make_trainer(kitti_root, tiny_split, tmp_path, *(args + ["--resume", ckpt, "--height", "96"]))
    with pytest.raises(FileNotFoundError, match="trainer_state.json"):
        make_trainer(kitti_root, tiny_split, tmp_path, *(args + ["--resume", str(tmp_path)]))


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


def test_amp_path_is_wired_through_the_grad_scaler(kitti_root, tiny_split, tmp_path):
    """--amp needs a GPU (Paddle's auto_cast does nothing on CPU places), so the GPU branch is
    forced here: loss scaled, backward, scaler.step / update, weights updated."""
    tr = make_trainer(kitti_root, tiny_split, tmp_path, "--no_to_static", "--use_stereo",
                      "--frame_ids", "0", "--amp")
    assert tr.amp is False and tr.scaler is None  # CPU: reported and float32
    calls = []

    class SpyScaler(paddle.amp.GradScaler):
        def scale(self, var):
            calls.append("scale")
            return super().scale(var)

        def step(self, optimizer):
            calls.append("step")
            return super().step(optimizer)

        def update(self):
            calls.append("update")
            return super().update()

    tr.amp, tr.scaler = True, SpyScaler(init_loss_scaling=8.0)
    batch = first_batch(tr)
    before = tr.models["depth"].parameters()[-1].numpy().copy()
    tr.set_train()
    assert np.isfinite(tr.train_step(batch))
    assert calls == ["scale", "step", "update"]
    assert not np.array_equal(tr.models["depth"].parameters()[-1].numpy(), before)


def test_weights_init_pretrained_uses_weights_folder_or_warns(tmp_path, monkeypatch):
    """--weights_init pretrained (the default) looks in weights/ like the seed port and
    otherwise trains from scratch with one loud warning naming the flag; a path given without
    its extension (the seed's habit) is completed."""
    import fallbacks
    monkeypatch.setattr(fallbacks, "WEIGHTS_DIR", str(tmp_path))
    said = []
    assert fallbacks.resolve_weights_init("pretrained", 18, said.append) is False
    assert len(said) == 1 and "SCRATCH" in said[0] and "--weights_init" in said[0]
    (tmp_path / "resnet18_pytorch.h5").write_bytes(b"")
    said.clear()
    assert fallbacks.resolve_weights_init("pretrained", 18, said.append) == str(
        tmp_path / "resnet18_pytorch.h5")
    assert "SCRATCH" not in said[0]
    assert fallbacks.resolve_weights_init(str(tmp_path / "resnet18_pytorch"), 18, said.append) == \
        str(tmp_path / "resnet18_pytorch.h5")
    with pytest.raises(FileNotFoundError, match="nothing_here"):
        fallbacks.resolve_weights_init(str(tmp_path / "nothing_here"), 18, said.append)


@pytest.mark.parametrize("extra", [
    ["--pose_model_type", "posecnn"],
    ["--pose_model_type", "shared"],
    ["--pose_model_input", "all"],
    ["--disable_automasking", "--predictive_mask"],
    ["--v1_multiscale", "--avg_reprojection", "--no_ssim", "--freeze_bn"],
    ["--use_stereo", "--disable_automasking", "--predictive_mask"],
    ["--use_stereo", "--frame_ids", "0", "--disable_automasking", "--predictive_mask"],
    ["--use_stereo", "--avg_reprojection"],
])
def test_ablation_options_train_every_network(kitti_root, tiny_split, tmp_path, extra):
    """Mono and stereo variants: one step gives a finite loss, moves every network's weights
    and runs the depth encoder once (the predictive mask reads the same features: BatchNorm
    statistics must not be updated twice per step)."""
    tr = make_trainer(kitti_root, tiny_split, tmp_path, "--no_to_static", *extra)
    if "--predictive_mask" in extra:  # upstream: one mask channel per source frame, "s" too
        assert tr.models["predictive_mask"].num_output_channels == len(tr.opt.frame_ids) - 1
    calls = []
    tr.models["encoder"].register_forward_pre_hook(lambda layer, inp: calls.append(1))
    batch = first_batch(tr)
    before = {n: [p.numpy().copy() for p in m.parameters() if not p.stop_gradient][-1]
              for n, m in tr.models.items()}
    tr.set_train()
    loss = tr.train_step(batch)
    assert np.isfinite(loss) and loss > 0
    assert len(calls) == 1
    for n, m in tr.models.items():
        after = [p.numpy() for p in m.parameters() if not p.stop_gradient][-1]
        if n in ("encoder", "pose_encoder"):
            continue  # their last parameter is the unused ImageNet fc
        assert not np.array_equal(after, before[n]), n
