"""train.py runs on the fine stage (cheap): resume picks this run's newest checkpoint made with the
same settings, refuses other settings, never replaces a final checkpoint with an older state, and
keeps the last K checkpoints."""
import hashlib
import os

import pytest

from conftest import call_main


@pytest.fixture(scope="module")
def coarse_ckpt(tmp_path_factory):
    import mindspore as ms
    from src.net import CoarseNet
    path = str(tmp_path_factory.mktemp("coarse") / "FinalCoarseNet.ckpt")
    ms.save_checkpoint(CoarseNet(), path)
    return path


def _fine(tiny_nyu, model, coarse_ckpt, steps, *extra):
    # 8 images, batch 4: 2 steps per epoch
    argv = ["--data_url", tiny_nyu, "--train_url", model, "--stage", "fine", "--coarse_ckpt_model", coarse_ckpt,
            "--batch_size", "4", "--fine_net_train_step", str(steps), "--save_checkpoint_steps", "1",
            "--keep_checkpoint_max", "2", "--log_every", "1", "--device_target", "CPU", "--num_parallel_works", "2",
            "--no_augment"] + list(extra)
    return call_main("train", argv)[1]


def _digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_resume_keep_last_k_and_final_checkpoint(tiny_nyu, tmp_path, coarse_ckpt):
    from mindspore_common.checkpoint import list_checkpoints, read_meta
    model = str(tmp_path / "Model")
    ckpt_dir = os.path.join(model, "Ckpt")
    final = os.path.join(ckpt_dir, "FinalFineNet.ckpt")

    # a longer run: 6 steps, a checkpoint every step, the last 2 kept
    _fine(tiny_nyu, model, coarse_ckpt, 6)
    assert sorted(read_meta(p)["step"] for p in list_checkpoints(ckpt_dir, "FineNet")) == [5, 6]
    assert read_meta(final)["step"] == 6

    # a new, shorter run in the same folder: its own checkpoints only
    log = _fine(tiny_nyu, model, coarse_ckpt, 2)
    assert "fresh start: removed 2 earlier FineNet checkpoint(s)" in log
    assert sorted(read_meta(p)["step"] for p in list_checkpoints(ckpt_dir, "FineNet")) == [1, 2]
    assert read_meta(final)["step"] == 2
    before = _digest(final)

    # resuming picks this run's newest (step 2), not the older run's step 6, and keeps the final file
    log = _fine(tiny_nyu, model, coarse_ckpt, 2, "--resume", "1")
    assert "(step 2, epoch 1), continuing at step 2" in log, log
    assert "already at step 2 of 2" in log
    assert "kept %s (step 2)" % final in log
    assert _digest(final) == before

    # other settings: refused, naming the setting
    with pytest.raises(ValueError, match="batch_size: 4 \\(checkpoint\\) vs 2 \\(now\\)"):
        import train
        train.main.__wrapped__(["--data_url", tiny_nyu, "--train_url", model, "--stage", "fine",
                                "--coarse_ckpt_model", coarse_ckpt, "--batch_size", "2", "--resume", "1",
                                "--device_target", "CPU", "--no_augment"])
