"""Shared fixtures: the project root on sys.path, tiny datasets, subprocess runner."""
import os
import sys

import pytest

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.dirname(os.path.abspath(__file__))
for p in (PROJECT, TESTS):
    if p not in sys.path:
        sys.path.insert(0, p)

import mindspore_common  # noqa: E402,F401  (before mindspore, as in the entry points)
from mindspore_common.testing import run_cmd  # noqa: E402
import synthetic_nyu  # noqa: E402


def run_py(args, timeout=300, env=None, cwd=PROJECT, check=True):
    """Run ``python <args>`` in ``cwd`` as a user would; return CompletedProcess (stdout+stderr text)."""
    proc = run_cmd([sys.executable] + list(args), cwd=cwd, env=env, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError("python %s failed (%d):\n%s" % (" ".join(args), proc.returncode, proc.stdout[-4000:]))
    return proc


@pytest.fixture(scope="session")
def tiny_nyu(tmp_path_factory):
    """8 training + 4 test images, 480x640, written with cv2 (known depths)."""
    return synthetic_nyu.write_nyu(str(tmp_path_factory.mktemp("tiny_nyu")), n_train=8, n_test=4)


def call_main(module, argv):
    """Run ``<module>.main(argv)`` in-process with stdout captured; return (result, output text)."""
    import contextlib
    import importlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        result = importlib.import_module(module).main(argv)
    return result, buf.getvalue()


# training budget of the end-to-end fixture (sample_data scenes: 24 images, batch 2, 12 steps per epoch)
COARSE_STEPS = 36
FINE_STEPS = 30  # fewer FineNet steps leave the fine output worse than CoarseNet's
FINE_FIRST_RUN = 12  # the fine stage stops here (an epoch end) and a --resume 1 run finishes it


@pytest.fixture(scope="session")
def sample_nyu(tmp_path_factory):
    """NYU DepthNet layout rendered by sample_data: 24 training and 3 test images, 480x640."""
    from sample_data.api import write_dataset

    out = str(tmp_path_factory.mktemp("sample") / "nyu_depthnet")
    return write_dataset("nyu_depthnet", out, num=24, seed=0)


@pytest.fixture(scope="session")
def trained(sample_nyu, tmp_path_factory):
    """Coarse then fine training on sample data; the fine stage is split in two runs joined by --resume."""
    model = str(tmp_path_factory.mktemp("model"))
    common = ["--data_url", sample_nyu, "--train_url", model, "--batch_size", "2", "--log_every", "1",
              "--learning_rate_max", "3e-4", "--learning_rate_min", "1e-3", "--device_target", "CPU",
              "--num_parallel_works", "2"]
    logs = {}
    _, logs["coarse"] = call_main("train", common + ["--stage", "coarse", "--coarse_net_train_step", str(COARSE_STEPS),
                                                     "--save_checkpoint_steps", "0"])
    _, logs["fine_a"] = call_main("train", common + ["--stage", "fine", "--fine_net_train_step", str(FINE_FIRST_RUN),
                                                     "--save_checkpoint_steps", "6"])
    _, logs["fine_b"] = call_main("train", common + ["--stage", "fine", "--fine_net_train_step", str(FINE_STEPS),
                                                     "--save_checkpoint_steps", "6", "--resume", "1"])
    ckpt = os.path.join(model, "Ckpt")
    return {"dir": model, "ckpt": ckpt, "logs": logs, "data": sample_nyu,
            "coarse": os.path.join(ckpt, "FinalCoarseNet.ckpt"), "fine": os.path.join(ckpt, "FinalFineNet.ckpt")}
