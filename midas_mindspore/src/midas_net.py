"""MiDaS v2.1 MidasNet: ResNeXt-101 32x8d encoder, 3x3 scratch convs, four fusion blocks, head."""
import mindspore.nn as nn
from mindspore import ops

from .blocks_ms import FeatureFusionBlock, ResNeXtEncoder, Upsample2x, conv3x3


class Scratch(nn.Cell):
    """Upstream's ``scratch``: encoder widths -> ``features``, fusion blocks, output head."""

    def __init__(self, features, non_negative=True, matmul_resize=False):
        super().__init__()
        self.layer1_rn = conv3x3(256, features)
        self.layer2_rn = conv3x3(512, features)
        self.layer3_rn = conv3x3(1024, features)
        self.layer4_rn = conv3x3(2048, features)
        # refinenet4.resConfUnit1 is built but unused, as upstream
        self.refinenet4 = FeatureFusionBlock(features, matmul_resize)
        self.refinenet3 = FeatureFusionBlock(features, matmul_resize)
        self.refinenet2 = FeatureFusionBlock(features, matmul_resize)
        self.refinenet1 = FeatureFusionBlock(features, matmul_resize)
        head = [conv3x3(features, 128, has_bias=True), Upsample2x(matmul_resize),
                conv3x3(128, 32, has_bias=True), nn.ReLU(),
                nn.Conv2d(32, 1, 1, has_bias=True)]
        if non_negative:
            head.append(nn.ReLU())
        self.output_conv = nn.SequentialCell(head)


class MidasNet(nn.Cell):
    """(N, 3, H, W) normalised RGB -> (N, H, W) relative inverse depth; H, W multiples of 32.

    ``split_groups``: grouped convolutions as 32 dense ones (same parameters); ``matmul_resize``:
    resizes as matrix products (ONNX export). Both compute the same function.
    """

    def __init__(self, features=256, layers=(3, 4, 23, 3), groups=32, width_per_group=8,
                 in_channels=64, non_negative=True, split_groups=False, matmul_resize=False):
        super().__init__()
        self.pretrained = ResNeXtEncoder(tuple(layers), groups, width_per_group, in_channels,
                                         split_groups)
        self.scratch = Scratch(features, non_negative, matmul_resize)

    def construct(self, x):
        l1, l2, l3, l4 = self.pretrained(x)
        s = self.scratch
        path = s.refinenet4(s.layer4_rn(l4))
        path = s.refinenet3(path, s.layer3_rn(l3))
        path = s.refinenet2(path, s.layer2_rn(l2))
        path = s.refinenet1(path, s.layer1_rn(l1))
        return ops.squeeze(s.output_conv(path), 1)


def midas_from_config(cfg, **overrides):
    """MidasNet with the config's architecture keys (features, layers, groups, ...)."""
    kwargs = dict(features=cfg.features, layers=tuple(cfg.layers), groups=cfg.groups,
                  width_per_group=cfg.width_per_group, in_channels=cfg.in_channels)
    kwargs.update(overrides)
    return MidasNet(**kwargs)
