"""convert_weights.py against an independent PyTorch reference written here with upstream
monodepth2's parameter names (ResnetEncoder on torchvision's layout, DepthDecoder's
`decoder.<n>.conv.conv.*`, PoseDecoder's `net.<n>.*`): random weights and BatchNorm statistics,
all four disparity scales and the pose, error <= 1e-5."""
import numpy as np
import paddle
import pytest

torch = pytest.importorskip("torch")
tnn = torch.nn
tF = torch.nn.functional

import convert_weights  # noqa: E402
from model_io import load_state  # noqa: E402


class TBlock(tnn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = tnn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = tnn.BatchNorm2d(cout)
        self.conv2 = tnn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = tnn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = tnn.Sequential(tnn.Conv2d(cin, cout, 1, stride, bias=False),
                                             tnn.BatchNorm2d(cout))

    def forward(self, x):
        out = tF.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return tF.relu(out + (x if self.downsample is None else self.downsample(x)))


class TResNet18(tnn.Module):
    def __init__(self, in_ch):
        super().__init__()
        self.conv1 = tnn.Conv2d(in_ch, 64, 7, 2, 3, bias=False)
        self.bn1 = tnn.BatchNorm2d(64)
        chans, cin = [64, 128, 256, 512], 64
        for i, c in enumerate(chans):
            stride = 1 if i == 0 else 2
            setattr(self, "layer{}".format(i + 1), tnn.Sequential(TBlock(cin, c, stride), TBlock(c, c, 1)))
            cin = c
        self.fc = tnn.Linear(512, 1000)


class TEncoder(tnn.Module):
    def __init__(self, in_ch=3):
        super().__init__()
        self.encoder = TResNet18(in_ch)

    def forward(self, x):
        e = self.encoder
        x = tF.relu(e.bn1(e.conv1((x - 0.45) / 0.225)))
        f = [x]
        f.append(e.layer1(tF.max_pool2d(x, 3, 2, 1)))
        for layer in (e.layer2, e.layer3, e.layer4):
            f.append(layer(f[-1]))
        return f


class TConv3x3(tnn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.pad = tnn.ReflectionPad2d(1)
        self.conv = tnn.Conv2d(cin, cout, 3)

    def forward(self, x):
        return self.conv(self.pad(x))


class TConvBlock(tnn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = TConv3x3(cin, cout)

    def forward(self, x):
        return tF.elu(self.conv(x))


class TDepthDecoder(tnn.Module):
    def __init__(self, enc=(64, 64, 128, 256, 512), dec=(16, 32, 64, 128, 256)):
        super().__init__()
        mods, self.idx = [], {}
        for i in range(4, -1, -1):
            self.idx[("up", i, 0)] = len(mods)
            mods.append(TConvBlock(enc[-1] if i == 4 else dec[i + 1], dec[i]))
            self.idx[("up", i, 1)] = len(mods)
            mods.append(TConvBlock(dec[i] + (enc[i - 1] if i > 0 else 0), dec[i]))
        for s in range(4):
            self.idx[("disp", s)] = len(mods)
            mods.append(TConv3x3(dec[s], 1))
        self.decoder = tnn.ModuleList(mods)

    def forward(self, feats):
        out, x = {}, feats[-1]
        for i in range(4, -1, -1):
            x = [tF.interpolate(self.decoder[self.idx[("up", i, 0)]](x), scale_factor=2, mode="nearest")]
            if i > 0:
                x.append(feats[i - 1])
            x = self.decoder[self.idx[("up", i, 1)]](torch.cat(x, 1))
            if i < 4:
                out[i] = torch.sigmoid(self.decoder[self.idx[("disp", i)]](x))
        return out


class TPoseDecoder(tnn.Module):
    def __init__(self):
        super().__init__()
        self.net = tnn.ModuleList([tnn.Conv2d(512, 256, 1), tnn.Conv2d(256, 256, 3, 1, 1),
                                   tnn.Conv2d(256, 256, 3, 1, 1), tnn.Conv2d(256, 12, 1)])

    def forward(self, feats):
        x = tF.relu(self.net[0](feats[-1]))
        x = tF.relu(self.net[2](tF.relu(self.net[1](x))))
        x = 0.01 * self.net[3](x).mean(3).mean(2).view(-1, 2, 1, 6)
        return x[..., :3], x[..., 3:]


def _randomise(module, gen):
    with torch.no_grad():
        for name, t in module.state_dict().items():
            if name.endswith("num_batches_tracked"):
                continue
            if name.endswith("running_var"):
                t.copy_(torch.rand(t.shape, generator=gen) + 0.5)
            else:
                t.copy_(torch.randn(t.shape, generator=gen) * (0.05 if "weight" in name else 0.1))
    return module.eval()


def test_converted_official_weights_match_a_pytorch_reference(tmp_path):
    gen = torch.Generator().manual_seed(0)
    ref = {"encoder": _randomise(TEncoder(), gen), "depth": _randomise(TDepthDecoder(), gen),
           "pose_encoder": _randomise(TEncoder(6), gen), "pose": _randomise(TPoseDecoder(), gen)}
    src = tmp_path / "official"
    src.mkdir()
    for name, m in ref.items():
        state = dict(m.state_dict())
        if name == "encoder":
            state.update(height=64, width=96)
        torch.save(state, str(src / (name + ".pth")))
    out = tmp_path / "paddle"
    assert convert_weights.convert(str(src), str(out)) == list(convert_weights.PARTS)
    ours = {}
    for name in convert_weights.PARTS:
        ours[name] = convert_weights.build_part(name, 18)
        load_state(ours[name], str(out / (name + ".pdparams")))
        ours[name].eval()
    x = np.random.default_rng(1).random((2, 3, 64, 96), dtype=np.float32)
    pair = np.random.default_rng(2).random((2, 6, 64, 96), dtype=np.float32)
    with torch.no_grad():
        t_disp = ref["depth"](ref["encoder"](torch.from_numpy(x)))
        t_pose = ref["pose"](ref["pose_encoder"](torch.from_numpy(pair)))
    with paddle.no_grad():
        p_disp = ours["depth"](ours["encoder"](paddle.to_tensor(x)))
        p_pose = ours["pose"]([ours["pose_encoder"](paddle.to_tensor(pair))])
    # the reference is far from trivial: disparities vary, poses are not zero
    assert t_disp[0].std() > 1e-3 and t_pose[1].abs().max() > 1e-4
    for s in range(4):
        np.testing.assert_allclose(p_disp[("disp", s)].numpy(), t_disp[s].numpy(), atol=1e-5,
                                   err_msg="disp scale {}".format(s))
    for a, b in zip(p_pose, t_pose):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-5)
