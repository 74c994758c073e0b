"""Architecture facts of upstream src/net.py: parameter counts, shapes, biases, init."""
import numpy as np
import mindspore as ms

from src.net import CoarseNet, FineNet, count_params

# acceptance figures of the model-zoo DepthNet
COARSE_PARAMS = 21899723
FINE_PARAMS = 119309


def test_parameter_counts():
    assert count_params(CoarseNet()) == COARSE_PARAMS
    assert count_params(FineNet()) == FINE_PARAMS


def test_layer_shapes_and_biases():
    c, f = CoarseNet(), FineNet()
    shapes = {p.name: tuple(p.shape) for p in c.trainable_params()}
    assert shapes["conv2.weight"] == (128, 64, 5, 5)
    assert shapes["conv9.weight"] == (64, 192, 3, 3)
    assert shapes["fc13.weight"] == (4070, 4070)
    assert "conv5.bias" in shapes and "conv12.bias" in shapes  # CoarseNet convs have biases
    fine = {p.name: tuple(p.shape) for p in f.trainable_params()}
    assert fine == {"conv1.weight": (63, 3, 9, 9), "conv2.weight": (64, 64, 5, 5), "conv3.weight": (1, 64, 5, 5)}


def test_finenet_init_normal_001():
    np.random.seed(0)
    w = FineNet().conv2.weight.asnumpy()
    assert abs(w.mean()) < 1e-3 and abs(w.std() - 0.01) < 1e-3


def test_output_shapes_and_fine_uses_coarse():
    ms.set_context(mode=ms.PYNATIVE_MODE)
    c, f = CoarseNet(), FineNet()
    x = ms.Tensor(np.random.default_rng(0).random((2, 3, 228, 304), np.float32))
    y = c(x)
    assert y.shape == (2, 1, 55, 74)
    out1 = f(x, y).asnumpy()
    assert out1.shape == (2, 1, 55, 74)
    out2 = f(x, y + 1.0).asnumpy()
    assert not np.allclose(out1, out2)  # the coarse map is an input of FineNet
