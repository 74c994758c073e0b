"""Independent PyTorch DDRNet classifier for parity tests, written from ydhongHIT/DDRNet's
`classification/DDRNet_23.py` / `DDRNet_39.py` facts: upstream parameter names, stem convs with
bias, BasicBlock / Bottleneck (expansion 2), no ReLU after a stage's last block (a one-block
stage keeps it), fusion resize to the high-resolution tensor's size (upstream: input // 8)."""
import torch
from torch import nn
import torch.nn.functional as F


def _cbn(cin, cout, k, s=1, bias=False):
    return [nn.Conv2d(cin, cout, k, s, k // 2, bias=bias), nn.BatchNorm2d(cout, momentum=0.1)]


class Basic(nn.Module):
    expansion = 1

    def __init__(self, cin, planes, stride, down, last):
        super().__init__()
        self.conv1, self.bn1 = _cbn(cin, planes, 3, stride)
        self.conv2, self.bn2 = _cbn(planes, planes, 3)
        self.downsample, self.no_relu = down, last

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        y = y + (x if self.downsample is None else self.downsample(x))
        return y if self.no_relu else F.relu(y)


class Bottle(nn.Module):
    expansion = 2

    def __init__(self, cin, planes, stride, down, last):
        super().__init__()
        self.conv1, self.bn1 = _cbn(cin, planes, 1)
        self.conv2, self.bn2 = _cbn(planes, planes, 3, stride)
        self.conv3, self.bn3 = _cbn(planes, 2 * planes, 1)
        self.downsample, self.no_relu = down, last

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn3(self.conv3(F.relu(self.bn2(self.conv2(y)))))
        y = y + (x if self.downsample is None else self.downsample(x))
        return y if self.no_relu else F.relu(y)


def _stage(block, cin, planes, n, stride=1):
    out = planes * block.expansion
    down = nn.Sequential(*_cbn(cin, out, 1, stride)) if stride != 1 or cin != out else None
    mods = [block(cin, planes, stride, down, False)]
    mods += [block(out, planes, 1, None, i == n - 1) for i in range(1, n)]
    return nn.Sequential(*mods)


class TorchDDRNet(nn.Module):
    def __init__(self, layers=(2, 2, 2, 2), planes=64, last=2048, classes=1000, split3=1):
        super().__init__()
        p, h = planes, planes * 2
        self.conv1 = nn.Sequential(*_cbn(3, p, 3, 2, True), nn.ReLU(),
                                   *_cbn(p, p, 3, 2, True), nn.ReLU())
        self.layer1 = _stage(Basic, p, p, layers[0])
        self.layer2 = _stage(Basic, p, h, layers[1], 2)
        self.parts = ["3"] if split3 == 1 else ["3_1", "3_2"]
        for k, s in enumerate(self.parts):
            n = layers[2] // split3
            setattr(self, "layer" + s, _stage(Basic, h if k == 0 else 4 * p, 4 * p, n, 2 if k == 0 else 1))
            setattr(self, "layer%s_" % s, _stage(Basic, h, h, n))
            setattr(self, "compression" + s, nn.Sequential(*_cbn(4 * p, h, 1)))
            setattr(self, "down" + s, nn.Sequential(*_cbn(h, 4 * p, 3, 2)))
        self.layer4 = _stage(Basic, 4 * p, 8 * p, layers[3], 2)
        self.layer4_ = _stage(Basic, h, h, layers[3])
        self.compression4 = nn.Sequential(*_cbn(8 * p, h, 1))
        self.down4 = nn.Sequential(*_cbn(h, 4 * p, 3, 2), nn.ReLU(), *_cbn(4 * p, 8 * p, 3, 2))
        self.layer5_ = _stage(Bottle, h, h, 1)
        self.down5 = nn.Sequential(*_cbn(4 * p, 8 * p, 3, 2), nn.ReLU(), *_cbn(8 * p, 16 * p, 3, 2))
        self.layer5 = _stage(Bottle, 8 * p, 8 * p, 1)
        self.last_layer = nn.Sequential(*_cbn(16 * p, last, 1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.linear = nn.Linear(last, classes)

    def forward(self, x):
        x = self.layer2(F.relu(self.layer1(self.conv1(x))))
        hi = x
        for s in self.parts + ["4"]:
            lo = getattr(self, "layer" + s)(F.relu(x))
            hi = getattr(self, "layer%s_" % s)(F.relu(hi))
            x = lo + getattr(self, "down" + s)(F.relu(hi))
            c = getattr(self, "compression" + s)(F.relu(lo))
            hi = hi + F.interpolate(c, size=hi.shape[2:], mode="bilinear", align_corners=False)
        x = self.layer5(F.relu(x)) + self.down5(F.relu(self.layer5_(F.relu(hi))))
        return self.linear(self.last_layer(F.relu(x)).flatten(1))


ARCH = {"DDRNet23": dict(), "DDRNet23slim": dict(planes=32, last=1024),
        "DDRNet39": dict(layers=(3, 4, 6, 3), split3=2)}


def randomized(arch, classes=1000, seed=0):
    """Reference net with random weights and BatchNorm statistics, in eval mode."""
    torch.manual_seed(seed)
    net = TorchDDRNet(classes=classes, **ARCH[arch])
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
                m.num_batches_tracked.fill_(7)
    return net.eval()
