"""The import-time settings, device resolution, config parsing and the one-line error guard."""
import os
import subprocess
import sys

import pytest

from mindspore_common import cli, config, runtime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _python(code, env_drop=("ONEDNN_MAX_CPU_ISA", "GLOG_v", "DEPTHZOO_VERBOSE"), **extra):
    env = {k: v for k, v in os.environ.items() if k not in env_drop}
    env.update(extra)
    env["PYTHONPATH"] = ROOT
    out = subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, universal_newlines=True, timeout=120)
    assert out.returncode == 0, out.stdout
    return out.stdout.strip().splitlines()[-1]


def test_import_sets_isa_cap_and_quiet_glog():
    code = "import mindspore_common, os; print(os.environ['ONEDNN_MAX_CPU_ISA'], os.environ['GLOG_v'])"
    assert _python(code) == "AVX2 3"


def test_user_values_are_kept():
    code = "import mindspore_common, os; print(os.environ['ONEDNN_MAX_CPU_ISA'], os.environ.get('GLOG_v'))"
    assert _python(code, ONEDNN_MAX_CPU_ISA="AVX512_CORE", DEPTHZOO_VERBOSE="1") == "AVX512_CORE None"


def test_resolve_device():
    assert runtime.resolve_device(None) in ("Ascend", "GPU", "CPU")
    assert runtime.resolve_device("cpu") == "CPU"
    with pytest.raises(ValueError, match="expected one of"):
        runtime.resolve_device("TPU")
    if runtime.resolve_device(None) == "CPU":
        with pytest.raises(ValueError, match="no Ascend backend"):
            runtime.resolve_device("Ascend")


def test_distributed_without_launcher_is_one_line(monkeypatch):
    for k in ("MS_ROLE", "RANK_TABLE_FILE", "MINDSPORE_HCCL_CONFIG_PATH"):
        monkeypatch.delenv(k, raising=False)
    with pytest.raises(ValueError, match="msrun"):
        runtime.setup_distributed()


DEFAULTS = {"lr": 0.1, "epochs": 3, "amp": False, "size": [384, 384], "name": "x", "path": None}


def test_config_yaml_then_flags(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("lr: 0.5\nepochs: 7\nsize: [64, 96]\n")
    args = config.parse_with_config(DEFAULTS, ["--config_path", str(cfg), "--epochs", "9",
                                               "--amp", "true", "--path", "/a"])
    assert (args.lr, args.epochs, args.amp, args.size, args.path) == (0.5, 9, True, [64, 96], "/a")
    args = config.parse_with_config(DEFAULTS, ["--size", "32,48"])
    assert args.size == [32, 48] and args.lr == 0.1


def test_config_unknown_keys_are_named(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("lr: 0.5\nlearning_rat: 1\n")
    with pytest.raises(ValueError, match="learning_rat"):
        config.parse_with_config(DEFAULTS, ["--config_path", str(cfg)])
    with pytest.raises(ValueError, match="--epoch_size"):
        config.parse_with_config(DEFAULTS, ["--epoch_size", "3"])
    with pytest.raises(ValueError, match="--amp"):
        config.parse_with_config(DEFAULTS, ["--amp", "maybe"])
    cfg.write_text("- a\n- b\n")
    with pytest.raises(ValueError, match="mapping"):
        config.load_yaml(str(cfg))


def test_main_guard_one_line(capsys):
    @cli.main_guard
    def main():
        raise FileNotFoundError("image not found: /x.jpg")

    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
    assert capsys.readouterr().err == "error: image not found: /x.jpg\n"


def test_dataset_worker_message_is_extracted():
    text = ("Exception thrown from user defined Python function in dataset.\n"
            "------\nTraceback ...\nValueError: cannot decode image /d/a.jpg (truncated)\n")
    assert cli.dataset_message(RuntimeError(text)) == "cannot decode image /d/a.jpg (truncated)"


def test_dataset_error_report_gives_the_users_line():
    text = ("Exception thrown from user defined Python function in dataset.\n"
            "DatasetError: Traceback (most recent call last):\n  File x, line 3\n"
            "ValueError: unreadable image /d/b.png (no IEND chunk)\n"
            "- Dataset Pipeline Error Message:\n[ERROR] Execute user Python code failed\n")
    assert cli.dataset_message(RuntimeError(text)) == "unreadable image /d/b.png (no IEND chunk)"
    assert cli.dataset_message(RuntimeError("CUDA out of memory")) is None


def test_real_worker_error_is_one_line(tmp_path):
    script = tmp_path / "bad_pipeline.py"
    script.write_text(
        "import mindspore_common\n"
        "import numpy as np, mindspore.dataset as ds\n"
        "from mindspore_common.cli import main_guard\n"
        "def bad(x):\n"
        "    raise ValueError('cannot decode image /d/a.jpg (truncated)')\n"
        "@main_guard\n"
        "def main():\n"
        "    d = ds.NumpySlicesDataset({'x': np.zeros((4, 2), np.float32)}, shuffle=False)\n"
        "    d = d.map(bad, input_columns=['x'], num_parallel_workers=2, python_multiprocessing=True)\n"
        "    for _ in d.create_tuple_iterator():\n"
        "        pass\n"
        "main()\n")
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, str(script)], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines()[-1] == "error: cannot decode image /d/a.jpg (truncated)"


def test_timed_skips_warmup_calls():
    from mindspore_common.timing import timed

    calls = []
    times = timed(lambda: calls.append(1), warmup=2, runs=3)
    assert len(calls) == 5 and times.shape == (3,) and (times >= 0).all()
