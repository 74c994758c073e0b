"""CoarseNet and FineNet of Eigen, Puhrsch and Fergus (2014), model-zoo layout.

Both networks take an RGB batch of shape (N, 3, 228, 304) with values in
[0, 1] and predict log-depth (metres) of shape (N, 1, 55, 74).
"""
import numpy as np
import mindspore as ms
from mindspore import nn, ops

INPUT_HW = (228, 304)
OUTPUT_HW = (55, 74)


def _conv(cin, cout, k, **kw):
    kw.setdefault("pad_mode", "same")
    return nn.Conv2d(cin, cout, kernel_size=k, has_bias=True, **kw)


class CoarseNet(nn.Cell):
    """Global scale network: conv encoder, small decoder with skips, full 4070x4070 layer."""

    def __init__(self):
        super().__init__()
        self.conv1 = _conv(3, 64, 7)
        # Explicit Pad ops instead of the convolutions' own asymmetric padding: MindSpore's ONNX
        # exporter writes Conv pads in MindSpore's (top, bottom, left, right) order where ONNX
        # wants (top, left, bottom, right), so CoarseNet's ONNX file had a 37-column map and
        # failed in onnxruntime. Pad + unpadded conv computes the same and exports correctly.
        self.pad2 = ops.Pad(((0, 0), (0, 0), (1, 1), (2, 2)))  # rows 1+1, columns 2+2
        self.conv2 = _conv(64, 128, 5, pad_mode="valid")
        self.conv3 = _conv(128, 256, 3)
        self.conv4 = _conv(256, 512, 3)
        self.conv5 = _conv(512, 512, 3)  # applied three times with shared weights
        self.deconv6 = nn.Conv2dTranspose(512, 256, kernel_size=2, stride=2, pad_mode="pad", has_bias=True)
        self.conv7 = _conv(512, 128, 3)
        self.deconv8 = nn.Conv2dTranspose(128, 64, kernel_size=2, stride=2, pad_mode="pad", has_bias=True)
        self.pad9 = ops.Pad(((0, 0), (0, 0), (1, 0), (0, 0)))  # one row on top
        self.conv9 = _conv(192, 64, 3, pad_mode="valid")
        self.conv10 = _conv(64, 32, 3)
        self.conv11 = _conv(32, 16, 3)
        self.conv12 = _conv(16, 1, 3)
        size = OUTPUT_HW[0] * OUTPUT_HW[1]
        self.fc13 = nn.Dense(size, size)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.flatten = nn.Flatten()

    def construct(self, x):
        x1 = self.pool(self.relu(self.conv1(x)))
        x2 = self.pool(self.relu(self.conv2(self.pad2(x1))))
        x3 = self.pool(self.relu(self.conv3(x2)))
        x5 = self.pool(self.relu(self.conv4(x3)))
        x5 = self.relu(self.conv5(x5))
        x5 = self.relu(self.conv5(x5))
        x5 = self.relu(self.conv5(x5))
        x6 = self.relu(self.deconv6(x5))
        x7 = self.relu(self.conv7(ops.concat((x3, x6), 1)))
        x8 = self.relu(self.deconv8(x7))
        x9 = self.relu(self.conv9(self.pad9(ops.concat((x2, x8), 1))))
        x12 = self.conv12(self.conv11(self.conv10(x9)))
        x13 = self.fc13(self.flatten(x12))
        return ops.reshape(x13, (-1, 1, OUTPUT_HW[0], OUTPUT_HW[1]))


class FineNet(nn.Cell):
    """Local refinement: RGB features at 55x74 concatenated with the coarse log-depth."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 63, kernel_size=9, stride=2, pad_mode="pad", padding=0)
        self.conv2 = nn.Conv2d(64, 64, kernel_size=5, pad_mode="pad", padding=2)
        self.conv3 = nn.Conv2d(64, 1, kernel_size=5, pad_mode="pad", padding=2)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.relu = nn.ReLU()
        self._init_normal(0.01)

    def _init_normal(self, std):
        for _, cell in self.cells_and_names():
            if isinstance(cell, nn.Conv2d):
                w = np.random.normal(0.0, std, cell.weight.shape).astype(np.float32)
                cell.weight.set_data(ms.Tensor(w))

    def construct(self, x, coarse):
        x = self.pool(self.relu(self.conv1(x)))
        x = self.relu(self.conv2(ops.concat((x, coarse), 1)))
        return self.conv3(x)


def count_params(net):
    """Number of trainable scalars in ``net``."""
    return int(sum(int(np.prod(p.shape)) for p in net.trainable_params()))
