"""MidasNet structure: upstream parameter count and names, one full-size forward, split == grouped."""
import numpy as np
import mindspore as ms

from src.midas_net import MidasNet

SMALL = dict(features=16, layers=(1, 1, 1, 1), groups=32, width_per_group=2)


def n_params(cell):
    return sum(int(np.prod(p.shape)) for p in cell.trainable_params())


def test_full_network_has_upstream_parameter_count_and_runs():
    net = MidasNet()
    # isl-org/MiDaS v2.1 MidasNet: 105,362,945 parameters, 1,180,160 of them in the unused
    # scratch.refinenet4.resConfUnit1 (built by upstream, kept so checkpoints load strictly)
    assert n_params(net) == 105362945
    assert n_params(net.scratch.refinenet4.resConfUnit1) == 1180160
    names = {p.name for p in net.get_parameters()}
    for name in ("pretrained.layer1.0.weight", "pretrained.layer1.1.moving_variance",
                 "pretrained.layer1.4.0.conv2.weight", "pretrained.layer3.22.conv3.weight",
                 "pretrained.layer3.0.downsample.1.gamma",
                 "scratch.layer4_rn.weight", "scratch.refinenet1.resConfUnit2.conv2.bias",
                 "scratch.output_conv.4.bias"):
        assert name in names, name
    assert "scratch.layer1_rn.bias" not in names  # scratch convs have no bias upstream
    net.set_train(False)
    out = net(ms.Tensor(np.random.RandomState(0).rand(1, 3, 64, 96).astype(np.float32))).asnumpy()
    assert out.shape == (1, 64, 96)
    assert np.isfinite(out).all() and out.min() >= 0  # final ReLU


def test_split_convolution_and_matmul_resize_compute_the_same():
    x = ms.Tensor(np.random.RandomState(1).rand(1, 3, 64, 64).astype(np.float32))
    grouped = MidasNet(**SMALL)
    split = MidasNet(split_groups=True, matmul_resize=True, **SMALL)
    assert [p.name for p in grouped.get_parameters()] == [p.name for p in split.get_parameters()]
    ms.load_param_into_net(split, {p.name: p for p in grouped.get_parameters()}, strict_load=True)
    grouped.set_train(False)
    split.set_train(False)
    a, b = grouped(x).asnumpy(), split(x).asnumpy()
    assert np.abs(a).max() > 0
    np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-5 * np.abs(a).max())
