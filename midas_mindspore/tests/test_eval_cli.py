"""midas_eval.py and scripts/run_eval.sh run as a user runs them (tiny MidasNet, sample data)."""
import json
import os
import sys
import time

import pytest
from common_metrics.report import read_report
from mindspore_common.testing import run_cmd

from tests.test_eval_common import path_flags, write_all

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TINY = ["--layers", "1,1,1,1", "--width_per_group", "4", "--features", "32",
        "--img_width", "64", "--img_height", "64"]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    import mindspore_common  # noqa: F401
    from mindspore_common.checkpoint import meta_dict, save_atomic
    from src.config import get_config
    from src.midas_net import midas_from_config
    from src.trainer import train_settings

    tmp = tmp_path_factory.mktemp("midas_cli")
    root = write_all(tmp / "data")
    cfg = get_config(TINY)
    net = midas_from_config(cfg)
    ckpt = str(tmp / "tiny.ckpt")
    save_atomic(net, ckpt)
    (tmp / "train").mkdir()
    save_atomic(net, str(tmp / "train" / "Midas_0-1_3.ckpt"),         # as midas_train.py saves
                append_dict=meta_dict(train_settings(cfg, 1), 3, 1))
    return {"tmp": tmp, "root": root, "flags": path_flags(root) + TINY + ["--ckpt_path", ckpt]}


def test_eval_all_writes_val_json_reports_and_panels(setup, tmp_path):
    val, reports = str(tmp_path / "val.json"), str(tmp_path / "reports")
    res = run_cmd([sys.executable, os.path.join(PROJECT, "midas_eval.py"), "--data_name", "all",
                   "--ann_file", val, "--report_dir", reports] + setup["flags"], cwd=str(tmp_path))
    assert res.returncode == 0, res.stdout[-3000:]
    assert "Traceback" not in res.stdout and "img/s" in res.stdout
    results = json.load(open(val))
    assert sorted(results) == sorted(["Kitti", "Sintel", "TUM", "ETH3D", "DIW", "NYU"])
    keys = {"Kitti": "delta_1.25_err_pct", "TUM": "delta_1.25_err_pct", "NYU": "delta_1.25_err_pct",
            "Sintel": "abs_rel", "ETH3D": "abs_rel", "DIW": "whdr"}
    for name, key in keys.items():
        stem = os.path.join(reports, "midas_%s" % name.lower())
        report, base = read_report(stem + ".json"), read_report(stem + "_baseline.json")
        assert report["metrics"][key] == pytest.approx(results[name], abs=5e-4)
        assert base["model"] == "constant disparity" and key in base["metrics"]
        assert report["protocol"] == base["protocol"]
        if name != "DIW":
            assert report["protocol"]["scaling"] == "lsq_disp" and "a1" in report["metrics"]
        assert os.path.getsize(stem + ".png") > 1000
    assert read_report(os.path.join(reports, "midas_nyu.json"))["protocol"]["crop"] == "nyu_eigen"


@pytest.mark.parametrize("args, expected", [
    (["x"], "DEVICE_ID must be a number"),
    (["0", "Foo"], "DATA_NAME must be one of"),
])
def test_run_eval_sh_bad_arguments(tmp_path, args, expected):
    res = run_cmd(["bash", os.path.join(PROJECT, "scripts", "run_eval.sh")] + args,
                  cwd=str(tmp_path))
    assert res.returncode == 2 and expected in res.stdout
    assert len(res.stdout.strip().splitlines()) == 1


def test_missing_dataset_is_one_line_before_the_model_loads(setup, tmp_path):
    start = time.time()
    res = run_cmd([sys.executable, os.path.join(PROJECT, "midas_eval.py"), "--data_name", "Sintel"]
                  + setup["flags"] + ["--datapath_Sintel", str(tmp_path / "nope")],
                  cwd=str(tmp_path))
    assert res.returncode == 2 and time.time() - start < 60
    err = [l for l in res.stdout.splitlines() if l.startswith("error:")]
    assert len(err) == 1 and "datapath_Sintel" in err[0]
    assert "python -m sample_data midas_sintel" in err[0] and "Traceback" not in res.stdout


def test_mismatched_checkpoint_is_one_line(setup, tmp_path):
    flags = setup["flags"] + ["--features", "64"]        # the checkpoint has features 32
    res = run_cmd([sys.executable, os.path.join(PROJECT, "midas_eval.py"), "--data_name", "TUM",
                   "--ann_file", str(tmp_path / "v.json")] + flags, cwd=str(tmp_path))
    assert res.returncode == 2 and "Traceback" not in res.stdout
    assert "ckpt_path" in res.stdout and not os.path.exists(str(tmp_path / "v.json"))


def test_run_eval_sh_from_another_folder_with_a_training_checkpoint(setup, tmp_path):
    """scripts/run_eval.sh DEVICE_ID DATA_NAME from elsewhere; a reduced CPU training run's
    checkpoint folder evaluates with no architecture flags (the checkpoint recorded them)."""
    val = str(tmp_path / "val.json")
    res = run_cmd(["bash", os.path.join(PROJECT, "scripts", "run_eval.sh"), "0", "TUM",
                   "--ann_file", val, "--img_width", "64", "--img_height", "64",
                   "--ckpt_path", str(setup["tmp"] / "train")] + path_flags(setup["root"]),
                  cwd=str(tmp_path))
    assert res.returncode == 0, res.stdout[-3000:]
    assert "architecture recorded in the checkpoint: features 32" in res.stdout
    assert "Midas_0-1_3.ckpt" in res.stdout and list(json.load(open(val))) == ["TUM"]
