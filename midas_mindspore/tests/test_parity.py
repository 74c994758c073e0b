"""PyTorch -> MindSpore: pth2ckpt by name, then the same outputs (also before the final ReLU)."""
import os
import sys

import numpy as np
import pytest
import mindspore as ms

torch = pytest.importorskip("torch")

from mindspore_common.testing import run_cmd  # noqa: E402
from src.midas_net import MidasNet  # noqa: E402
from src.utils import pth2ckpt  # noqa: E402
from tests.torch_midas_reference import TorchMidasNet, randomize  # noqa: E402

ARCH = dict(features=32, layers=(1, 2, 1, 1), groups=32, width_per_group=2)
PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def convert(tmp_path, state, name):
    src, dst = tmp_path / (name + ".pt"), tmp_path / (name + ".ckpt")
    torch.save(state, str(src))
    res = run_cmd([sys.executable, "src/utils/pth2ckpt.py", "--src", str(src),
                   "--dst", str(dst)], cwd=PROJECT, timeout=120)
    assert res.returncode == 0, res.stdout
    return dst, res.stdout


def ms_net(ckpt, non_negative):
    net = MidasNet(non_negative=non_negative, **ARCH)
    params = ms.load_checkpoint(str(ckpt))
    assert set(params) == {p.name for p in net.get_parameters()}  # every name, nothing extra
    ms.load_param_into_net(net, params, strict_load=True)
    net.set_train(False)
    return net


def rel_err(a, b):
    return np.abs(a - b).max() / np.abs(b).max()


def test_converted_full_checkpoint_matches_pytorch(tmp_path):
    ref = randomize(TorchMidasNet(non_negative=False, **ARCH), seed=3)
    x = np.random.RandomState(0).rand(2, 3, 64, 64).astype(np.float32)
    with torch.no_grad():
        pre_relu = ref(torch.from_numpy(x)).numpy()
    expected = np.maximum(pre_relu, 0)         # upstream's non_negative head = ReLU on top
    assert (expected > 0).mean() > 0.5 and (pre_relu < 0).any()
    # upstream base_model.py stores {"model": state_dict, "optimizer": ...}; the head's ReLU
    # has no parameters, so one file serves both heads
    ckpt, log = convert(tmp_path, {"model": ref.state_dict(), "optimizer": {}}, "midas")
    assert "full MiDaS v2.1" in log
    for non_negative, want in ((False, pre_relu), (True, expected)):
        got = ms_net(ckpt, non_negative)(ms.Tensor(x)).asnumpy()
        assert got.shape == want.shape == (2, 64, 64)
        assert rel_err(got, want) <= 1e-4, non_negative


def test_backbone_checkpoint_maps_torchvision_names(tmp_path):
    ref = randomize(TorchMidasNet(**ARCH), seed=5)
    sd = ref.state_dict()
    # the torchvision/WSL layout: conv1, bn1, layer1..4 at the top, plus the classifier fc
    tv = {}
    for k, v in sd.items():
        if k.startswith("pretrained.layer1.0."):
            tv["conv1." + k[len("pretrained.layer1.0."):]] = v
        elif k.startswith("pretrained.layer1.1."):
            tv["bn1." + k[len("pretrained.layer1.1."):]] = v
        elif k.startswith("pretrained.layer1.4."):
            tv["layer1." + k[len("pretrained.layer1.4."):]] = v
        elif k.startswith("pretrained."):
            tv[k[len("pretrained."):]] = v
    tv["fc.weight"], tv["fc.bias"] = torch.zeros(1000, 2048), torch.zeros(1000)
    pairs, kind = pth2ckpt.convert({k: v.numpy() for k, v in tv.items()})
    assert kind == "backbone"
    pth2ckpt.save(pairs, str(tmp_path / "wsl.ckpt"))
    params = ms.load_checkpoint(str(tmp_path / "wsl.ckpt"))
    assert all(n.startswith("pretrained.") for n in params) and "fc.weight" not in params
    net = MidasNet(**ARCH)
    np.testing.assert_array_equal(params["pretrained.layer1.4.0.bn2.moving_variance"].asnumpy(),
                                  sd["pretrained.layer1.4.0.bn2.running_var"].numpy())
    ms.load_param_into_net(net, params, strict_load=False)
    net.set_train(False)
    x = np.random.RandomState(2).rand(1, 3, 64, 64).astype(np.float32)
    with torch.no_grad():
        want = ref.pretrained.layer4(ref.pretrained.layer3(ref.pretrained.layer2(
            ref.pretrained.layer1(torch.from_numpy(x))))).numpy()
    got = net.pretrained(ms.Tensor(x))[3].asnumpy()
    assert rel_err(got, want) <= 1e-4


def test_bad_source_files_are_one_line_errors(tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a torch file")
    res = run_cmd([sys.executable, "src/utils/pth2ckpt.py", "--src", str(bad),
                   "--dst", str(tmp_path / "x.ckpt")], cwd=PROJECT, timeout=120)
    assert res.returncode == 2 and "bad.pt" in res.stdout and "Traceback" not in res.stdout
    with pytest.raises(ValueError, match="encoder.weight"):
        pth2ckpt.convert({"encoder.weight": np.zeros(2)})
    with pytest.raises(ValueError, match="pretrained.layer1.1.momentum"):
        pth2ckpt.convert({"pretrained.layer1.1.running_mean": np.zeros(2),
                          "pretrained.layer1.1.momentum": np.zeros(1)})
