"""The oneDNN ISA cap on library import and in every entry point; shell scripts run as a user would."""
import ast
import os
import sys

import pytest

from conftest import PROJECT, run_py
from mindspore_common.testing import run_cmd

ENTRY_POINTS = ["train.py", "eval.py", "export.py", "preprocess.py", "infer.py", "infer_mindir.py",
                "postprocess.py", "bench.py"]


@pytest.mark.parametrize("script", ENTRY_POINTS)
def test_entry_point_imports_mindspore_common_first(script):
    tree = ast.parse(open(os.path.join(PROJECT, script)).read())
    imports = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            imports += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            imports.append(node.module)
    assert imports[0] == "mindspore_common", "%s must import mindspore_common first, imports: %s" % (script, imports[:4])


def test_importing_the_network_alone_caps_the_isa_before_mindspore(monkeypatch):
    """The README's library use: `from src.net import CoarseNet` (issue #14: 285x slower without the cap
    on AVX-512). -W error turns mindspore_common's "mindspore was imported first" warning into a failure."""
    monkeypatch.delenv("ONEDNN_MAX_CPU_ISA", raising=False)
    code = ("import os; from src.net import CoarseNet; "
            "print('ISA=' + os.environ.get('ONEDNN_MAX_CPU_ISA', '<unset>'))")
    out = run_py(["-W", "error::RuntimeWarning", "-c", code]).stdout
    assert "ISA=AVX2" in out


def test_a_users_isa_value_is_kept(monkeypatch):
    monkeypatch.setenv("ONEDNN_MAX_CPU_ISA", "AVX512_CORE")
    out = run_py(["-c", "import os, src.net; print('ISA=' + os.environ['ONEDNN_MAX_CPU_ISA'])"]).stdout
    assert "ISA=AVX512_CORE" in out


def test_standalone_ascend_script_propagates_the_training_exit_code(tiny_nyu):
    """On a machine without Ascend, training fails with one line; the script used to exit 0 regardless."""
    from mindspore_common.runtime import resolve_device
    if resolve_device() == "Ascend":
        pytest.skip("this machine has Ascend")
    proc = run_cmd(["bash", "run_standalone_train_ascend.sh", tiny_nyu, "0"], cwd=os.path.join(PROJECT, "scripts"),
                   env={"PYTHON": sys.executable}, timeout=300)
    assert proc.returncode == 2, proc.stdout
    assert "error: training failed (exit 2)" in proc.stdout
    assert "this MindSpore install/machine has no Ascend backend" in proc.stdout


def test_distributed_scripts_use_upstream_batch_of_4_per_device():
    common = open(os.path.join(PROJECT, "scripts", "common.sh")).read()
    assert "DISTRIBUTED_BATCH=4" in common
    for name in ("run_distributed_train.sh", "run_distributed_train_ascend.sh"):
        text = open(os.path.join(PROJECT, "scripts", name)).read()
        assert '--batch_size "$DISTRIBUTED_BATCH" "$@"' in text.replace("\\\n", " ").replace("  ", " ") or \
            '--batch_size "$DISTRIBUTED_BATCH"' in text, name


def test_standalone_script_honours_the_step_cap_from_the_environment(tiny_nyu, tmp_path):
    """`cd scripts && bash run_standalone_train.sh DATA CPU` as the README says, stopped by
    DEPTHZOO_MAX_STEPS=1 in each stage, still writes both final checkpoints."""
    from mindspore_common.checkpoint import read_meta
    model = str(tmp_path / "Model")
    proc = run_cmd(["bash", "run_standalone_train.sh", tiny_nyu, "CPU", "--batch_size", "2", "--train_url", model],
                   cwd=os.path.join(PROJECT, "scripts"),
                   env={"PYTHON": sys.executable, "DEPTHZOO_MAX_STEPS": "1"}, timeout=400)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert proc.stdout.count("stopping at step 1: step cap 1") == 2
    for name in ("FinalCoarseNet", "FinalFineNet"):
        assert read_meta(os.path.join(model, "Ckpt", name + ".ckpt"))["step"] == 1
