"""ci/demo_summary.py run as make demo runs it (a subprocess from the repo root), on
hand-written report files: pass, fail, missing baseline, relative-depth and classification."""
import os
import subprocess
import sys

import numpy as np
import pytest

from common_metrics import io, report

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "ci", "demo_summary.py")
PROTO = {"crop": "nyu_eigen", "scaling": "none", "min_depth": 1e-3, "max_depth": 10.0,
         "averaging": "per_image", "flip": False}


def _report(folder, name, metrics, task="depth", dataset="nyu_depth_v2", png=True):
    report.write_report(os.path.join(folder, name + ".json"), model=name, framework="numpy",
                        dataset=dataset, split="test", metrics=metrics, num_samples=4,
                        protocol=PROTO, task=task)
    if png and not name.endswith("_baseline"):
        io.write_png(os.path.join(folder, name + ".png"),
                     np.full((20, 60, 3), 100 + len(name), np.uint8))


def _run(folder):
    p = subprocess.run([sys.executable, SCRIPT, "--reports", str(folder)], cwd=REPO,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr


@pytest.fixture
def passing(tmp_path):
    d = str(tmp_path)
    _report(d, "depth_model", {"abs_rel": 0.2, "a1": 0.6, "rmse": 1.0})
    _report(d, "depth_model_baseline", {"abs_rel": 0.3, "a1": 0.4, "rmse": 0.9})
    _report(d, "classifier", {"top1": 0.3, "top5": 0.5}, task="classification",
            dataset="imagenet")
    _report(d, "classifier_baseline", {"top1": 0.1, "top5": 0.5}, task="classification",
            dataset="imagenet")
    _report(d, "midas", {"delta_error_percent": 20.0, "whdr": 0.30}, dataset="redweb")
    _report(d, "midas_baseline", {"delta_error_percent": 45.0, "whdr": 0.50}, dataset="redweb")
    _report(d, "reference_oracle_nyu", {"abs_rel": 0.0, "a1": 1.0}, png=False)
    return d


def test_all_rows_beat_their_baselines(passing):
    rc, out, err = _run(passing)
    assert rc == 0, err
    md = open(os.path.join(passing, "summary.md")).read()
    assert "![summary](summary.png)" in md
    assert "| depth_model | nyu_depth_v2 | abs_rel | 0.2000 | 0.3000 | yes |" in md
    assert "| depth_model | nyu_depth_v2 | a1 | 0.6000 | 0.4000 | yes |" in md
    assert "| classifier | imagenet | top1 | 0.3000 | 0.1000 | yes |" in md
    assert "| midas | redweb | whdr | 0.3000 | 0.5000 | yes |" in md
    assert "rmse" not in md.split("## Every report")[0]        # judged on abs_rel and a1 only
    every = md.split("## Every report")[1].splitlines()
    first = [i for i, line in enumerate(every) if line.startswith("| depth_model ")][0]
    assert every[first + 1].startswith("| depth_model_baseline ")   # each model, then its baseline
    assert "reference_oracle_nyu" in md or "oracle" in md.split("## Every report")[1]
    pic = io.read_png(os.path.join(passing, "summary.png"))
    assert pic.shape[1] == 60 and pic.shape[0] > 3 * 20        # three panels + captions
    assert "depth_model | nyu_depth_v2 | abs_rel 0.200 (baseline 0.300)" in out


def test_a_row_that_does_not_beat_its_baseline_fails(passing):
    _report(passing, "depth_model", {"abs_rel": 0.2, "a1": 0.35})     # a1 below 0.4
    rc, out, err = _run(passing)
    assert rc == 1
    assert "depth_model: a1 0.3500 does not beat the baseline's 0.4000" in err
    md = open(os.path.join(passing, "summary.md")).read()
    assert "| depth_model | nyu_depth_v2 | a1 | 0.3500 | 0.4000 | **no** |" in md


def test_equal_to_the_baseline_is_not_beating_it(passing):
    _report(passing, "classifier", {"top1": 0.1}, task="classification", dataset="imagenet")
    rc, _, err = _run(passing)
    assert rc == 1 and "classifier: top1" in err


def test_relative_depth_is_judged_on_its_own_lower_is_better_metrics(passing):
    _report(passing, "midas", {"delta_error_percent": 50.0, "whdr": 0.30}, dataset="redweb")
    rc, _, err = _run(passing)
    assert rc == 1 and "midas: delta_error_percent 50.0000 does not beat" in err


def test_missing_baseline_fails(passing):
    os.remove(os.path.join(passing, "classifier_baseline.json"))
    rc, _, err = _run(passing)
    assert rc == 1 and "classifier: no baseline report classifier_baseline.json" in err
    assert "| classifier | imagenet | - | - | missing | no |" in open(
        os.path.join(passing, "summary.md")).read()


def test_missing_picture_is_a_warning_and_a_corrupt_report_a_failure(passing):
    os.remove(os.path.join(passing, "midas.png"))
    rc, out, _ = _run(passing)
    assert rc == 0 and "midas.png (its picture panel) is missing" in out
    assert io.read_png(os.path.join(passing, "summary.png")).shape[1] == 60
    with open(os.path.join(passing, "broken.json"), "w") as f:
        f.write("{not json")
    rc, _, err = _run(passing)
    assert rc == 1 and "broken.json" in err and "Traceback" not in err


def test_no_reports_or_no_folder_exit_2(tmp_path):
    rc, _, err = _run(tmp_path)
    assert rc == 2 and "no model report" in err
    rc, _, err = _run(tmp_path / "nope")
    assert rc == 2 and "is not a folder" in err
