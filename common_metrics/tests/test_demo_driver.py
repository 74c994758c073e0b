"""ci/demo.sh run as `make demo` runs it, in a throw-away copy of the repository layout with
stand-in project demos (the real ones train models; their own suites test them): it runs
every demo, then the verdict; a failing demo or a row below its baseline fails the run."""
import os
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

FAKE_DEMO = r'''set -euo pipefail
python - "$2" <<'PY'
import sys, numpy as np
from common_metrics import baseline, panels, report
out = sys.argv[1]
proto = {"crop": "nyu_eigen", "scaling": "none", "min_depth": 1e-3, "max_depth": 10.0,
         "averaging": "per_image", "flip": False}
path = out + "/%(name)s.json"
report.write_report(path, model="%(name)s", framework="numpy", dataset="nyu_depth_v2",
                    split="test", metrics={"abs_rel": %(abs_rel)s, "a1": 0.6}, num_samples=2,
                    protocol=proto)
baseline.write_baseline_report(path, {"abs_rel": 0.3, "a1": 0.4, "num_samples": 2},
                               predictor="mean depth")
d = np.linspace(1, 5, 12 * 16).reshape(12, 16)
panels.save_panel(out + "/%(name)s.png", np.zeros((12, 16, 3), np.uint8), d, d)
PY
exit %(rc)s
'''


def _exe(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o755)


def _tree(tmp_path, demos):
    """A repository copy: the real ci/ scripts, a no-op env.sh, stand-in projects."""
    root = str(tmp_path / "repo")
    os.makedirs(os.path.join(root, "ci"))
    for f in ("demo.sh", "projects.sh", "demo_summary.py", "reference_predictors.py"):
        shutil.copy(os.path.join(REPO, "ci", f), os.path.join(root, "ci", f))
    _exe(os.path.join(root, "ci", "env.sh"), "#!/bin/sh\nexit 0\n")
    shutil.copytree(os.path.join(REPO, "sample_data"), os.path.join(root, "sample_data"),
                    ignore=shutil.ignore_patterns("tests", "*.egg-info", "__pycache__"))
    wrapper = "#!/bin/sh\nexec %s \"$@\"\n" % sys.executable
    for env in ["base311"] + list(demos):
        _exe(os.path.join(root, ".venv", env, "bin", "python"), wrapper)
        with open(os.path.join(root, ".venv", env, "bin", "activate"), "w") as f:
            f.write('export PATH="%s:$PATH"\n' % os.path.join(root, ".venv", env, "bin"))
    for name, (abs_rel, rc) in demos.items():
        os.makedirs(os.path.join(root, name))
        open(os.path.join(root, name, "requirements.txt"), "w").close()
        _exe(os.path.join(root, name, "demo.sh"),
             FAKE_DEMO % {"name": name, "abs_rel": abs_rel, "rc": rc})
    return root


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    data = str(tmp_path_factory.mktemp("sample"))
    for fmt in ("nyu_depthnet", "kitti_raw"):
        subprocess.check_call([sys.executable, "-m", "sample_data", fmt, "--out",
                               os.path.join(data, fmt), "--num", "3", "--height", "48",
                               "--width", "160"], cwd=REPO, stdout=subprocess.DEVNULL)
    return data


def _demo(root, sample):
    # the stamp makes demo.sh take the pre-generated small sample data as up to date
    files = ["sample_data/pyproject.toml"] + sorted(
        os.path.relpath(os.path.join(d, f), root)
        for d, _, fs in os.walk(os.path.join(root, "sample_data", "sample_data"))
        for f in fs if f.endswith(".py"))
    stamp = subprocess.check_output("cat %s | sha256sum | cut -c1-12" % " ".join(files),
                                    shell=True, cwd=root, universal_newlines=True).strip()
    with open(os.path.join(sample, ".stamp"), "w") as f:
        f.write(stamp + "\n")
    env = dict(os.environ, DATA=sample, REPORTS=os.path.join(root, "reports"))
    p = subprocess.run(["bash", "ci/demo.sh"], cwd=root, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True, timeout=300)
    return p.returncode, p.stdout


def test_demo_runs_every_project_and_passes(tmp_path, sample):
    root = _tree(tmp_path, {"depthnet_mindspore": (0.2, 0), "monodepth2_paddle": (0.25, 0)})
    rc, out = _demo(root, sample)
    assert rc == 0, out
    assert "sample data in %s is up to date" % sample in out
    assert "[reference] oracle / nyu" in out
    for name in ("depthnet_mindspore", "monodepth2_paddle"):
        assert "[demo] %s: " % name in out and "[summary] %s | nyu_depth_v2" % name in out
    assert os.path.isfile(os.path.join(root, "reports", "summary.png"))
    assert "[demo] total" in out and "FAIL" not in out


def test_a_failing_demo_or_a_row_below_its_baseline_fails_make_demo(tmp_path, sample):
    root = _tree(tmp_path, {"depthnet_mindspore": (0.5, 0), "monodepth2_paddle": (0.2, 3)})
    rc, out = _demo(root, sample)
    assert rc == 1, out
    assert "monodepth2_paddle: " in out and "FAILED (exit 3)" in out   # the others still ran
    assert "depthnet_mindspore: abs_rel 0.5000 does not beat" in out
    assert "[demo] FAILED demos: monodepth2_paddle" in out
