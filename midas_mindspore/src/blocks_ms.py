"""MiDaS v2.1 building blocks: ResNeXt encoder, ResidualConvUnit, FeatureFusionBlock, resizes.

Parameter names follow isl-org/MiDaS (``pretrained.layer1.0`` = stem conv, ``scratch.refinenet4
.resConfUnit1.conv1`` ...) so official checkpoints map by name (src/utils/pth2ckpt.py).
"""
import numpy as np
import mindspore.nn as nn
import mindspore.ops as ops
from mindspore import Parameter, Tensor
from mindspore.common.initializer import HeNormal, initializer


def conv3x3(cin, cout, stride=1, group=1, has_bias=False):
    """3x3 convolution with PyTorch's symmetric padding of 1."""
    return nn.Conv2d(cin, cout, 3, stride=stride, pad_mode="pad", padding=1, group=group,
                     has_bias=has_bias, weight_init=HeNormal(mode="fan_out", nonlinearity="relu"))


def conv1x1(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 1, stride=stride, has_bias=False,
                     weight_init=HeNormal(mode="fan_out", nonlinearity="relu"))


def batch_norm(channels):
    # PyTorch's BatchNorm2d defaults (eps 1e-5, running stats momentum 0.1).
    return nn.BatchNorm2d(channels, eps=1e-5, momentum=0.9)


class SplitGroupedConv3x3(nn.Cell):
    """Grouped 3x3 convolution computed as ``group`` dense convolutions on channel slices.

    For backends whose grouped convolution is missing or slow. The weight is one parameter of the
    grouped shape (cout, cin/group, 3, 3), named ``weight`` like nn.Conv2d's, so checkpoints are
    interchangeable with the grouped form.
    """

    def __init__(self, cin, cout, stride, group):
        super().__init__()
        self.group = group
        self.stride = stride
        self.weight = Parameter(initializer(HeNormal(mode="fan_out", nonlinearity="relu"),
                                            (cout, cin // group, 3, 3)), name="weight")

    def construct(self, x):
        xs = ops.split(x, x.shape[1] // self.group, axis=1)
        ws = ops.split(self.weight, self.weight.shape[0] // self.group, axis=0)
        outs = [ops.conv2d(xi, wi, stride=self.stride, pad_mode="pad", padding=1)
                for xi, wi in zip(xs, ws)]
        return ops.cat(outs, axis=1)


class Bottleneck(nn.Cell):
    """torchvision ResNeXt bottleneck (stride on the grouped 3x3 convolution)."""
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, groups=32, width_per_group=8, split_groups=False):
        super().__init__()
        width = int(planes * (width_per_group / 64.0)) * groups
        self.conv1 = conv1x1(inplanes, width)
        self.bn1 = batch_norm(width)
        if split_groups and groups > 1:
            self.conv2 = SplitGroupedConv3x3(width, width, stride, groups)
        else:
            self.conv2 = conv3x3(width, width, stride, group=groups)
        self.bn2 = batch_norm(width)
        self.conv3 = conv1x1(width, planes * self.expansion)
        self.bn3 = batch_norm(planes * self.expansion)
        self.relu = nn.ReLU()
        self.downsample = None
        if stride != 1 or inplanes != planes * self.expansion:
            self.downsample = nn.SequentialCell([conv1x1(inplanes, planes * self.expansion, stride),
                                                 batch_norm(planes * self.expansion)])

    def construct(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        return self.relu(out + identity)


def res_layer(inplanes, planes, blocks, stride, groups, width_per_group, split_groups):
    cells = [Bottleneck(inplanes, planes, stride, groups, width_per_group, split_groups)]
    cells += [Bottleneck(planes * 4, planes, 1, groups, width_per_group, split_groups)
              for _ in range(1, blocks)]
    return nn.SequentialCell(cells)


class MaxPoolPad1(nn.Cell):
    """3x3/2 max-pool padding one pixel on every side, as torch.nn.MaxPool2d(3, 2, 1).

    Explicit zero padding + an unpadded pool, because nn.MaxPool2d(pad_mode="pad") lowers to
    MaxPool3DWithArgmax and a -inf ops.pad to PadV3, neither of which the ONNX exporter can
    write. Zeros equal PyTorch's -inf padding here: the input comes out of a ReLU (>= 0) and
    every window holds at least one real pixel. ``tests/test_parity.py`` checks it.
    """

    def __init__(self):
        super().__init__()
        self.pad = ops.Pad(((0, 0), (0, 0), (1, 1), (1, 1)))
        self.pool = nn.MaxPool2d(kernel_size=3, stride=2, pad_mode="valid")

    def construct(self, x):
        return self.pool(self.pad(x))


class ResNeXtEncoder(nn.Cell):
    """Upstream's ``pretrained``: layer1 = stem (conv1, bn1, relu, maxpool) + ResNet layer1."""

    def __init__(self, layers=(3, 4, 23, 3), groups=32, width_per_group=8, in_channels=64,
                 split_groups=False):
        super().__init__()
        c = in_channels
        stem = [nn.Conv2d(3, c, 7, stride=2, pad_mode="pad", padding=3, has_bias=False,
                          weight_init=HeNormal(mode="fan_out", nonlinearity="relu")),
                batch_norm(c), nn.ReLU(), MaxPoolPad1()]
        args = (groups, width_per_group, split_groups)
        self.layer1 = nn.SequentialCell(stem + [res_layer(c, 64, layers[0], 1, *args)])
        self.layer2 = res_layer(256, 128, layers[1], 2, *args)
        self.layer3 = res_layer(512, 256, layers[2], 2, *args)
        self.layer4 = res_layer(1024, 512, layers[3], 2, *args)

    def construct(self, x):
        l1 = self.layer1(x)
        l2 = self.layer2(l1)
        l3 = self.layer3(l2)
        return l1, l2, l3, self.layer4(l3)


class ResidualConvUnit(nn.Cell):
    """relu -> conv -> relu -> conv, plus the skip. Upstream's first ReLU is in place, so the
    skip carries relu(x), not x."""

    def __init__(self, features):
        super().__init__()
        self.conv1 = conv3x3(features, features, has_bias=True)
        self.conv2 = conv3x3(features, features, has_bias=True)
        self.relu = nn.ReLU()

    def construct(self, x):
        x = self.relu(x)
        return self.conv2(self.relu(self.conv1(x))) + x


def interp_matrix(n_in, align_corners):
    """(2n, n) matrix of bilinear x2 interpolation along one axis, PyTorch's sampling positions
    (align_corners=False: half-pixel centres, clamped at the borders)."""
    i = np.arange(2 * n_in, dtype=np.float64)
    if align_corners:
        src = i * ((n_in - 1) / max(2 * n_in - 1, 1))
    else:
        src = np.clip((i + 0.5) / 2.0 - 0.5, 0.0, n_in - 1)
    return np.maximum(0.0, 1.0 - np.abs(src[:, None] - np.arange(n_in)[None, :])).astype(np.float32)


def upsample2x(x, align_corners, matmul=False):
    """Bilinear x2 resize, the same on both axes (PyTorch's F.interpolate semantics).

    ``matmul``: the same resize as two matrix products with constant matrices (shapes are
    static), for ONNX export: MindSpore 2.10 cannot export ResizeBilinearV2 to ONNX.
    """
    h, w = x.shape[2], x.shape[3]
    if matmul:
        rows = Tensor(interp_matrix(h, align_corners))
        cols = Tensor(interp_matrix(w, align_corners).T)
        return ops.matmul(ops.matmul(rows, x), cols)
    return ops.interpolate(x, size=(2 * h, 2 * w), mode="bilinear", align_corners=align_corners)


class FeatureFusionBlock(nn.Cell):
    """out = x + RCU1(skip) (deepest block: no skip) -> RCU2 -> bilinear x2, align_corners=True."""

    def __init__(self, features, matmul_resize=False):
        super().__init__()
        self.resConfUnit1 = ResidualConvUnit(features)
        self.resConfUnit2 = ResidualConvUnit(features)
        self.matmul_resize = matmul_resize

    def construct(self, x, skip=None):
        if skip is not None:
            x = x + self.resConfUnit1(skip)
        return upsample2x(self.resConfUnit2(x), True, self.matmul_resize)


class Upsample2x(nn.Cell):
    """Head resize: bilinear x2, align_corners=False (upstream's Interpolate module)."""

    def __init__(self, matmul_resize=False):
        super().__init__()
        self.matmul_resize = matmul_resize

    def construct(self, x):
        return upsample2x(x, False, self.matmul_resize)
