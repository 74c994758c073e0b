"""The README / mission commands run verbatim as subprocesses; bad data never hangs a run."""
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest

from conftest import ROOT, train_args

CLEAN_ENV = dict(os.environ, OMP_NUM_THREADS="2")
CLEAN_ENV.pop("DEPTHZOO_VERBOSE", None)


@pytest.fixture(scope="module")
def fresh_clone(kitti_root, tmp_path_factory):
    """A checkout after `make demo`: <clone>/monodepth2_paddle (no kitti_data, no weights/) and
    <clone>/data/sample/kitti_raw; HOME is a temporary folder (upstream's --log_dir ~/tmp)."""
    clone = tmp_path_factory.mktemp("clone")
    shutil.copytree(ROOT, str(clone / "monodepth2_paddle"),
                    ignore=shutil.ignore_patterns("tests", "__pycache__", "kitti_data", "weights",
                                                  "*.pdparams"))
    (clone / "data" / "sample").mkdir(parents=True)
    os.symlink(kitti_root, str(clone / "data" / "sample" / "kitti_raw"))
    return clone


@pytest.mark.parametrize("where", ["root", "folder"])
def test_train_use_stereo_runs_verbatim_on_a_fresh_clone(fresh_clone, tmp_path, where):
    """`python monodepth2_paddle/train.py --use_stereo` from the root, `python train.py
    --use_stereo` from the folder: sample drives, one loud scratch warning, exit 0, a
    checkpoint written after DEPTHZOO_MAX_STEPS=1, no third-party warnings on the console."""
    env = dict(CLEAN_ENV, HOME=str(tmp_path), DEPTHZOO_MAX_STEPS="1")
    cwd = str(fresh_clone) if where == "root" else str(fresh_clone / "monodepth2_paddle")
    script = "monodepth2_paddle/train.py" if where == "root" else "train.py"
    r = subprocess.run([sys.executable, script, "--use_stereo"], cwd=cwd, env=env,
                       capture_output=True, text=True, timeout=400)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out[-3000:]
    assert "training on the sample KITTI drives" in out
    assert out.count("training the encoders from SCRATCH") == 1 and "--weights_init" in out
    assert "DEPTHZOO_MAX_STEPS=1 reached" in out
    ckpt = tmp_path / "tmp" / "mdp" / "models" / "step_1"
    assert (ckpt / "encoder.pdparams").is_file() and (ckpt / "pose.pdparams").is_file()
    assert "ccache" not in out and "Traceback" not in out


def _corrupt_copy(kitti_root, tmp_path):
    """A copy of the sample drives whose frame-2 left image is a truncated JPEG; a split whose
    every training line needs it (as target or stereo frame)."""
    data = tmp_path / "kitti"
    shutil.copytree(kitti_root, str(data))
    bad = data / "2011_09_26" / "2011_09_26_drive_0001_sync" / "image_02" / "data" / "0000000002.jpg"
    bad.write_bytes(bad.read_bytes()[:500])
    split = tmp_path / "split"
    split.mkdir()
    (split / "train_files.txt").write_text("2011_09_26/2011_09_26_drive_0001_sync 2 l\n"
                                           "2011_09_26/2011_09_26_drive_0001_sync 2 r\n")
    (split / "val_files.txt").write_text("2011_09_26/2011_09_26_drive_0002_sync 1 l\n")
    return str(data), str(split), str(bad)


@pytest.mark.parametrize("workers", ["0", "2"])
def test_corrupt_image_is_one_line_and_a_quick_exit(kitti_root, tmp_path, workers):
    """It used to hang (killed at 150 s) with a traceback from the DataLoader thread/worker."""
    data, split, bad = _corrupt_copy(kitti_root, tmp_path)
    args = train_args(data, split, tmp_path / "logs", "--use_stereo", "--frame_ids", "0",
                      "--no_to_static")
    args[args.index("--num_workers") + 1] = workers
    t0 = time.time()
    r = subprocess.run([sys.executable, os.path.join(ROOT, "train.py")] + args, env=CLEAN_ENV,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stderr[-2000:]
    assert time.time() - t0 < 100
    errors = [l for l in r.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == 1 and bad in errors[0] and "Traceback" not in r.stderr


def test_evaluate_missing_test_frame_fails_before_predicting(kitti_root, saved_weights, tmp_path):
    split = tmp_path / "split"
    split.mkdir()
    (split / "test_files.txt").write_text("2011_09_26/2011_09_26_drive_0002_sync 0 l\n"
                                          "2011_09_26/2011_09_26_drive_0002_sync 404 l\n")
    np.savez(str(split / "gt_depths.npz"), count=np.array(2), depth_00000=np.ones((4, 4)),
             depth_00001=np.ones((4, 4)))
    r = subprocess.run([sys.executable, os.path.join(ROOT, "evaluate_depth.py"), "--eval_mono",
                        "--data_path", kitti_root, "--eval_split", str(split), "--num_workers", "2",
                        "--load_weights_folder", saved_weights], env=CLEAN_ENV,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "0000000404.jpg" in r.stderr and "Traceback" not in r.stderr
    assert "Computing predictions" not in r.stdout


def test_demo_sh_runs_from_its_folder_and_writes_the_demo_contract(kitti_root, tmp_path):
    """bash demo.sh DATA_ROOT REPORTS_DIR (one epoch = 2 steps on the fixture's drives): the row,
    its constant baseline under the same median-scaled protocol, the panel and the pictures."""
    from common_metrics.report import read_report
    reports = tmp_path / "reports"
    env = dict(CLEAN_ENV, PYTHON=sys.executable, DEMO_EPOCHS="1", DEMO_OUT=str(tmp_path / "out"))
    r = subprocess.run(["bash", "demo.sh", os.path.dirname(kitti_root), str(reports)], cwd=ROOT,
                       env=env, capture_output=True, text=True, timeout=400)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    row = read_report(str(reports / "monodepth2_paddle.json"))
    base = read_report(str(reports / "monodepth2_paddle_baseline.json"))
    assert row["protocol"] == base["protocol"] and row["protocol"]["scaling"] == "median"
    assert row["num_samples"] == base["num_samples"] == 3
    assert (reports / "monodepth2_paddle.png").stat().st_size > 1000
    assert os.listdir(str(tmp_path / "out" / "pictures"))
    bad = subprocess.run(["bash", "demo.sh", str(tmp_path), str(reports)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "splits/sample not found" in bad.stderr
