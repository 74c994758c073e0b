"""eval.py: every image scored (partial last batch), hand-known top-1, chance baseline, errors."""
import json
import os
import sys

import numpy as np

from conftest import PROJECT
from mindspore_common.testing import run_cmd
from src.tools.evaluation import constant_logits, score


def test_eval_scores_every_image_with_the_known_answer(eval_setup, tmp_path):
    """The class-2 checkpoint is right on exactly the 2 class-2 images of 10 (batches 3+3+3+1)."""
    report, base, picture = (str(tmp_path / n) for n in ("r.json", "b.json", "p.png"))
    proc = run_cmd([sys.executable, "eval.py", "--ddr_config", eval_setup["config"],
                    "--pretrained", eval_setup["class2"], "--report", report,
                    "--baseline_report", base, "--picture", picture], cwd=PROJECT, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "img/s" in proc.stdout and "ETA" in proc.stdout
    got = json.load(open(report))
    assert got["task"] == "classification" and got["num_samples"] == 10
    assert got["metrics"]["top1"] == 0.2 and got["metrics"]["top5"] == 1.0
    assert got["protocol"]["crop"] == "shorter side 73 + centre crop 64"  # int(64 / 0.875)
    baseline = json.load(open(base))
    assert baseline["num_samples"] == 10 and baseline["metrics"]["top1"] == 0.2  # 5 balanced classes
    from common_metrics.io import read_png
    assert read_png(picture).shape[1] == 4 * 160


def test_constant_baseline_is_the_most_frequent_training_class():
    logits = constant_logits(np.array([3, 5, 5, 1]), 4)
    assert list(np.argsort(-logits[0])) == [1, 2, 0, 3]  # frequency, ties by index
    metrics, _, _ = score([(logits, np.array([1, 1, 2, 3]))], ks=(1, 2))
    assert metrics["top1"] == 0.5 and metrics["top2"] == 0.75


def test_missing_checkpoint_is_one_line(eval_setup, tmp_path):
    missing = str(tmp_path / "nope.ckpt")
    proc = run_cmd([sys.executable, "eval.py", "--ddr_config", eval_setup["config"],
                    "--pretrained", missing], cwd=PROJECT, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout.strip().splitlines()[-1] == "error: --pretrained not found: %s" % missing


def test_run_eval_cpu_script_from_its_folder(eval_setup, tmp_path):
    script = os.path.join(PROJECT, "scripts", "run_eval_cpu.sh")
    proc = run_cmd(["bash", script, "0", eval_setup["config"], eval_setup["class2"]],
                   cwd=str(tmp_path), timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
    report = json.load(open(str(tmp_path / "eval_cpu" / "eval_report.json")))
    assert report["metrics"]["top1"] == 0.2 and report["num_samples"] == 10
    assert "top1 0.2000" in open(str(tmp_path / "eval_cpu" / "eval.log")).read()
