"""DDRNet-23 / DDRNet-23-slim / DDRNet-39 ImageNet classifiers (ydhongHIT/DDRNet `classification/`).

Two branches after a 1/8 stem: a low-resolution branch (layer3.., layer4, layer5) and a
high-resolution branch at 1/8 (layer3_.., layer4_, layer5_), fused after every stage both ways:
the high branch is strided down (down3/down4) and added to the low one; the low branch is
compressed (1x1 conv) and bilinearly resized to the high branch's own size before being added.
Parameter names follow upstream, so official weights convert by name (src/tools/pth2ckpt.py).
"""
from mindspore import nn

from .blocks import BasicBlock, Bottleneck, conv_bn, make_layer, resize_bilinear
from .var_init import init_weights


class DualResNet(nn.Cell):
    """DDRNet classifier. `layers` are the BasicBlock counts of stages 1-4; with `split3` = 2 the
    third stage is two fused halves (DDRNet-39's layer3_1/layer3_2) instead of one (layer3)."""

    def __init__(self, layers, planes=64, last_planes=2048, num_classes=1000, split3=1,
                 drop_path_rate=0.0):
        super().__init__()
        high = planes * 2
        stages = 3 + split3  # layer1, layer2, the stage-3 parts, layer4 (then layer5)
        rate = [drop_path_rate * i / stages for i in range(stages + 1)]  # linear in depth
        self.conv1 = nn.SequentialCell(conv_bn(3, planes, 3, 2, relu=True, bias=True)
                                       + conv_bn(planes, planes, 3, 2, relu=True, bias=True))
        self.relu = nn.ReLU()
        self.layer1 = make_layer(BasicBlock, planes, planes, layers[0], drop_path=rate[0])
        self.layer2 = make_layer(BasicBlock, planes, high, layers[1], 2, drop_path=rate[1])
        names = ["3"] if split3 == 1 else ["3_%d" % (k + 1) for k in range(split3)]
        self.fusions = []  # (low stage, high stage, down, compression) attribute names, in order
        for k, name in enumerate(names):
            cin, stride = (high, 2) if k == 0 else (planes * 4, 1)
            blocks = layers[2] // split3
            setattr(self, "layer" + name,
                    make_layer(BasicBlock, cin, planes * 4, blocks, stride, drop_path=rate[2 + k]))
            setattr(self, "layer%s_" % name,
                    make_layer(BasicBlock, high, high, blocks, drop_path=rate[2 + k]))
            setattr(self, "compression" + name, nn.SequentialCell(conv_bn(planes * 4, high, 1)))
            setattr(self, "down" + name, nn.SequentialCell(conv_bn(high, planes * 4, 3, 2)))
            self.fusions.append(("layer" + name, "layer%s_" % name, "down" + name,
                                 "compression" + name))
        self.layer4 = make_layer(BasicBlock, planes * 4, planes * 8, layers[3], 2,
                                 drop_path=rate[stages - 1])
        self.layer4_ = make_layer(BasicBlock, high, high, layers[3], drop_path=rate[stages - 1])
        self.compression4 = nn.SequentialCell(conv_bn(planes * 8, high, 1))
        self.down4 = nn.SequentialCell(conv_bn(high, planes * 4, 3, 2, relu=True)
                                       + conv_bn(planes * 4, planes * 8, 3, 2))
        self.fusions.append(("layer4", "layer4_", "down4", "compression4"))
        self.fusions = tuple(self.fusions)
        self.layer5_ = make_layer(Bottleneck, high, high, 1, drop_path=rate[stages])
        self.down5 = nn.SequentialCell(conv_bn(planes * 4, planes * 8, 3, 2, relu=True)
                                       + conv_bn(planes * 8, planes * 16, 3, 2))
        self.layer5 = make_layer(Bottleneck, planes * 8, planes * 8, 1, drop_path=rate[stages])
        self.last_layer = nn.SequentialCell(conv_bn(planes * 16, last_planes, 1, relu=True))
        self.linear = nn.Dense(last_planes, num_classes)
        init_weights(self)

    def construct(self, x):
        x = self.layer1(self.conv1(x))
        x = self.layer2(self.relu(x))
        x_ = x
        for low_name, high_name, down_name, comp_name in self.fusions:
            low = getattr(self, low_name)(self.relu(x))
            x_ = getattr(self, high_name)(self.relu(x_))
            x = low + getattr(self, down_name)(self.relu(x_))
            compressed = getattr(self, comp_name)(self.relu(low))
            # resized to the size of the tensor it is added to (upstream: a fixed input//8)
            x_ = x_ + resize_bilinear(compressed, x_.shape[2:])
        x = self.layer5(self.relu(x)) + self.down5(self.relu(self.layer5_(self.relu(x_))))
        x = self.last_layer(self.relu(x))
        return self.linear(x.mean(axis=(2, 3)))


def DDRNet23(num_classes=1000, drop_path_rate=0.0):
    """DDRNet-23: 28,216,616 parameters at 1000 classes."""
    return DualResNet([2, 2, 2, 2], 64, 2048, num_classes, drop_path_rate=drop_path_rate)


def DDRNet23slim(num_classes=1000, drop_path_rate=0.0):
    """DDRNet-23-slim: 7,574,664 parameters at 1000 classes."""
    return DualResNet([2, 2, 2, 2], 32, 1024, num_classes, drop_path_rate=drop_path_rate)


def DDRNet39(num_classes=1000, drop_path_rate=0.0):
    """DDRNet-39: 40,130,344 parameters at 1000 classes."""
    return DualResNet([3, 4, 6, 3], 64, 2048, num_classes, split3=2,
                      drop_path_rate=drop_path_rate)


ARCHS = {"DDRNet23": DDRNet23, "DDRNet23slim": DDRNet23slim, "DDRNet39": DDRNet39}


def get_model(arch, num_classes=1000, drop_path_rate=0.0):
    """The network named by the config's `arch`; an unknown name is a ValueError naming it."""
    if arch not in ARCHS:
        raise ValueError("unknown arch %r (choose one of %s)" % (arch, ", ".join(ARCHS)))
    return ARCHS[arch](num_classes=num_classes, drop_path_rate=drop_path_rate)
