"""CLI errors, atomic writing and determinism."""
import hashlib
import os
import subprocess
import sys

import pytest

import sample_data
from sample_data import api, writers
from sample_data.atomic import DatasetExistsError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_cli(*args):
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "sample_data"] + list(args), env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)


def tree_digest(root):
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in sorted(os.walk(root)):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            h.update(os.path.relpath(path, root).encode())
            with open(path, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


@pytest.mark.parametrize("args, message", [
    (["mnist", "--out", "x"], "invalid choice"),
    (["redweb"], "--out"),
    (["redweb", "--out", "x", "--num", "0"], "positive integer"),
    (["redweb", "--out", "x", "--num", "many"], "positive integer"),
    (["redweb", "--out", "x", "--seed", "-1"], "non-negative"),
    (["redweb", "--out", "x", "--height", "64"], "--height and --width must be given together"),
    (["all", "--out", "x", "--num", "3"], "uses each format's defaults"),
    (["redweb", "--out", "x", "--classes", "3"], "--classes only applies to the imagenet"),
    (["redweb", "--out", "x", "--height", "8", "--width", "8"], "height must be >= 16"),
    (["kitti_raw", "--out", "x", "--num", "2", "--height", "32", "--width", "64"], "--num >= 3"),
    (["imagenet", "--out", "x", "--classes", "9", "--num", "1"], "classes must be in 2..8"),
])
def test_bad_arguments_give_clear_errors(tmp_path, args, message):
    args = [str(tmp_path / a) if a == "x" else a for a in args]
    res = run_cli(*args)
    assert res.returncode == 2
    assert message in res.stderr
    assert "Traceback" not in res.stderr
    assert os.listdir(str(tmp_path)) == []  # nothing left behind


def test_unwritable_output_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text(u"x")
    res = run_cli("redweb", "--out", str(blocker / "sub" / "rw"), "--num", "1", "--quiet")
    assert res.returncode == 1
    assert "cannot write" in res.stderr and "Traceback" not in res.stderr


def test_cli_writes_then_refuses_to_overwrite_without_flag(tmp_path):
    out = str(tmp_path / "rw")
    args = ["redweb", "--out", out, "--num", "2", "--height", "32", "--width", "48", "--quiet"]
    assert run_cli(*args).returncode == 0
    before = tree_digest(out)
    res = run_cli(*args[:-1] + ["--seed", "5", "--quiet"])
    assert res.returncode == 2 and "not empty" in res.stderr and "--overwrite" in res.stderr
    assert tree_digest(out) == before
    assert run_cli(*args + ["--seed", "5", "--overwrite"]).returncode == 0
    assert tree_digest(out) != before
    assert sorted(os.listdir(str(tmp_path))) == ["rw"]  # no temp or old folders remain


def test_failure_mid_write_leaves_existing_dataset_untouched(tmp_path, monkeypatch):
    out = str(tmp_path / "nyu")
    sample_data.write_dataset("redweb", out, num=2, height=32, width=48)
    before = tree_digest(out)

    def broken(out_dir, num, seed, height, width, show_progress=True):
        with open(os.path.join(out_dir, "half.jpg"), "wb") as f:
            f.write(b"partial")
        raise RuntimeError("disk full")

    monkeypatch.setitem(writers.REGISTRY, "redweb", writers.REGISTRY["redweb"]._replace(write=broken))
    with pytest.raises(RuntimeError, match="disk full"):
        sample_data.write_dataset("redweb", out, num=2, height=32, width=48, overwrite=True)
    assert tree_digest(out) == before
    assert sorted(os.listdir(str(tmp_path))) == ["nyu"]


def test_api_errors():
    with pytest.raises(ValueError, match="unknown dataset format 'sintel'"):
        api.resolve("sintel")
    with pytest.raises(ValueError, match="height and width must be given together"):
        api.resolve("redweb", height=32)
    with pytest.raises(ValueError, match="not supported by format 'redweb'"):
        sample_data.write_dataset("redweb", "/nonexistent/never", classes=3)


def test_empty_existing_folder_is_fine_and_file_target_is_refused(tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    sample_data.write_dataset("imagenet", str(out), num=1, height=24, width=24, classes=2)
    assert sorted(os.listdir(str(out))) == ["train", "val"]
    target = tmp_path / "file"
    target.write_text(u"x")
    with pytest.raises(DatasetExistsError, match="not a directory"):
        sample_data.write_dataset("imagenet", str(target), num=1, height=24, width=24)


@pytest.mark.parametrize("fmt, kw", [
    ("nyu_depthnet", dict(num=4, height=32, width=48)),
    ("nyu_densedepth", dict(num=4, height=32, width=48)),
    ("kitti_raw", dict(num=3, height=32, width=100)),
    ("redweb", dict(num=2, height=32, width=48)),
    ("imagenet", dict(num=1, height=24, width=24)),
])
def test_same_seed_gives_identical_bytes(tmp_path, fmt, kw):
    from sample_data import nyu
    a = sample_data.write_dataset(fmt, str(tmp_path / "a"), seed=7, **kw)
    nyu.clear_cache()  # force a second render, not a cache hit
    b = sample_data.write_dataset(fmt, str(tmp_path / "b"), seed=7, **kw)
    c = sample_data.write_dataset(fmt, str(tmp_path / "c"), seed=8, **kw)
    assert tree_digest(a) == tree_digest(b)
    assert tree_digest(a) != tree_digest(c)
