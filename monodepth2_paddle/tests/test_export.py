"""jit.save round trip, PyTorch -> Paddle weight conversion, demo.py outputs."""
import os
import subprocess
import sys

import numpy as np
import paddle
import pytest

import convert_weights
import export_model
from common_metrics.io import read_npy
from conftest import H, ROOT, W
from model_io import load_depth_model


def test_jit_save_reproduces_dynamic_disparity(saved_weights, tmp_path):
    prefix = str(tmp_path / "exported" / "depth")
    export_model.export(saved_weights, prefix)
    loaded = paddle.jit.load(prefix)
    loaded.eval()
    enc, dec, meta = load_depth_model(saved_weights)
    x = paddle.rand([1, 3, H, W])
    with paddle.no_grad():
        ref = dec(enc(x))[("disp", 0)].numpy()
        got = loaded(x)
    got = (got[0] if isinstance(got, (list, tuple)) else got).numpy()
    assert got.shape == (1, 1, H, W)
    np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-5)


def test_exported_model_runs_in_paddle_inference_default_config(saved_weights, tmp_path):
    """paddle.inference with its defaults (oneDNN executor on CPU) used to raise
    NotImplementedError in onednn_instruction (interpolate's float-array scale attribute)."""
    from paddle import inference
    prefix = str(tmp_path / "exported" / "depth")
    export_model.export(saved_weights, prefix)
    files = [f for f in os.listdir(str(tmp_path / "exported")) if f.startswith("depth.")]
    model = [f for f in files if not f.endswith(".pdiparams")][0]
    cfg = inference.Config(os.path.join(str(tmp_path / "exported"), model), prefix + ".pdiparams")
    predictor = inference.create_predictor(cfg)
    x = np.random.default_rng(0).random((1, 3, H, W), dtype=np.float32)
    predictor.get_input_handle(predictor.get_input_names()[0]).copy_from_cpu(x)
    predictor.run()
    got = predictor.get_output_handle(predictor.get_output_names()[0]).copy_to_cpu()
    enc, dec, _ = load_depth_model(saved_weights)
    with paddle.no_grad():
        ref = dec(enc(paddle.to_tensor(x)))[("disp", 0)].numpy()
    np.testing.assert_allclose(got, ref, rtol=1e-3, atol=1e-4)


def test_nearest_upsampling_equals_interpolate():
    from layers import upsample_nearest2x
    x = paddle.rand([2, 3, 4, 5])
    ref = paddle.nn.functional.interpolate(x, scale_factor=2, mode="nearest")
    np.testing.assert_array_equal(upsample_nearest2x(x).numpy(), ref.numpy())


def _upstream_names(name, paddle_state, rng):
    """Paddle state -> (upstream PyTorch key, torchvision layout) with random values."""
    out = {}
    for k, v in paddle_state.items():
        a = rng.standard_normal(v.shape).astype("float32")
        if k.endswith("_variance"):
            a = np.abs(a) + 0.5
        tk = k.replace("._mean", ".running_mean").replace("._variance", ".running_var")
        if tk.endswith("fc.weight"):
            a = a.T
        out[tk] = a
        if tk.endswith("running_var"):
            out[tk.replace("running_var", "num_batches_tracked")] = np.array(7)
    return out


def test_convert_official_folder_every_tensor_lands(tmp_path):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    src = tmp_path / "official"
    src.mkdir()
    ref = {}
    for name in convert_weights.PARTS:
        model = convert_weights.build_part(name, 18)
        state = _upstream_names(name, model.state_dict(), rng)
        ref[name] = state
        tstate = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}
        if name == "encoder":
            tstate.update(height=H, width=W, use_stereo=True)
        torch.save(tstate, str(src / (name + ".pth")))
    # spot-check the upstream key names this relies on
    assert "decoder.10.conv.weight" in ref["depth"] and "decoder.0.conv.conv.bias" in ref["depth"] and "net.3.bias" in ref["pose"]
    assert "encoder.layer1.0.bn1.running_mean" in ref["encoder"] and ref["encoder"]["encoder.fc.weight"].shape == (1000, 512)
    assert ref["pose_encoder"]["encoder.conv1.weight"].shape == (64, 6, 7, 7)
    out = tmp_path / "paddle"
    convert_weights.convert(str(src), str(out))
    for name in convert_weights.PARTS:
        model = convert_weights.build_part(name, 18)
        state = paddle.load(str(out / (name + ".pdparams")))
        model.set_state_dict(state)
        got = model.state_dict()
        n = 0
        for tk, v in ref[name].items():
            if tk.endswith("num_batches_tracked"):
                continue
            pk = tk.replace("running_mean", "_mean").replace("running_var", "_variance")
            want = v.T if pk.endswith("fc.weight") else v
            np.testing.assert_array_equal(got[pk].numpy(), want, err_msg=pk)
            n += 1
        assert n == len(got)
    enc, dec, meta = load_depth_model(str(out))
    assert meta == {"height": H, "width": W, "use_stereo": True}
    with paddle.no_grad():
        d = dec(enc(paddle.rand([1, 3, H, W])))[("disp", 0)].numpy()
    assert d.shape == (1, 1, H, W) and np.isfinite(d).all()


def test_demo_writes_disparity_colormap_and_metric_depth(saved_weights, kitti_root, tmp_path):
    img = os.path.join(kitti_root, "2011_09_26", "2011_09_26_drive_0002_sync", "image_02", "data",
                       "0000000000.jpg")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, os.path.join(ROOT, "demo.py"), "--image_path", img,
                        "--load_weights_folder", saved_weights, "--output_dir", str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    disp = read_npy(str(out / "0000000000_disp.npy"))
    depth = read_npy(str(out / "0000000000_depth.npy"))
    assert disp.shape == (96, 320)  # the image's own size
    np.testing.assert_allclose(depth, 5.4 / disp, rtol=1e-6)  # stereo model -> metric depth
    assert (disp >= 0.01).all() and (disp <= 10).all()      # scaled disparity range
    assert (out / "0000000000_disp.png").stat().st_size > 100
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"garbage")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "demo.py"), "--image_path", str(bad),
                        "--load_weights_folder", saved_weights], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode != 0 and "bad.jpg" in r.stderr and "Traceback" not in r.stderr


def test_demo_finds_upper_case_extensions(tmp_path):
    import demo
    (tmp_path / "A.JPG").write_bytes(b"x")
    (tmp_path / "b.jpg").write_bytes(b"x")
    (tmp_path / "c_disp.png").write_bytes(b"x")
    assert [os.path.basename(p) for p in demo.find_images(str(tmp_path), "jpg")] == ["A.JPG", "b.jpg"]
