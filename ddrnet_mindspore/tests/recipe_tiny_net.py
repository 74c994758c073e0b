"""A stand-in classifier for recipe tests: conv (with bias) + BatchNorm + ReLU + pool + linear.

It has every parameter kind whose handling the recipe distinguishes (conv weight, bias,
BatchNorm gamma/beta, linear weight) and trains in a fraction of a second per step.
"""
from mindspore import nn, ops


class TinyNet(nn.Cell):
    def __init__(self, num_classes=5, width=4):
        super().__init__()
        self.conv = nn.Conv2d(3, width, 3, stride=2, pad_mode="pad", padding=1, has_bias=True)
        self.bn = nn.BatchNorm2d(width)
        self.relu = nn.ReLU()
        self.fc = nn.Dense(width, num_classes)

    def construct(self, x):
        x = self.relu(self.bn(self.conv(x)))
        return self.fc(ops.mean(x, (2, 3)))


def tiny_model(args):
    """Drop-in for src.tools.get_misc.get_model."""
    return TinyNet(args.num_classes)
