import os
import subprocess
import sys

import pytest

from common_metrics.report import write_report

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPTH = {"abs_rel": 0.1234, "sq_rel": 0.05, "rmse": 0.4321, "rmse_log": 0.15,
         "log10": 0.05, "silog": 12.5, "a1": 0.9, "a2": 0.97, "a3": 0.99}


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-m", "common_metrics"] + list(args), cwd=cwd,
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    return p.returncode, p.stdout, p.stderr


@pytest.fixture
def reports(tmp_path):
    d = tmp_path / "reports"
    write_report(str(d / "a.json"), model="model_alpha", framework="mindspore",
                 dataset="nyu", split="test", metrics=DEPTH, num_samples=654, num_skipped=2,
                 protocol={"crop": "nyu_eigen", "min_depth": 0.001, "max_depth": 10.0,
                           "averaging": "per_image"})
    write_report(str(d / "b.json"), model="model_beta", framework="paddlepaddle",
                 dataset="kitti", split="eigen", num_samples=697,
                 metrics=dict(DEPTH, abs_rel=0.2468, delta_error_percent=24.2),
                 protocol={"scaling": "median", "flip": True})
    write_report(str(d / "c.json"), model="resnet_gamma", framework="mindspore",
                 dataset="imagenet", split="val", metrics={"top1": 0.7612, "top5": 0.9287},
                 num_samples=50000, task="classification")
    return d


def test_show_prints_the_fields(reports):
    rc, out, err = run("show", str(reports / "a.json"))
    assert rc == 0, err
    assert "model_alpha" in out and "nyu_eigen, 0.001-10, per_image" in out
    assert "0.1234" in out and "654 (skipped 2)" in out


def test_compare_aligned_table(reports):
    rc, out, err = run("compare", str(reports / "a.json"), str(reports / "b.json"))
    assert rc == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:7] == ["model", "framework", "dataset", "split", "protocol",
                                    "N", "abs_rel"]
    assert lines[0].split()[-1] == "delta_error_percent"   # extra metrics after the nine
    row_a = [l for l in lines if l.startswith("model_alpha")][0]
    row_b = [l for l in lines if l.startswith("model_beta")][0]
    assert "0.1234" in row_a and "654 (+2 skipped)" in row_a and row_a.rstrip().endswith("-")
    assert "0.2468" in row_b and "24.2000" in row_b and "median, flip" in row_b
    # aligned: the abs_rel values end in the same column as the header
    end = lines[0].index("abs_rel") + len("abs_rel")
    assert row_a[end - 6:end] == "0.1234" and row_b[end - 6:end] == "0.2468"


def test_compare_groups_rows_by_dataset(reports, tmp_path):
    write_report(str(reports / "d.json"), model="model_delta", framework="tensorflow",
                 dataset="nyu", split="test", metrics=DEPTH, num_samples=654)
    rc, out, err = run("compare", *(str(reports / f) for f in ("a.json", "b.json", "d.json")))
    assert rc == 0, err
    models = [l.split()[0] for l in out.splitlines()[2:]]
    assert models == ["model_alpha", "model_delta", "model_beta"]


def test_compare_markdown_mixed_tasks_and_out(reports, tmp_path):
    out_file = tmp_path / "out" / "summary.md"
    rc, out, err = run("compare", str(reports / "a.json"), str(reports / "c.json"),
                       str(reports / "b.json"), "--markdown", "--out", str(out_file))
    assert rc == 0, err
    assert "### depth" in out and "### classification" in out
    assert "| model_alpha | mindspore | nyu | test |" in out
    assert "| resnet_gamma | mindspore | imagenet | val | - | 50000 | 0.7612 | 0.9287 |" in out
    depth_part = out.split("### classification")[0]
    assert "resnet_gamma" not in depth_part and "model_beta" in depth_part
    assert out_file.read_text() == out


def test_compare_expands_an_unexpanded_glob(reports):
    rc, out, err = run("compare", "reports/*.json", cwd=str(reports.parent))
    assert rc == 0, err
    assert all(m in out for m in ("model_alpha", "model_beta", "resnet_gamma"))


def test_glob_matching_nothing_is_exit_2(tmp_path):
    rc, out, err = run("compare", str(tmp_path / "nothing" / "*.json"))
    assert rc == 2 and "no file matches" in err and "Traceback" not in err


def test_bad_files_are_exit_2_naming_the_file(reports, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    rc, out, err = run("compare", str(reports / "a.json"), str(bad))
    assert rc == 2 and str(bad) in err and "not valid JSON" in err
    rc, out, err = run("show", str(tmp_path / "missing.json"))
    assert rc == 2 and "missing.json" in err and "Traceback" not in err
    rc, out, err = run("compare")
    assert rc == 2
