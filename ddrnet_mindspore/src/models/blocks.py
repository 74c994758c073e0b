"""Residual blocks of DDRNet (BasicBlock, Bottleneck with expansion 2), stage builder, DropPath,
and the bilinear resize used by the bilateral fusion."""
import numpy as np
from mindspore import Tensor, nn, ops
from mindspore.ops import constexpr


def bilinear_matrix(n_in, n_out):
    """(n_out, n_in) weights of PyTorch's bilinear resize along one axis (align_corners=False)."""
    src = np.maximum((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0.0)
    lo = np.floor(src).astype(np.int64)
    hi = np.minimum(lo + 1, n_in - 1)
    frac = (src - lo).astype(np.float32)
    out = np.zeros((n_out, n_in), np.float32)
    np.add.at(out, (np.arange(n_out), lo), 1.0 - frac)
    np.add.at(out, (np.arange(n_out), hi), frac)
    return out


@constexpr
def _resize_matrices(h_in, w_in, h_out, w_out):
    return Tensor(bilinear_matrix(h_in, h_out)), Tensor(bilinear_matrix(w_in, w_out).T)


def resize_bilinear(x, size):
    """x (N, C, h, w) -> (N, C, *size), PyTorch F.interpolate(mode="bilinear") semantics.

    Written as two matmuls with constant matrices instead of ops.interpolate because MindSpore
    2.10's ONNX exporter has no ResizeBilinearV2 ("not support for exporting onnx").
    """
    rows, cols_t = _resize_matrices(x.shape[2], x.shape[3], size[0], size[1])
    return ops.matmul(ops.matmul(rows.astype(x.dtype), x), cols_t.astype(x.dtype))


def conv_bn(cin, cout, kernel, stride=1, relu=False, bias=False):
    """Conv (PyTorch padding kernel//2 on every side, also at stride 2) + BatchNorm [+ ReLU]."""
    cells = [nn.Conv2d(cin, cout, kernel, stride=stride, pad_mode="pad", padding=kernel // 2,
                       has_bias=bias),
             nn.BatchNorm2d(cout, momentum=0.9, eps=1e-5)]  # = PyTorch momentum 0.1
    if relu:
        cells.append(nn.ReLU())
    return cells


class DropPath(nn.Cell):
    """Stochastic depth: zeroes the residual branch of whole samples while training.

    MindSpore 2.10 has no per-sample DropPath layer (nn.Dropout masks elements), hence this one.
    """

    def __init__(self, rate):
        super().__init__()
        self.keep = 1.0 - float(rate)

    def construct(self, x):
        if not self.training or self.keep >= 1.0:
            return x
        mask = ops.floor(self.keep + ops.rand((x.shape[0], 1, 1, 1), dtype=x.dtype))
        return x * mask / self.keep


class BasicBlock(nn.Cell):
    """Two 3x3 conv-BN; the ReLU after the sum is left out on the last block of a stage."""
    expansion = 1

    def __init__(self, cin, planes, stride=1, downsample=None, no_relu=False, drop_path=0.0):
        super().__init__()
        self.conv1, self.bn1 = conv_bn(cin, planes, 3, stride)
        self.conv2, self.bn2 = conv_bn(planes, planes, 3)
        self.relu = nn.ReLU()
        self.downsample = downsample
        self.no_relu = no_relu
        self.drop_path = DropPath(drop_path)

    def construct(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = x if self.downsample is None else self.downsample(x)
        out = self.drop_path(out) + shortcut
        return out if self.no_relu else self.relu(out)


class Bottleneck(nn.Cell):
    """1x1 reduce, 3x3 (stride), 1x1 to planes*2."""
    expansion = 2

    def __init__(self, cin, planes, stride=1, downsample=None, no_relu=False, drop_path=0.0):
        super().__init__()
        self.conv1, self.bn1 = conv_bn(cin, planes, 1)
        self.conv2, self.bn2 = conv_bn(planes, planes, 3, stride)
        self.conv3, self.bn3 = conv_bn(planes, planes * self.expansion, 1)
        self.relu = nn.ReLU()
        self.downsample = downsample
        self.no_relu = no_relu
        self.drop_path = DropPath(drop_path)

    def construct(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        shortcut = x if self.downsample is None else self.downsample(x)
        out = self.drop_path(out) + shortcut
        return out if self.no_relu else self.relu(out)


def make_layer(block, cin, planes, blocks, stride=1, drop_path=0.0):
    """A stage of `blocks` blocks; 1x1 conv-BN shortcut when shape changes; last block no ReLU."""
    downsample = None
    if stride != 1 or cin != planes * block.expansion:
        downsample = nn.SequentialCell(conv_bn(cin, planes * block.expansion, 1, stride))
    layers = [block(cin, planes, stride, downsample, drop_path=drop_path)]
    for i in range(1, blocks):
        layers.append(block(planes * block.expansion, planes, no_relu=(i == blocks - 1),
                            drop_path=drop_path))
    return nn.SequentialCell(layers)
