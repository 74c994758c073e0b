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
    train = importlib.import_module("train")

    class FakeDataset:
        def get_dataset_size(self):
            return 7

    assert train.stage_steps(FakeDataset(), 3, 0) == 21
    assert train.stage_steps(FakeDataset(), 3, 5) == 5
    assert train.stage_steps(FakeDataset(), 3, 50) == 21
