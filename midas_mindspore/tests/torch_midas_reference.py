"""An independent PyTorch MiDaS v2.1 MidasNet for parity tests, with upstream's parameter names.

Written for the tests from the published architecture (isl-org/MiDaS midas_net.py/blocks.py):
torchvision ResNeXt bottlenecks, ``pretrained.layer1`` = conv1, bn1, relu, maxpool, layer1,
in-place first ReLU in the residual units, align_corners=True in the fusion blocks, a head
with an align_corners=False x2 resize. Width and depth are parameters so tests stay small.
"""
import torch
import torch.nn as tnn
import torch.nn.functional as F


class Bottleneck(tnn.Module):
    def __init__(self, inplanes, planes, stride, groups, width_per_group):
        super().__init__()
        width = int(planes * (width_per_group / 64.0)) * groups
        self.conv1 = tnn.Conv2d(inplanes, width, 1, bias=False)
        self.bn1 = tnn.BatchNorm2d(width)
        self.conv2 = tnn.Conv2d(width, width, 3, stride, 1, groups=groups, bias=False)
        self.bn2 = tnn.BatchNorm2d(width)
        self.conv3 = tnn.Conv2d(width, planes * 4, 1, bias=False)
        self.bn3 = tnn.BatchNorm2d(planes * 4)
        self.relu = tnn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or inplanes != planes * 4:
            self.downsample = tnn.Sequential(tnn.Conv2d(inplanes, planes * 4, 1, stride, bias=False),
                                             tnn.BatchNorm2d(planes * 4))

    def forward(self, x):
        idt = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return self.relu(self.bn3(self.conv3(out)) + idt)


def layer(inplanes, planes, blocks, stride, groups, wpg):
    mods = [Bottleneck(inplanes, planes, stride, groups, wpg)]
    mods += [Bottleneck(planes * 4, planes, 1, groups, wpg) for _ in range(blocks - 1)]
    return tnn.Sequential(*mods)


class RCU(tnn.Module):
    def __init__(self, f):
        super().__init__()
        self.conv1 = tnn.Conv2d(f, f, 3, 1, 1, bias=True)
        self.conv2 = tnn.Conv2d(f, f, 3, 1, 1, bias=True)
        self.relu = tnn.ReLU(inplace=True)

    def forward(self, x):
        out = self.relu(x)          # in place: x itself becomes relu(x)
        out = self.relu(self.conv1(out))
        return self.conv2(out) + x


class Fusion(tnn.Module):
    def __init__(self, f):
        super().__init__()
        self.resConfUnit1 = RCU(f)
        self.resConfUnit2 = RCU(f)

    def forward(self, *xs):
        out = xs[0]
        if len(xs) == 2:
            out = out + self.resConfUnit1(xs[1])
        out = self.resConfUnit2(out)
        return F.interpolate(out, scale_factor=2, mode="bilinear", align_corners=True)


class Interp(tnn.Module):
    def forward(self, x):
        return F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)


class TorchMidasNet(tnn.Module):
    def __init__(self, features=256, layers=(3, 4, 23, 3), groups=32, width_per_group=8,
                 non_negative=True):
        super().__init__()
        g, w = groups, width_per_group
        self.pretrained = tnn.Module()
        self.pretrained.layer1 = tnn.Sequential(
            tnn.Conv2d(3, 64, 7, 2, 3, bias=False), tnn.BatchNorm2d(64), tnn.ReLU(inplace=True),
            tnn.MaxPool2d(3, 2, 1), layer(64, 64, layers[0], 1, g, w))
        self.pretrained.layer2 = layer(256, 128, layers[1], 2, g, w)
        self.pretrained.layer3 = layer(512, 256, layers[2], 2, g, w)
        self.pretrained.layer4 = layer(1024, 512, layers[3], 2, g, w)
        s = self.scratch = tnn.Module()
        for i, c in enumerate((256, 512, 1024, 2048), 1):
            setattr(s, "layer%d_rn" % i, tnn.Conv2d(c, features, 3, 1, 1, bias=False))
            setattr(s, "refinenet%d" % i, Fusion(features))
        head = [tnn.Conv2d(features, 128, 3, 1, 1), Interp(), tnn.Conv2d(128, 32, 3, 1, 1),
                tnn.ReLU(True), tnn.Conv2d(32, 1, 1)]
        if non_negative:
            head.append(tnn.ReLU(True))
        s.output_conv = tnn.Sequential(*head)

    def forward(self, x):
        p, s = self.pretrained, self.scratch
        l1 = p.layer1(x)
        l2 = p.layer2(l1)
        l3 = p.layer3(l2)
        l4 = p.layer4(l3)
        path = s.refinenet4(s.layer4_rn(l4))
        path = s.refinenet3(path, s.layer3_rn(l3))
        path = s.refinenet2(path, s.layer2_rn(l2))
        path = s.refinenet1(path, s.layer1_rn(l1))
        return torch.squeeze(s.output_conv(path), dim=1)


def randomize(net, seed=0):
    """Non-trivial weights and BatchNorm statistics; a positive head bias keeps outputs > 0."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, mod in net.named_modules():
            if isinstance(mod, tnn.BatchNorm2d):
                n = mod.num_features
                mod.weight.copy_(0.5 + torch.rand(n, generator=gen))
                mod.bias.copy_(0.2 * torch.randn(n, generator=gen))
                mod.running_mean.copy_(0.1 * torch.randn(n, generator=gen))
                mod.running_var.copy_(0.5 + torch.rand(n, generator=gen))
            elif isinstance(mod, tnn.Conv2d):
                fan_in = mod.weight[0].numel()
                mod.weight.copy_(torch.randn(mod.weight.shape, generator=gen) * (1.5 / fan_in) ** 0.5)
                if mod.bias is not None:
                    mod.bias.copy_(0.05 * torch.randn(mod.bias.shape, generator=gen))
        net.scratch.output_conv[4].bias.fill_(0.5)
    return net.eval()
