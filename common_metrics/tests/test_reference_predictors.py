"""ci/reference_predictors.py as make demo runs it: the oracle rows on real-format sample data."""
import os
import subprocess
import sys

from common_metrics import report

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(*args, **kw):
    return subprocess.run([sys.executable] + list(args), cwd=REPO, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=300, **kw)


def test_oracle_rows_are_perfect_and_a_missing_folder_is_one_line(tmp_path):
    data, out = str(tmp_path / "data"), str(tmp_path / "reports")
    for fmt in ("nyu_depthnet", "kitti_raw"):
        p = _run("-m", "sample_data", fmt, "--out", os.path.join(data, fmt), "--num", "3",
                 "--height", "64", "--width", "208")
        assert p.returncode == 0, p.stderr
    p = _run(os.path.join("ci", "reference_predictors.py"), "--data", data, "--reports", out)
    assert p.returncode == 0, p.stderr
    assert sorted(os.listdir(out)) == ["reference_oracle_kitti.json", "reference_oracle_nyu.json"]
    for name, dataset, crop in (("nyu", "nyu_depth_v2", "nyu_eigen"),
                                ("kitti", "kitti_raw", "kitti_garg")):
        r = report.read_report(os.path.join(out, "reference_oracle_%s.json" % name))
        assert r["dataset"] == dataset and r["protocol"]["crop"] == crop
        assert r["metrics"]["abs_rel"] == 0.0 and r["metrics"]["a1"] == 1.0
        assert r["num_samples"] >= 1
    p = _run(os.path.join("ci", "reference_predictors.py"), "--data", str(tmp_path / "nope"),
             "--reports", out)
    assert p.returncode != 0 and "not found" in p.stderr and "Traceback" not in p.stderr
