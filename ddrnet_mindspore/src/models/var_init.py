"""Weight initialisation of ydhongHIT/DDRNet: Kaiming-normal (fan_out, ReLU) convolutions.

BatchNorm (gamma 1, beta 0), Dense and conv biases keep MindSpore 2.x defaults, which are
PyTorch's (HeUniform(sqrt(5)) weight, U(+-1/sqrt(fan_in)) bias), so nothing else is set here.
"""
from mindspore import nn
from mindspore.common.initializer import HeNormal, initializer


def init_weights(net):
    """Re-initialise every Conv2d weight of `net` in place as upstream's DualResNet.__init__."""
    for _, cell in net.cells_and_names():
        if isinstance(cell, nn.Conv2d):
            cell.weight.set_data(initializer(HeNormal(mode="fan_out", nonlinearity="relu"),
                                             cell.weight.shape, cell.weight.dtype))
    return net
