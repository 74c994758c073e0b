"""demo.sh as make demo runs it: short training on sample data, then a clear win over chance."""
import os

import pytest

from conftest import PROJECT
from mindspore_common.testing import run_cmd


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    from sample_data.api import write_dataset

    root = tmp_path_factory.mktemp("demo")
    write_dataset("imagenet", str(root / "data" / "imagenet"), seed=0)  # make demo's defaults
    proc = run_cmd(["bash", os.path.join(PROJECT, "demo.sh"), "data", "reports"], cwd=str(root),
                   env={"DEMO_OUT": str(root / "out"), "DEMO_TRAIN_SECONDS": "900"}, timeout=900)
    return root, proc


def test_demo_beats_chance_by_a_clear_margin(demo_run):
    from common_metrics.report import read_report
    root, proc = demo_run
    assert proc.returncode == 0, proc.stdout[-3000:]
    model = read_report(str(root / "reports" / "ddrnet_mindspore.json"))
    chance = read_report(str(root / "reports" / "ddrnet_mindspore_baseline.json"))
    assert model["num_samples"] == chance["num_samples"] == 40  # 5 classes x 8 val images
    assert chance["metrics"]["top1"] == pytest.approx(0.2)
    assert model["metrics"]["top1"] >= chance["metrics"]["top1"] + 0.2, model["metrics"]


def test_demo_writes_the_picture_and_shows_progress(demo_run):
    from common_metrics.io import read_png
    root, proc = demo_run
    assert read_png(str(root / "reports" / "ddrnet_mindspore.png")).shape[1] == 4 * 160
    assert "img/s" in proc.stdout and "ETA" in proc.stdout
    assert "Traceback" not in proc.stdout
