"""train.py option handling that needs no training run."""
import importlib

import pytest


def test_cosine_schedule_decays_from_base_to_zero():
    train = importlib.import_module("train")
    assert train.learning_rate(1e-3, "constant", 100) == 1e-3
    lrs = train.learning_rate(1e-3, "cosine", 10)
    assert len(lrs) == 10 and lrs[0] == pytest.approx(1e-3)
    assert all(a >= b for a, b in zip(lrs, lrs[1:])) and lrs[-1] < 0.05e-3


def test_time_limits_refused_in_distributed_runs(tiny_nyu, capsys):
    train = importlib.import_module("train")
    with pytest.raises(SystemExit) as exc:
        train.parse_args(["--data_url", tiny_nyu, "--is_distributed", "1", "--time_limit_coarse", "10"])
    assert exc.value.code == 2 and "step caps" in capsys.readouterr().err


def test_stage_steps_caps_epochs():
    from src.stage import stage_steps
    assert stage_steps(7, 3, 0) == 21
    assert stage_steps(7, 3, 5) == 5
    assert stage_steps(7, 3, 50) == 21


def test_resume_settings_leave_out_caps_but_not_the_schedule(tiny_nyu):
    train = importlib.import_module("train")
    a = train.parse_args(["--data_url", tiny_nyu, "--coarse_net_train_step", "5"])
    b = train.parse_args(["--data_url", tiny_nyu, "--coarse_net_train_step", "50", "--time_limit_coarse", "9"])
    assert train.stage_settings(a, "coarse", 1e-4, 5, 1) == train.stage_settings(b, "coarse", 1e-4, 50, 1)
    c = train.parse_args(["--data_url", tiny_nyu, "--lr_schedule", "cosine"])
    assert train.stage_settings(c, "coarse", 1e-4, 5, 1) != train.stage_settings(c, "coarse", 1e-4, 50, 1)
