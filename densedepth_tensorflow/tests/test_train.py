"""train.py on CPU (shared run of conftest.trained): step cap, mid-epoch checkpoint and exact
resume, last-K checkpoints, BatchNorm re-estimation, learning beyond the constant baseline,
resume refusing other settings."""
import os

import numpy as np
import pytest

import baseline
import checkpoint
import data
import train
import utils
from conftest import STOP_AT, TRAIN_STEPS, train_args


def test_step_cap_stops_mid_epoch_and_resume_continues(trained):
    first, second = trained["logs"]
    assert "stopped at step %d: DEPTHZOO_MAX_STEPS=%d reached (checkpoint written)" % (STOP_AT, STOP_AT) in first
    assert "resuming from %s at epoch 0 step %d" % (trained["ckptdir"], STOP_AT) in second
    assert "restored optimizer state" in second
    index = checkpoint.read_index(trained["ckptdir"])
    assert (index["epoch"], index["step"], index["global_step"]) == (1, 0, TRAIN_STEPS)
    assert index["settings"] == {"input_height": 64, "input_width": 96, "bs": 2,
                                 "steps": TRAIN_STEPS, "lr": 0.0003, "lr_schedule": "exp",
                                 "seed": 0}
    with np.load(os.path.join(trained["ckptdir"], index["optimizer"]), allow_pickle=False) as opt:
        assert int(opt["arr_0"]) == TRAIN_STEPS      # Adam's step count went on from STOP_AT
    # keep 2: of the checkpoints at 10, 20, 25 (cap), 30, 40 only the last two stay
    files = sorted(f for f in os.listdir(trained["ckptdir"]) if f.endswith(".h5"))
    assert files == ["step_00000030.h5", "step_00000040.h5"]
    assert not [f for f in os.listdir(trained["ckptdir"]) if ".tmp" in f]
    assert "BatchNorm statistics re-estimated on 8 training images" in first


def test_short_run_beats_constant_baseline(trained):
    import tensorflow as tf
    import npu_support
    rgb, depth, crop = data.load_test_data(trained["test_zip"])
    npu_support.use_session("cpu")
    model = checkpoint.load_model(trained["ckptdir"])
    ours = utils.evaluate_nyu(model.predict_on_batch, rgb, depth, None, 2, "per_image",
                              progress=False)
    mean = baseline.mean_train_depth_m(trained["data"])
    const = utils.evaluate_nyu(baseline.constant_network(mean, 1000.0), rgb, depth, None, 2,
                               "per_image", progress=False)
    tf.keras.backend.clear_session()
    assert ours["abs_rel"] < 0.8 * const["abs_rel"], (ours, const)
    assert ours["a1"] > const["a1"] + 0.1, (ours, const)


def test_resume_refuses_other_settings(trained, tmp_path):
    args = train_args(trained["data"], str(tmp_path / "r"), trained["ckptdir"])
    args[args.index("--bs") + 1] = "4"
    args[args.index("--input_height") + 1] = "96"
    assert train.main(args + ["--epochs", "2"]) == 2
    log = open(str(tmp_path / "r" / "train.log")).read()
    assert "--bs 4 (checkpoint: 2)" in log and "--input_height 96 (checkpoint: 64)" in log
    assert "--weights_only" in log
    assert train.main(train_args(trained["data"], str(tmp_path / "r"), trained["ckptdir"],
                                 ["--single_leaky"])) == 2
    assert "--single_leaky True (checkpoint: False)" in open(str(tmp_path / "r" / "train.log")).read()


def test_bad_flags_and_caps_fail_clearly(tmp_path, monkeypatch):
    result = str(tmp_path / "r")
    assert train.main(["--train_data", str(tmp_path / "missing.zip"), "--train_tfrecords", "",
                       "--result", result, "--ckptdir", str(tmp_path / "c"),
                       "--input_height", "64", "--input_width", "96"]) == 2
    assert "missing.zip" in open(os.path.join(result, "train.log")).read()
    assert train.main(["--result", result, "--input_height", "60"]) == 2
    assert "--input_height must be a positive multiple of 32" in open(
        os.path.join(result, "train.log")).read()
    monkeypatch.setenv("DEPTHZOO_MAX_STEPS", "ten")
    with pytest.raises(ValueError, match="DEPTHZOO_MAX_STEPS='ten'"):
        train.env_caps()
    monkeypatch.setenv("DEPTHZOO_MAX_STEPS", "3")
    monkeypatch.setenv("DEPTHZOO_TIME_LIMIT", "1.5")
    assert train.env_caps() == (3, 1.5)
    cfg = tmp_path / "c.yaml"
    cfg.write_text("bs: 2\nbatch_sise: 4\n")
    with pytest.raises(SystemExit):
        train.main(["--config", str(cfg)])


def test_existing_and_checkpoint_conflict_is_refused(trained, tmp_path):
    args = train_args(trained["data"], str(tmp_path / "r"), trained["ckptdir"],
                      ["--existing", os.path.join(trained["ckptdir"], "step_00000040.h5")])
    assert train.main(args) == 2
    assert "holds a checkpoint: use --no_resume" in open(str(tmp_path / "r" / "train.log")).read()
