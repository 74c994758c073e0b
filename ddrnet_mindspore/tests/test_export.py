"""export.py as a user runs it: MINDIR round trip, ONNX in onnxruntime, AIR/bad input errors."""
import sys

import numpy as np
import pytest
import mindspore as ms

from conftest import PROJECT, rel_err
from mindspore_common.checkpoint import save_atomic
from mindspore_common.testing import run_cmd
from src.models import get_model
from src.models.blocks import bilinear_matrix, resize_bilinear

SIZE = (96, 112)  # not square: the fusion resize follows the tensors, not image_size


@pytest.fixture(scope="module")
def slim_ckpt(tmp_path_factory):
    ms.set_seed(5)
    net = get_model("DDRNet23slim", 5)
    path = str(tmp_path_factory.mktemp("export") / "slim5.ckpt")
    save_atomic(net, path)
    net.set_train(False)
    x = np.random.RandomState(0).rand(2, 3, *SIZE).astype(np.float32)
    return path, x, net(ms.Tensor(x)).asnumpy()


def export(ckpt, fmt, out, extra=()):
    return run_cmd([sys.executable, "export.py", "--arch", "DDRNet23slim", "--num_classes", "5",
                    "--pretrained", ckpt, "--device_target", "CPU", "--file_format", fmt,
                    "--file_name", out, "--export_batch", "2", "--export_size", "%d,%d" % SIZE]
                   + list(extra), cwd=PROJECT, timeout=300)


def test_mindir_round_trip_gives_the_same_logits(slim_ckpt, tmp_path):
    ckpt, x, want = slim_ckpt
    proc = export(ckpt, "MINDIR", str(tmp_path / "slim"))
    assert proc.returncode == 0, proc.stdout[-2000:]
    graph = ms.nn.GraphCell(ms.load(str(tmp_path / "slim.mindir")))
    assert rel_err(graph(ms.Tensor(x)).asnumpy(), want) <= 1e-5


def test_onnx_runs_in_onnxruntime_with_the_same_logits(slim_ckpt, tmp_path):
    import onnxruntime as ort
    ckpt, x, want = slim_ckpt
    proc = export(ckpt, "ONNX", str(tmp_path / "slim"))
    assert proc.returncode == 0, proc.stdout[-2000:]
    sess = ort.InferenceSession(str(tmp_path / "slim.onnx"), providers=["CPUExecutionProvider"])
    assert list(sess.get_inputs()[0].shape) == [2, 3, *SIZE]
    got = sess.run(None, {sess.get_inputs()[0].name: x})[0]
    assert rel_err(got, want) <= 1e-5


def test_air_without_ascend_is_one_clear_line(slim_ckpt, tmp_path):
    proc = export(slim_ckpt[0], "AIR", str(tmp_path / "slim"))
    assert proc.returncode == 2
    assert proc.stdout.strip().splitlines()[-1].startswith("error: --file_format AIR needs an Ascend")
    assert "Traceback" not in proc.stdout


def test_checkpoint_of_another_arch_names_file_and_parameter(slim_ckpt, tmp_path):
    ckpt = slim_ckpt[0]
    proc = run_cmd([sys.executable, "export.py", "--arch", "DDRNet23", "--num_classes", "5",
                    "--pretrained", ckpt, "--device_target", "CPU", "--file_name",
                    str(tmp_path / "x")], cwd=PROJECT, timeout=300)
    assert proc.returncode == 2
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("error: ") and ckpt in last and "conv1.0.weight" in last


@pytest.mark.parametrize("n_in,n_out", [(7, 14), (14, 7), (5, 9), (28, 28)])
def test_resize_matches_torch_bilinear(n_in, n_out):
    import torch
    x = np.random.RandomState(n_in).rand(1, 2, n_in, n_in + 1).astype(np.float32)
    want = torch.nn.functional.interpolate(torch.from_numpy(x), size=(n_out, n_out + 2),
                                           mode="bilinear", align_corners=False).numpy()
    got = resize_bilinear(ms.Tensor(x), (n_out, n_out + 2)).asnumpy()
    np.testing.assert_allclose(got, want, atol=1e-5)
    np.testing.assert_allclose(bilinear_matrix(n_in, n_out).sum(1), 1.0, atol=1e-6)
