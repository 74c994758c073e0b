"""Parameter counts (upstream facts), output keys/shapes, weight loading, to_static == dygraph."""
import numpy as np
import paddle
import pytest

import networks
from utils import load_resnet_weights


def n_params(model, trainable_only=True):
    return sum(int(np.prod(p.shape)) for p in model.parameters()
               if not (trainable_only and p.stop_gradient))


def test_parameter_counts_match_upstream_resnet18():
    enc = networks.ResnetEncoder(18, False)
    dec = networks.DepthDecoder(enc.num_ch_enc)
    penc = networks.ResnetEncoder(18, False, num_input_images=2)
    pdec = networks.PoseDecoder(penc.num_ch_enc, num_input_features=1, num_frames_to_predict_for=2)
    # upstream (PyTorch) counts, unused fc kept
    assert n_params(enc) == 11689512
    assert n_params(dec) == 3152724
    assert n_params(penc) == 11698920
    assert n_params(pdec) == 1314572
    # Paddle's parameters() also returns BN running mean/variance (9,600 values in ResNet-18)
    assert n_params(enc, trainable_only=False) == 11689512 + 9600
    # without the ImageNet fc layer (512 * 1000 + 1000)
    assert n_params(enc) - 513000 == 11176512


def test_output_keys_and_shapes():
    paddle.seed(0)
    enc = networks.ResnetEncoder(18, False)
    assert enc.num_ch_enc == [64, 64, 128, 256, 512]
    dec = networks.DepthDecoder(enc.num_ch_enc)
    x = paddle.rand([2, 3, 64, 96])
    feats = enc(x)
    assert [f.shape[1] for f in feats] == enc.num_ch_enc
    out = dec(feats)
    for s in range(4):
        d = out[("disp", s)].numpy()
        assert d.shape == (2, 1, 64 // 2 ** s, 96 // 2 ** s)
        assert d.min() > 0 and d.max() < 1  # sigmoid
    pose = networks.PoseDecoder([64, 64, 128, 256, 512], 1, 2)
    aa, t = pose([networks.ResnetEncoder(18, False, 2)(paddle.rand([2, 6, 64, 96]))])
    assert aa.shape == [2, 2, 1, 3] and t.shape == [2, 2, 1, 3]
    aa, t = networks.PoseCNN(3)(paddle.rand([2, 9, 64, 96]))
    assert aa.shape == [2, 2, 1, 3]
    assert networks.ResnetEncoder(50, False).num_ch_enc == [64, 256, 512, 1024, 2048]


def test_pretrained_conv1_repeated_and_divided(tmp_path):
    """A .pdparams ResNet file loads into a 2-frame encoder with conv1 = [w, w] / 2."""
    paddle.seed(1)
    ref = networks.build_resnet(18)
    path = str(tmp_path / "r18.pdparams")
    paddle.save(ref.state_dict(), path)
    enc = networks.ResnetEncoder(18, path, num_input_images=2)
    w = ref.conv1.weight.numpy()
    np.testing.assert_allclose(enc.encoder.conv1.weight.numpy(), np.concatenate([w, w], 1) / 2)
    np.testing.assert_array_equal(enc.encoder.layer3[1].bn2._variance.numpy(),
                                  ref.layer3[1].bn2._variance.numpy())


def test_torchvision_pth_loads_with_bn_names_and_fc_transposed(tmp_path):
    torch = pytest.importorskip("torch")
    paddle.seed(2)
    ref = networks.build_resnet(18)
    state = {}
    for k, v in ref.state_dict().items():
        a = v.numpy() + 0.5 * np.random.RandomState(0).rand(*v.shape).astype("float32")
        k = k.replace("_mean", "running_mean").replace("_variance", "running_var")
        if k == "fc.weight":
            a = a.T  # torchvision layout (1000, 512)
        state[k] = torch.from_numpy(np.ascontiguousarray(a))
    state["bn1.num_batches_tracked"] = torch.tensor(5)
    path = str(tmp_path / "resnet18.pth")
    torch.save(state, path)
    model = networks.build_resnet(18)
    load_resnet_weights(model, path)
    got = model.state_dict()
    np.testing.assert_array_equal(got["fc.weight"].numpy(), state["fc.weight"].numpy().T)
    np.testing.assert_array_equal(got["layer2.0.downsample.1._mean"].numpy(),
                                  state["layer2.0.downsample.1.running_mean"].numpy())


def test_h5_weights_load_with_bn_names_and_fc_transposed(tmp_path):
    """The Paddle port's resnet18_pytorch.h5: one dataset per torchvision state-dict key."""
    h5py = pytest.importorskip("h5py")
    ref = networks.build_resnet(18)
    rng = np.random.RandomState(1)
    path = str(tmp_path / "resnet18_pytorch.h5")
    with h5py.File(path, "w") as f:
        for k, v in ref.state_dict().items():
            a = rng.rand(*v.shape).astype("float32")
            k = k.replace("_mean", "running_mean").replace("_variance", "running_var")
            f[k] = a.T if k == "fc.weight" else a
        expected_fc = f["fc.weight"][()].T
        expected_mean = f["layer4.1.bn1.running_mean"][()]
    model = networks.build_resnet(18)
    load_resnet_weights(model, path)
    got = model.state_dict()
    np.testing.assert_array_equal(got["fc.weight"].numpy(), expected_fc)
    np.testing.assert_array_equal(got["layer4.1.bn1._mean"].numpy(), expected_mean)


def test_bad_weight_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "w.pdparams"
    bad.write_bytes(b"not a weight file")
    with pytest.raises(RuntimeError, match="w.pdparams"):
        networks.ResnetEncoder(18, str(bad))
    with pytest.raises(FileNotFoundError, match="nope.pth"):
        networks.ResnetEncoder(18, str(tmp_path / "nope.pth"))


def test_to_static_matches_dygraph():
    paddle.seed(4)
    enc = networks.ResnetEncoder(18, False)
    net = networks.DepthNet(enc, networks.DepthDecoder(enc.num_ch_enc))
    net.eval()
    x = paddle.rand([1, 3, 64, 96])
    with paddle.no_grad():
        ref = [d.numpy() for d in net(x)]
        static = paddle.jit.to_static(net, full_graph=True)
        got = [d.numpy() for d in static(x)]
    for a, b in zip(ref, got):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_fresh_decoder_disparity_sigmoids_are_not_saturated():
    """Decoder convs start as PyTorch's default (U(+-1/sqrt(fan_in)), upstream's init). With
    Paddle's default init 34-90 % of the fresh sigmoids were < 0.01 or > 0.99 (no gradient) and
    training from scratch collapsed to a constant disparity."""
    paddle.seed(42)
    enc = networks.ResnetEncoder(18, False)
    dec = networks.DepthDecoder(enc.num_ch_enc)
    enc.eval()
    dec.eval()
    with paddle.no_grad():
        out = dec(enc(paddle.rand([2, 3, 64, 192])))
    for s in range(4):
        d = out[("disp", s)].numpy()
        assert ((d < 0.01) | (d > 0.99)).mean() < 0.01, (s, d.min(), d.max())
    w = dec._layer(("dispconv", 0)).conv.weight.numpy()
    bound = 1.0 / np.sqrt(np.prod(w.shape[1:]))
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound
