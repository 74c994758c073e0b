"""Train on sample_data scenes, then: beats the mean-depth baseline, resume, eval report + baseline
+ panel, offline flow equals eval.py, MINDIR and ONNX (onnxruntime) round trips, infer.py outputs."""
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

from conftest import FINE_FIRST_RUN, FINE_STEPS, call_main
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
    losses = [float(x) for x in re.findall(r"coarse net step \d+/\d+ epoch \d+ loss ([0-9.]+)", trained["logs"]["coarse"])]
    assert len(losses) >= 10
    assert np.mean(losses[-4:]) < 0.6 * np.mean(losses[:2])


def test_resume_continues_step_count(trained):
    """Model.train resumed from the epoch-end checkpoint continues the global step count (13..30),
    with the optimizer state, and keeps the last 3 checkpoints."""
    from mindspore_common.checkpoint import find_resume, list_checkpoints, read_meta
    assert "fine net step %d/%d" % (FINE_FIRST_RUN, FINE_FIRST_RUN) in trained["logs"]["fine_a"]
    log_b = trained["logs"]["fine_b"]
    assert re.search(r"resume: loaded .*FineNet\S*\.ckpt \(step %d, epoch 1\), continuing at step %d"
                     % (FINE_FIRST_RUN, FINE_FIRST_RUN), log_b), log_b
    steps_b = [int(s) for s in re.findall(r"fine net step (\d+)/%d" % FINE_STEPS, log_b)]
    assert steps_b[0] == FINE_FIRST_RUN + 1 and steps_b[-1] == FINE_STEPS
    kept = list_checkpoints(trained["ckpt"], "FineNet")
    steps = sorted(read_meta(p)["step"] for p in kept)
    # every 6 steps of the resumed run (ModelCheckpoint counts from the run's start) and at its end;
    # only the last 3 kept (the first run's 6 and 12 are gone)
    assert len(steps) == 3 and steps[-1] == FINE_STEPS and steps[1] - steps[0] == 6 and steps[0] > FINE_FIRST_RUN
    path, meta = find_resume(trained["ckpt"], "FineNet", read_meta(kept[0])["settings"])
    assert meta["step"] == FINE_STEPS
    state = ms.load_checkpoint(path)
    assert "moment1.conv1.weight" in state  # optimizer state travels with the weights
    assert read_meta(trained["fine"])["step"] == FINE_STEPS
    assert not glob.glob(os.path.join(trained["ckpt"], ".*"))  # atomic writes leave no temp files


def _score_against_baseline(trained, tmp_path, fine_ckpt):
    """eval.py's report and its _baseline.json; the baseline also checked against the one above."""
    report_path = str(tmp_path / "depthnet_mindspore.json")
    call_main("eval", ["--test_data", trained["data"], "--coarse_ckpt_model", trained["coarse"],
                       "--fine_ckpt_model", fine_ckpt, "--full_res", "--report", report_path, "--quiet"])
    report = read_report(report_path)
    base = read_report(str(tmp_path / "depthnet_mindspore_baseline.json"))
    independent = mean_depth_baseline(trained["data"])
    for key in ("abs_rel", "a1", "rmse"):
        assert base["metrics"][key] == pytest.approx(independent[key], rel=1e-4)
    assert report["num_samples"] == base["num_samples"] == len(glob.glob(os.path.join(trained["data"], "Test", "*_depth.png")))
    assert report["protocol"] == base["protocol"]
    assert report["protocol"]["crop"] == "nyu_eigen" and report["protocol"]["averaging"] == "per_image"
    panel = io.read_png(str(tmp_path / "depthnet_mindspore.png"))
    assert panel.shape[1] == 3 * 640  # RGB | prediction | ground truth, each at the input's 640 columns
    return report, base["metrics"]


def test_trained_coarse_net_beats_mean_depth_baseline(trained, tmp_path):
    """36 CoarseNet steps (72 images) already beat the constant mean depth (abs_rel 0.27, a1 0.42 here);
    eval.py with an empty --fine_ckpt_model reports CoarseNet."""
    report, base = _score_against_baseline(trained, tmp_path, "")
    assert report["extra"]["reported_network"] == "CoarseNet"
    assert report["metrics"]["abs_rel"] < base["abs_rel"] - 0.02, (report["metrics"], base)
    assert report["metrics"]["a1"] > base["a1"] + 0.05, (report["metrics"], base)


def test_trained_coarse_plus_fine_beats_mean_depth_baseline(trained, tmp_path):
    """The end-to-end learning check on the whole model: coarse, then 30 FineNet steps (run in two
    parts joined by --resume) against the frozen coarse net, seeded, beats the constant mean depth
    with a margin."""
    report, base = _score_against_baseline(trained, tmp_path, trained["fine"])
    assert report["extra"]["reported_network"] == "FineNet"
    assert report["metrics"]["abs_rel"] < base["abs_rel"] - 0.02, (report["metrics"], base)
    assert report["metrics"]["a1"] > base["a1"] + 0.05, (report["metrics"], base)


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


def test_onnx_exports_run_in_onnxruntime_like_the_checkpoints(trained, tmp_path):
    """Both ONNX files load in onnxruntime and reproduce the checkpoints' outputs (<= 1e-4).
    CoarseNet's used to fail there: MindSpore writes Conv pads in its own order (issue #14)."""
    import onnxruntime as ort
    rng = np.random.default_rng(1)
    rgb = rng.random((1, 3, 228, 304), np.float32)
    coarse, fine = load_networks(trained["coarse"], trained["fine"])
    ref_c, ref_f = predict(coarse, fine, rgb)
    for which, ref, feeds in (("coarse", ref_c, {"rgb": rgb}), ("fine", ref_f, {"rgb": rgb, "coarse_log_depth": ref_c})):
        path, _ = call_main("export", ["--coarse_or_fine", which, "--file_format", "ONNX", "--ckpt_file",
                                       trained[which], "--file_name", str(tmp_path / which)])
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        assert [i.name for i in session.get_inputs()] == list(feeds)
        out = session.run(None, feeds)[0]
        assert out.shape == (1, 1, 55, 74)
        np.testing.assert_allclose(out, ref, rtol=0, atol=1e-4)


def test_infer_writes_whole_image_png16_npy_and_colour(trained, tmp_path):
    image = sorted(glob.glob(os.path.join(trained["data"], "Test", "*_colors.png")))[0]
    call_main("infer", ["--input", image, "--output", str(tmp_path), "--coarse_ckpt_model", trained["coarse"],
                        "--fine_ckpt_model", trained["fine"]])
    stem = os.path.join(str(tmp_path), os.path.basename(image)[:-4] + "_depth")
    depth = io.read_npy(stem + ".npy")
    assert depth.shape == (480, 640) and depth.dtype == np.float32  # the whole input, at its size
    np.testing.assert_allclose(io.read_png16(stem + ".png", scale=1000.0), depth, atol=0.5e-3 + 1e-6)
    colour = io.read_png(stem + "_color.png")
    assert colour.shape == (480, 640, 3) and colour.std() > 0
    # same numbers as the network output: crop window corner = output pixel (0, 0); border repeats it
    from src.data_loader import prepare_rgb, read_rgb
    coarse, fine = load_networks(trained["coarse"], trained["fine"])
    _, f = predict(coarse, fine, prepare_rgb(read_rgb(image))[None])
    corner = float(np.clip(np.exp(f[0, 0, 0, 0]), 0.1, 10))
    assert depth[12, 16] == pytest.approx(corner, rel=1e-4)
    assert depth[0, 0] == depth[12, 16] and depth[479, 639] == depth[467, 623]


def test_infer_keeps_wide_image_size_warns_and_names_skipped_files(trained, tmp_path, capsys):
    import cv2
    folder = tmp_path / "in"
    folder.mkdir()
    rng = np.random.default_rng(0)
    cv2.imwrite(str(folder / "wide.jpg"), rng.integers(0, 255, (72, 128, 3), dtype=np.uint8))
    cv2.imwrite(str(folder / "old_depth.png"), np.zeros((48, 64), np.uint16))
    _, out = call_main("infer", ["--input", str(folder), "--output", str(tmp_path / "out"),
                                 "--coarse_ckpt_model", trained["coarse"], "--fine_ckpt_model", trained["fine"]])
    assert "skipping %s" % (folder / "old_depth.png") in out
    assert "wide.jpg is 128x72 (aspect 1.78), DepthNet expects 4:3" in out
    assert io.read_npy(str(tmp_path / "out" / "wide_depth.npy")).shape == (72, 128)


def test_loader_outpaces_training_at_least_twice(trained):
    """bench.py's loader figure (augmented pipeline, 2 workers) against the images/s CoarseNet trained
    at in the fixture: the loader must never be the bottleneck."""
    import bench
    train_ips = [float(x) for x in re.findall(r"coarse net step \d+/\d+ .*\| ([0-9.]+) img/s", trained["logs"]["coarse"])]
    loader_ips = bench.loader_images_per_s(trained["data"], batch_size=2, workers=2, batches=8)
    assert loader_ips >= 2 * train_ips[-1], (loader_ips, train_ips[-1])
