"""ONEDNN_MAX_CPU_ISA must be set before mindspore is imported, in every entry point."""
import ast
import os

import pytest

from conftest import PROJECT, run_py

ENTRY_POINTS = ["train.py", "eval.py", "export.py", "preprocess.py", "infer.py", "infer_mindir.py"]

PROBE = ("import os, sys; sys.path.insert(0, %r); import {mod}; import mindspore; "
         "print('ISA=' + os.environ.get('ONEDNN_MAX_CPU_ISA', '<unset>'))" % PROJECT)


def _env_without_isa():
    env = dict(os.environ)
    env.pop("ONEDNN_MAX_CPU_ISA", None)
    return env


@pytest.mark.parametrize("script", ENTRY_POINTS)
def test_entry_point_imports_cpu_isa_before_mindspore(script):
    tree = ast.parse(open(os.path.join(PROJECT, script)).read())
    imports = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            imports += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            imports.append(node.module)
    assert imports[0] == "src.cpu_isa", "%s must import src.cpu_isa first, imports: %s" % (script, imports[:4])


def test_isa_set_inside_entry_point_process(monkeypatch):
    """Importing train.py (as msrun workers do) puts AVX2 in the process environment."""
    monkeypatch.delenv("ONEDNN_MAX_CPU_ISA", raising=False)
    out = run_py(["-c", PROBE.format(mod="train")]).stdout
    assert "ISA=AVX2" in out


def test_user_value_is_kept(monkeypatch):
    monkeypatch.setenv("ONEDNN_MAX_CPU_ISA", "AVX512_CORE")
    out = run_py(["-c", PROBE.format(mod="src.cpu_isa")]).stdout
    assert "ISA=AVX512_CORE" in out


def test_warns_when_mindspore_came_first(monkeypatch):
    monkeypatch.delenv("ONEDNN_MAX_CPU_ISA", raising=False)
    code = "import sys; sys.path.insert(0, %r); import mindspore; import src.cpu_isa" % PROJECT
    out = run_py(["-W", "always", "-c", code]).stdout
    assert "imported before src.cpu_isa" in out
