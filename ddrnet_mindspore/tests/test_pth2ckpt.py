"""pth2ckpt: logits parity with an independent PyTorch DDRNet, key formats, bad files."""
import os
import sys

import numpy as np
import pytest
import mindspore as ms
import torch

from conftest import PROJECT, rel_err
from mindspore_common.checkpoint import load_into
from mindspore_common.testing import run_cmd
from src.models import get_model
from src.tools.pth2ckpt import convert, read_state_dict
from torch_ddrnet import randomized


def logits_ms(arch, ckpt, x, classes=1000):
    net = get_model(arch, classes)
    load_into(net, ckpt)
    net.set_train(False)
    return net(ms.Tensor(x)).asnumpy()


@pytest.mark.parametrize("arch", ["DDRNet23", "DDRNet23slim"])
def test_converted_weights_give_the_same_logits(arch, tmp_path):
    ref = randomized(arch, seed=1)
    pth, ckpt = str(tmp_path / "w.pth"), str(tmp_path / "w.ckpt")
    torch.save(ref.state_dict(), pth)
    assert convert(pth, ckpt) == arch  # detected from the shapes
    x = np.random.RandomState(2).rand(2, 3, 64, 64).astype(np.float32)
    with torch.no_grad():
        want = ref(torch.from_numpy(x)).numpy()
    assert rel_err(logits_ms(arch, ckpt, x), want) <= 1e-4


def test_state_dict_wrappers_and_module_prefix_read_the_same(tmp_path):
    state = randomized("DDRNet23slim", classes=5).state_dict()
    flat = read_state_dict(_save(tmp_path / "a.pth", state))
    wrapped = read_state_dict(_save(tmp_path / "b.pth", {"state_dict": state, "epoch": 3}))
    prefixed = read_state_dict(_save(tmp_path / "c.pth", {"module." + k: v for k, v in state.items()}))
    assert sorted(flat) == sorted(wrapped) == sorted(prefixed)
    assert not any("num_batches_tracked" in k for k in flat)
    for k in flat:
        assert np.array_equal(flat[k], prefixed[k])


def test_batchnorm_statistics_are_mapped(tmp_path):
    ref = randomized("DDRNet23slim", classes=5)
    ckpt = str(tmp_path / "w.ckpt")
    convert(_save(tmp_path / "w.pth", ref.state_dict()), ckpt)
    params = ms.load_checkpoint(ckpt)
    np.testing.assert_array_equal(params["layer2.0.bn1.moving_variance"].asnumpy(),
                                  ref.layer2[0].bn1.running_var.numpy())
    np.testing.assert_array_equal(params["conv1.1.gamma"].asnumpy(), ref.conv1[1].weight.detach().numpy())
    np.testing.assert_array_equal(params["conv1.0.bias"].asnumpy(), ref.conv1[0].bias.detach().numpy())


def test_mismatched_arch_names_the_parameter(tmp_path):
    pth = _save(tmp_path / "w.pth", randomized("DDRNet23slim", classes=5).state_dict())
    with pytest.raises(ValueError, match="conv1.0.weight"):
        convert(pth, str(tmp_path / "w.ckpt"), arch="DDRNet23")


def _save(path, obj):
    torch.save(obj, str(path))
    return str(path)


def test_cli_bad_file_is_one_line(tmp_path):
    bad = tmp_path / "broken.pth"
    bad.write_bytes(b"PK\x03\x04 truncated")
    proc = run_cmd([sys.executable, "src/tools/pth2ckpt.py", "--pth", str(bad), "--ckpt",
                    str(tmp_path / "o.ckpt")], cwd=PROJECT, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout.strip().splitlines()[-1].startswith("error: --pth %s" % bad)
    assert "Traceback" not in proc.stdout
    assert not os.path.exists(str(tmp_path / "o.ckpt"))
