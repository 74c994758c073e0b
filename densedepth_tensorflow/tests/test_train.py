"""train.py end to end on a tiny zip: loss falls on a fixed batch, atomic checkpoints, resume."""
import json
import os
import re

import numpy as np
import pytest

import train
from conftest import write_nyu_data_zip


def _epoch_losses(log):
    return [float(v) for v in re.findall(r"epoch \d+ done: loss ([0-9.]+)", open(log).read())]


def test_overfit_checkpoint_and_resume(tmp_path):
    data = write_nyu_data_zip(str(tmp_path / "nyu_data.zip"), num_train=2)
    result = str(tmp_path / "result")
    common = ["--train_data", data, "--train_tfrecords", "", "--result", result, "--bs", "2",
              "--steps", "3", "--input_height", "64", "--input_width", "96", "--no_augment",
              "--seed", "0", "--lr", "0.0003", "--log_every", "1"]
    assert train.main(common + ["--epochs", "2"]) == 0
    ckpt = os.path.join(result, "ckpt_npu")
    index = json.load(open(os.path.join(ckpt, "checkpoint.json")))
    assert index["epoch"] == 2 and index["model_config"] == {"decoder_width": 0.5,
                                                             "single_leaky": False}
    assert not [f for f in os.listdir(ckpt) if ".tmp" in f]       # no temp files left behind
    train.tf.keras.backend.clear_session()

    # resume: continues at epoch 3 with the saved weights and Adam state
    assert train.main(common + ["--epochs", "4"]) == 0
    log = open(os.path.join(result, "train.log")).read()
    assert "resuming from %s epoch 2" % ckpt in log
    assert "restored optimizer state" in log
    index = json.load(open(os.path.join(ckpt, "checkpoint.json")))
    assert index["epoch"] == 4
    with np.load(os.path.join(ckpt, index["optimizer"]), allow_pickle=False) as opt:
        assert int(opt["arr_0"]) == 4 * 3          # Adam's iteration count went on from 6
    losses = _epoch_losses(os.path.join(result, "train.log"))
    assert len(losses) == 4
    assert losses[-1] < 0.7 * losses[0]            # one fixed batch: the loss must fall
    # lr * 0.9 ** epoch schedule
    assert "epoch 4 done: loss %.4f lr %.3g" % (losses[-1], 0.0003 * 0.9 ** 3) in log


def test_bad_flags_fail_clearly(tmp_path, caplog):
    result = str(tmp_path / "r")
    assert train.main(["--train_data", str(tmp_path / "missing.zip"), "--train_tfrecords", "",
                       "--result", result, "--input_height", "64", "--input_width", "96"]) == 2
    assert "missing.zip" in open(os.path.join(result, "train.log")).read()
    assert train.main(["--result", result, "--input_height", "60"]) == 2
    assert "--input_height must be a positive multiple of 32" in open(
        os.path.join(result, "train.log")).read()
    cfg = tmp_path / "c.yaml"
    cfg.write_text("bs: 2\nbatch_sise: 4\n")
    with pytest.raises(SystemExit):
        train.main(["--config", str(cfg)])
