"""midas_export.py (MindIR reload and ONNX in onnxruntime give the checkpoint's output; AIR
without Ascend is one line) and midas_run.py (every image -> PFM/PNG16/colour at its own size)."""
import os
import sys

import cv2
import numpy as np
import mindspore as ms
import pytest

from common_metrics import io as depth_io
from mindspore_common.checkpoint import meta_dict, save_atomic
from mindspore_common.testing import run_cmd
from src.config import get_config
from src.inference import predict
from src.midas_net import MidasNet

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARCH = dict(features=16, layers=[1, 1, 1, 1], width_per_group=2, groups=32, in_channels=64)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A small network saved as a training checkpoint that records its architecture."""
    ms.set_seed(4)
    net = MidasNet(**dict(ARCH, layers=tuple(ARCH["layers"])))
    for p in net.get_parameters():  # non-trivial BN statistics and a positive head
        if "moving_variance" in p.name or "gamma" in p.name:
            p.set_data(ms.Tensor(np.random.RandomState(0).uniform(0.5, 1.5, p.shape).astype(np.float32)))
    net.scratch.output_conv[4].bias.set_data(ms.Tensor(np.full((1,), 0.3, np.float32)))
    path = str(tmp_path_factory.mktemp("w") / "Midas_0-1_1.ckpt")
    save_atomic(net, path, append_dict=meta_dict(ARCH, 1, 1))
    net.set_train(False)
    return net, path


def flags(path, out):
    return ["--model_weights", path, "--output_path", str(out), "--device_target", "CPU"]


def test_mindir_and_onnx_reproduce_the_checkpoint(trained, tmp_path):
    net, path = trained
    x = np.random.RandomState(1).rand(1, 3, 64, 96).astype(np.float32)
    want = net(ms.Tensor(x)).asnumpy()
    assert want.max() > 0
    for fmt in ("MINDIR", "ONNX"):
        res = run_cmd([sys.executable, "midas_export.py", "--file_format", fmt, "--img_height", "64",
                       "--img_width", "96"] + flags(path, tmp_path), cwd=PROJECT, timeout=240)
        assert res.returncode == 0, res.stdout[-2000:]
    graph = ms.nn.GraphCell(ms.load(str(tmp_path / "midas_64x96.mindir")))
    got = graph(ms.Tensor(x)).asnumpy()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * np.abs(want).max())
    ort = pytest.importorskip("onnxruntime")
    sess = ort.InferenceSession(str(tmp_path / "midas_64x96.onnx"), providers=["CPUExecutionProvider"])
    got = sess.run(None, {sess.get_inputs()[0].name: x})[0]
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4 * np.abs(want).max())


def test_air_without_ascend_and_bad_sizes_are_one_line(trained, tmp_path):
    _, path = trained
    res = run_cmd([sys.executable, "midas_export.py", "--file_format", "AIR"] + flags(path, tmp_path),
                  cwd=PROJECT, timeout=120)
    assert res.returncode == 2 and "Traceback" not in res.stdout
    assert "error: --file_format AIR needs an Ascend device" in res.stdout
    res = run_cmd([sys.executable, "midas_export.py", "--img_height", "100"] + flags(path, tmp_path),
                  cwd=PROJECT, timeout=120)
    assert res.returncode == 2 and "error: --img_height 100" in res.stdout


def test_run_writes_every_image_at_its_own_size(trained, tmp_path):
    net, path = trained
    src = tmp_path / "in"
    src.mkdir()
    rng = np.random.RandomState(2)
    cv2.imwrite(str(src / "gray.png"), rng.randint(0, 255, (50, 70), np.uint8))
    cv2.imwrite(str(src / "rgba.png"), rng.randint(0, 255, (61, 45, 4), np.uint8))
    cv2.imwrite(str(src / "photo.jpg"), rng.randint(0, 255, (97, 131, 3), np.uint8))
    (src / "notes.txt").write_text("not an image")
    out = tmp_path / "out"
    res = run_cmd([sys.executable, "midas_run.py", "--input_path", str(src)] + flags(path, out),
                  cwd=PROJECT, timeout=240)
    assert res.returncode == 0, res.stdout[-2000:]
    assert "wrote 3 depth map(s)" in res.stdout
    assert len(list(out.glob("*.pfm"))) == 3
    cfg = get_config([])
    from src.util import read_image
    for name, shape in (("gray", (50, 70)), ("rgba", (61, 45)), ("photo", (97, 131))):
        pfm, _ = depth_io.read_pfm(str(out / (name + ".pfm")))
        assert pfm.shape == shape
        png = depth_io.read_png(str(out / (name + ".png")))
        assert png.dtype == np.uint16 and png.shape == shape
        assert png.max() == (65535 if pfm.max() > pfm.min() else 0)  # min..max -> 0..65535
        assert depth_io.read_png(str(out / (name + "_color.png"))).shape == shape + (3,)
        ext = ".jpg" if name == "photo" else ".png"
        want = predict(net, cfg, read_image(str(src / (name + ext))))
        np.testing.assert_allclose(pfm, want, rtol=1e-4, atol=1e-4 * np.abs(want).max())


def test_run_without_weights_or_input_is_one_line(tmp_path):
    res = run_cmd([sys.executable, "midas_run.py", "--input_path", str(tmp_path / "none"),
                   "--device_target", "CPU"], cwd=PROJECT, timeout=120)
    assert res.returncode == 2 and "input_path" in res.stdout and "Traceback" not in res.stdout
    res = run_cmd([sys.executable, "midas_run.py", "--input_path", str(tmp_path),
                   "--device_target", "CPU"], cwd=PROJECT, timeout=120)
    assert res.returncode == 2 and "no .jpg/.png images" in res.stdout
