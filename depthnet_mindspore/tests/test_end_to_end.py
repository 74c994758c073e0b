"""Train on sample_data scenes, then: beats the mean-depth baseline, resume, eval report,
offline flow equals eval.py, MINDIR round trip, infer.py outputs."""
import glob
import os
import re

import numpy as np
import mindspore as ms
from mindspore import nn
import pytest

from common_metrics import io
from common_metrics.crops import nyu_eigen_crop
from common_metrics.depth import DepthMetricAccumulator
from common_metrics.report import read_report

from conftest import FINE_STEPS, call_main
from src.data_loader import create_test_dataset
from src.evaluation import gt_mask
from src.inference import load_networks, predict


def mean_depth_baseline(root):
    """Constant mean training depth, scored like eval.py --full_res (Eigen crop, (1e-3, 10] m)."""
    train = [io.read_png(p).astype(np.float64) / 255.0 * 10.0
             for p in sorted(glob.glob(os.path.join(root, "Train", "*", "*.png")))]
    mean = float(np.concatenate([t[t > 0] for t in train]).mean())
    acc = DepthMetricAccumulator("per_image")
    for p in sorted(glob.glob(os.path.join(root, "Test", "*_depth.png"))):
        gt = io.read_png16(p, scale=1000.0).astype(np.float64)
        acc.update(np.full_like(gt, mean), gt, gt_mask(gt) & nyu_eigen_crop(gt.shape))
    return acc.result()


def test_loss_falls_during_training(trained):
    losses = [float(x) for x in re.findall(r"training coarse net, step: \d+/\d+ loss: ([0-9.]+)", trained["logs"]["coarse"])]
    assert len(losses) >= 10
    assert np.mean(losses[-4:]) < 0.6 * np.mean(losses[:2])


def test_resume_continues_step_count(trained):
    half = FINE_STEPS // 2
    assert "step: %d/%d" % (half, half) in trained["logs"]["fine_a"]
    log_b = trained["logs"]["fine_b"]
    assert re.search(r"resume: loaded .*FineNet_%d\.ckpt, continuing at step %d" % (half, half), log_b)
    steps_b = [int(s) for s in re.findall(r"training fine net, step: (\d+)/%d" % FINE_STEPS, log_b)]
    assert steps_b[0] == half + 1 and steps_b[-1] == FINE_STEPS
    state = ms.load_checkpoint(os.path.join(trained["ckpt"], "FineNet_%d.ckpt" % FINE_STEPS))
    assert int(state["step"].asnumpy()) == FINE_STEPS
    assert "moment1.conv1.weight" in state  # optimizer state travels with the weights
    first = ms.load_checkpoint(os.path.join(trained["ckpt"], "FineNet_%d.ckpt" % half))
    assert not np.allclose(first["conv1.weight"].asnumpy(), state["conv1.weight"].asnumpy())
    assert not glob.glob(os.path.join(trained["ckpt"], ".*tmp*"))  # atomic writes leave no temp files


def _score_against_baseline(trained, tmp_path, fine_ckpt):
    report_path = str(tmp_path / "depthnet_mindspore.json")
    call_main("eval", ["--test_data", trained["data"], "--coarse_ckpt_model", trained["coarse"],
                       "--fine_ckpt_model", fine_ckpt, "--full_res", "--report", report_path, "--quiet"])
    report = read_report(report_path)
    base = mean_depth_baseline(trained["data"])
    assert report["num_samples"] == base["num_samples"] == len(glob.glob(os.path.join(trained["data"], "Test", "*_depth.png")))
    assert report["protocol"]["crop"] == "nyu_eigen" and report["protocol"]["averaging"] == "per_image"
    return report, base


def test_trained_coarse_net_beats_mean_depth_baseline(trained, tmp_path):
    """36 CoarseNet steps (72 images) already beat the constant mean depth (abs_rel 0.27, a1 0.42 here);
    eval.py with an empty --fine_ckpt_model reports CoarseNet."""
    report, base = _score_against_baseline(trained, tmp_path, "")
    assert report["extra"]["reported_network"] == "CoarseNet"
    assert report["metrics"]["abs_rel"] < base["abs_rel"], (report["metrics"], base)
    assert report["metrics"]["a1"] > base["a1"], (report["metrics"], base)


def test_trained_coarse_plus_fine_beats_mean_depth_baseline(trained, tmp_path):
    """The end-to-end learning check on the whole model: coarse, then 30 FineNet steps (run in two
    halves joined by --resume) against the frozen coarse net. Measured on two sample seeds:
    abs_rel 0.216 / 0.180 vs baseline 0.271 / 0.277, a1 0.63 / 0.68 vs 0.42 / 0.37."""
    report, base = _score_against_baseline(trained, tmp_path, trained["fine"])
    assert report["extra"]["reported_network"] == "FineNet"
    assert report["metrics"]["abs_rel"] < base["abs_rel"], (report["metrics"], base)
    assert report["metrics"]["a1"] > base["a1"], (report["metrics"], base)


def test_offline_flow_matches_eval(trained, tmp_path):
    out = str(tmp_path)
    mindirs = {}
    for which in ("coarse", "fine"):
        path, _ = call_main("export", ["--coarse_or_fine", which, "--ckpt_file", trained[which],
                                       "--file_name", os.path.join(out, which)])
        mindirs[which] = path
    call_main("preprocess", ["--dataset_path", os.path.join(trained["data"], "Test"), "--output_path", out + "/pre"])
    call_main("infer_mindir", ["--coarse_mindir", mindirs["coarse"], "--fine_mindir", mindirs["fine"],
                               "--input_path", out + "/pre/img_data", "--result_path", out + "/result_Files"])
    offline, _ = call_main("postprocess", ["--result_path", out + "/result_Files", "--label_file", out + "/pre/label"])
    import eval as eval_py
    coarse, fine = load_networks(trained["coarse"], trained["fine"])
    online = eval_py.evaluate(coarse, fine, create_test_dataset(trained["data"]), full_res=False, show_bar=False)
    for key in ("abs_rel", "rmse", "a1"):
        assert offline[key] == pytest.approx(online["FineNet"][key], rel=1e-4, abs=1e-5)
    assert offline["num_samples"] == online["FineNet"]["num_samples"]


def test_mindir_round_trip(trained, tmp_path):
    rng = np.random.default_rng(0)
    rgb = rng.random((1, 3, 228, 304), np.float32)
    coarse, fine = load_networks(trained["coarse"], trained["fine"])
    ref_c, ref_f = predict(coarse, fine, rgb)
    for which, ref in (("coarse", ref_c), ("fine", ref_f)):
        path, _ = call_main("export", ["--coarse_or_fine", which, "--ckpt_file", trained[which],
                                       "--file_name", str(tmp_path / which)])
        graph = nn.GraphCell(ms.load(path))
        args = (ms.Tensor(rgb),) if which == "coarse" else (ms.Tensor(rgb), ms.Tensor(ref_c))
        np.testing.assert_allclose(graph(*args).asnumpy(), ref, rtol=1e-5, atol=1e-5)


def test_onnx_export_holds_the_weights(trained, tmp_path):
    path, _ = call_main("export", ["--coarse_or_fine", "fine", "--file_format", "ONNX", "--ckpt_file",
                                   trained["fine"], "--file_name", str(tmp_path / "fine")])
    w = ms.load_checkpoint(trained["fine"])["conv2.weight"].asnumpy()
    data = open(path, "rb").read()
    assert path.endswith(".onnx") and w.tobytes()[:4096] in data  # raw float32 weights embedded


def test_infer_writes_png16_npy_and_colour(trained, tmp_path):
    image = sorted(glob.glob(os.path.join(trained["data"], "Test", "*_colors.png")))[0]
    call_main("infer", ["--input", image, "--output", str(tmp_path), "--coarse_ckpt_model", trained["coarse"],
                        "--fine_ckpt_model", trained["fine"]])
    stem = os.path.join(str(tmp_path), os.path.basename(image)[:-4] + "_depth")
    depth = io.read_npy(stem + ".npy")
    assert depth.shape == (456, 608) and depth.dtype == np.float32
    np.testing.assert_allclose(io.read_png16(stem + ".png", scale=1000.0), depth, atol=0.5e-3 + 1e-6)
    colour = io.read_png(stem + "_color.png")
    assert colour.shape == (456, 608, 3) and colour.std() > 0
    # same numbers as the network output upsampled
    from src.data_loader import prepare_rgb, read_rgb
    coarse, fine = load_networks(trained["coarse"], trained["fine"])
    _, f = predict(coarse, fine, prepare_rgb(read_rgb(image))[None])
    assert depth[0, 0] == pytest.approx(float(np.clip(np.exp(f[0, 0, 0, 0]), 0.1, 10)), rel=1e-4)
