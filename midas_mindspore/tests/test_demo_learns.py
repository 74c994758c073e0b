"""demo.sh as make demo runs it: a short seeded training beats the constant disparity."""
import json
import os

from mindspore_common.testing import run_cmd

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_short_training_beats_constant_disparity_on_indoor_and_kitti(tmp_path):
    from sample_data.api import write_dataset

    data = tmp_path / "data"
    for fmt in ("redweb", "midas_kitti", "midas_tum", "midas_sintel", "midas_eth3d", "midas_nyu",
                "midas_diw"):
        write_dataset(fmt, str(data / fmt), seed=0)
    proc = run_cmd(["bash", os.path.join(PROJECT, "demo.sh"), str(data), "reports"], cwd=str(tmp_path),
                   env={"DEMO_OUT": str(tmp_path / "out"), "DEMO_TRAIN_STEPS": "25",
                        "DEMO_TRAIN_SECONDS": "900"}, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:]
    for name in ("midas_nyu", "midas_kitti"):
        with open(str(tmp_path / "reports" / (name + ".json"))) as f:
            model = json.load(f)["metrics"]
        with open(str(tmp_path / "reports" / (name + "_baseline.json"))) as f:
            base = json.load(f)["metrics"]
        # relative-depth rows: AbsRel lower and a1 (= 1 - delta error) higher, with a margin
        assert model["abs_rel"] < 0.8 * base["abs_rel"], (name, model, base)
        assert model["a1"] > base["a1"] + 0.1, (name, model, base)
