"""export_gt_depth on sample_data, oracle evaluation, stereo scale path, reports, bad inputs."""
import os
import shutil
import subprocess
import sys

import cv2
import numpy as np
import pytest

import evaluate_depth
import export_gt_depth
from common_metrics.report import read_report
from kitti_utils import generate_depth_map
from options import MonodepthOptions

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def gt_split(kitti_root, tmp_path_factory):
    d = str(tmp_path_factory.mktemp("split") / "sample")
    shutil.copytree(os.path.join(kitti_root, "splits", "sample"), d)
    export_gt_depth.export(kitti_root, d)
    return d


def test_gt_npz_is_pickle_free_and_velodyne_matches_dense_gt(kitti_root, gt_split):
    gts = export_gt_depth.load_gt_depths(os.path.join(gt_split, "gt_depths.npz"))
    lines = open(os.path.join(gt_split, "test_files.txt")).read().split()
    assert len(gts) == len(lines) // 3
    with np.load(os.path.join(gt_split, "gt_depths.npz"), allow_pickle=False) as z:
        assert all(z[k].dtype != object for k in z.files)
    folder, frame = lines[0], int(lines[1])
    # camera-z projection of the scan agrees with the dense KITTI-format ground truth
    sparse = generate_depth_map(os.path.join(kitti_root, folder.split("/")[0]),
                                os.path.join(kitti_root, folder, "velodyne_points", "data",
                                             "{:010d}.bin".format(frame)), 2, False)
    dense = cv2.imread(os.path.join(kitti_root, folder, "proj_depth", "groundtruth", "image_02",
                                    "{:010d}.png".format(frame)), cv2.IMREAD_UNCHANGED) / 256.0
    # sample_data writes each scan point from the centre of its pixel; KITTI's "round - 1"
    # convention stores it one row/column up-left, so sparse[v, u] == dense[v + 1, u + 1]
    s, d = sparse[:-1, :-1], dense[1:, 1:]
    both = (s > 0) & (d > 0)
    assert both.sum() > 100
    shifted = np.median(np.abs(s[both] - d[both]) / d[both])
    same = (sparse > 0) & (dense > 0)
    unshifted = np.median(np.abs(sparse[same] - dense[same]) / dense[same])
    assert shifted < 1e-3 and unshifted > 10 * shifted, (shifted, unshifted)


def test_nearest_point_wins_and_round_minus_one(tmp_path):
    calib = tmp_path / "calib"
    calib.mkdir()
    (calib / "calib_cam_to_cam.txt").write_text(
        "S_rect_02: 10 8\nR_rect_00: 1 0 0 0 1 0 0 0 1\nP_rect_02: 2 0 4 0 0 2 3 0 0 0 1 0\n")
    # velodyne x forward; velo->cam maps (x, y, z) -> (-y, -z, x)
    (calib / "calib_velo_to_cam.txt").write_text("R: 0 -1 0 0 0 -1 1 0 0\nT: 0 0 0\n")
    pts = np.array([[10, 0, 0, 1], [5, 0, 0, 1], [-3, 0, 0, 1]], np.float32)
    velo = tmp_path / "v.bin"
    pts.tofile(str(velo))
    d = generate_depth_map(str(calib), str(velo), 2, False)
    # u = 2*0/z + 4 = 4 -> column 3; v = 3 -> row 2; nearest (5 m) wins; point behind dropped
    assert d.shape == (8, 10)
    assert d[2, 3] == 5.0 and (d > 0).sum() == 1


def test_missing_calibration_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="calib_cam_to_cam.txt"):
        generate_depth_map(str(tmp_path), str(tmp_path / "x.bin"))


def _opt(*args):
    return MonodepthOptions().parse(list(args))


def test_oracle_gt_as_prediction_scores_perfectly(gt_split, tmp_path):
    gts = export_gt_depth.load_gt_depths(os.path.join(gt_split, "gt_depths.npz"))
    # prediction = GT up to an unknown scale (x3): median scaling must recover it
    disps = np.stack([np.where(g > 0, 1.0 / (3.0 * np.maximum(g, 1e-3)), 1.0) for g in gts])
    path = str(tmp_path / "d.npy")
    np.save(path, disps.astype(np.float32))
    report = str(tmp_path / "r.json")
    res = evaluate_depth.evaluate(_opt("--eval_mono", "--ext_disp_to_eval", path,
                                       "--eval_split", gt_split, "--report", report))
    assert res["abs_rel"] < 1e-6 and res["a1"] == 1.0
    rep = read_report(report)
    assert rep["protocol"]["scaling"] == "median" and rep["protocol"]["crop"] == "garg"
    assert rep["num_samples"] == len(gts)


def test_stereo_scale_factor_path(gt_split, tmp_path):
    gts = export_gt_depth.load_gt_depths(os.path.join(gt_split, "gt_depths.npz"))
    # a stereo model predicts depth / 5.4 (baseline 0.1 instead of 0.54)
    disps = np.stack([np.where(g > 0, 5.4 / np.maximum(g, 1e-3), 1.0) for g in gts])
    path = str(tmp_path / "d.npy")
    np.save(path, disps.astype(np.float32))
    res = evaluate_depth.evaluate(_opt("--eval_stereo", "--ext_disp_to_eval", path,
                                       "--eval_split", gt_split))
    assert res["abs_rel"] < 1e-5
    # no median scaling in stereo mode: a 2x wrong scale is reported as such
    np.save(path, (disps / 2).astype(np.float32))
    res = evaluate_depth.evaluate(_opt("--eval_stereo", "--ext_disp_to_eval", path,
                                       "--eval_split", gt_split))
    assert 0.9 < res["abs_rel"] < 1.1


def test_bad_predictions_and_missing_gt(gt_split, tmp_path):
    path = str(tmp_path / "d.npy")
    np.save(path, np.zeros((3, 8, 8), np.float32))
    with pytest.raises(ValueError, match="d.npy"):
        evaluate_depth.evaluate(_opt("--eval_mono", "--ext_disp_to_eval", path,
                                     "--eval_split", gt_split))
    empty = tmp_path / "nogt"
    empty.mkdir()
    shutil.copy(os.path.join(gt_split, "test_files.txt"), str(empty))
    np.save(path, np.ones((3, 8, 8), np.float32))
    with pytest.raises(FileNotFoundError, match="export_gt_depth"):
        evaluate_depth.evaluate(_opt("--eval_mono", "--ext_disp_to_eval", path,
                                     "--eval_split", str(empty)))
    with pytest.raises(ValueError, match="exactly one"):
        evaluate_depth.evaluate(_opt("--ext_disp_to_eval", path, "--eval_split", gt_split))


def test_post_process_blend_hand_values():
    l = np.full((1, 4, 40), 1.0)
    r = np.full((1, 4, 40), 3.0)
    out = evaluate_depth.batch_post_process_disparity(l, r)
    assert out[0, 0, 0] == 3.0 and out[0, 0, -1] == 1.0   # borders take the unoccluded side
    np.testing.assert_allclose(out[0, 0, 20], 2.0)          # centre averages


def test_export_cli_missing_split_line_file(kitti_root, tmp_path):
    split = tmp_path / "s"
    split.mkdir()
    (split / "test_files.txt").write_text("2011_09_26/2011_09_26_drive_0001_sync 999 l\n")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "export_gt_depth.py"), "--data_path",
                        kitti_root, "--split", str(split)], capture_output=True, text=True)
    assert r.returncode != 0 and "0000000999.bin" in r.stderr and "Traceback" not in r.stderr


def test_eigen_benchmark_split_reads_depth_benchmark_pngs(kitti_root, tmp_path):
    d = str(tmp_path / "eigen_benchmark")
    shutil.copytree(os.path.join(kitti_root, "splits", "sample"), d)
    gts = export_gt_depth.load_gt_depths(export_gt_depth.export(kitti_root, d))
    folder, frame = open(os.path.join(d, "test_files.txt")).read().split()[:2]
    png = cv2.imread(os.path.join(kitti_root, folder, "proj_depth", "groundtruth", "image_02",
                                  "{:010d}.png".format(int(frame))), cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(gts[0], png.astype(np.float32) / 256.0)


def test_non_eigen_splits_use_every_positive_gt_pixel_like_upstream(gt_split, tmp_path):
    """Upstream masks 1e-3 < gt < 80 m and Garg-crops only for eigen; eigen_benchmark keeps every
    gt > 0, uncropped. GT beyond 80 m with a prediction capped at 80 m counts as an error
    there and nowhere else."""
    gts = export_gt_depth.load_gt_depths(os.path.join(gt_split, "gt_depths.npz"))
    far = [np.where(g > 0, g * 4.0, 0.0).astype(np.float32) for g in gts]  # up to ~300 m
    disps = np.stack([np.where(g > 0, 5.4 / np.maximum(g, 1e-3), 1.0) for g in far])
    path = str(tmp_path / "d.npy")
    np.save(path, disps.astype(np.float32))
    bench = tmp_path / "eigen_benchmark"
    bench.mkdir()
    shutil.copy(os.path.join(gt_split, "test_files.txt"), str(bench))
    arrays = {"count": np.array(len(far))}
    arrays.update({"depth_{:05d}".format(i): g for i, g in enumerate(far)})
    np.savez(str(bench / "gt_depths.npz"), **arrays)
    report = str(tmp_path / "r.json")
    res = evaluate_depth.evaluate(_opt("--eval_stereo", "--ext_disp_to_eval", path,
                                       "--eval_split", str(bench), "--report", report))
    assert np.max([g.max() for g in far]) > 80
    assert res["abs_rel"] > 0.01  # the > 80 m pixels are scored (predictions clip at 80 m)
    assert read_report(report)["protocol"]["crop"] is None
    # the same maps as an Eigen-protocol split (a folder): > 80 m is masked out, perfect score
    eig = tmp_path / "myeigen"
    shutil.copytree(str(bench), str(eig))
    res = evaluate_depth.evaluate(_opt("--eval_stereo", "--ext_disp_to_eval", path,
                                       "--eval_split", str(eig)))
    assert res["abs_rel"] < 1e-5


def test_benchmark_split_writes_upstream_submission_pngs(kitti_root, tmp_path):
    """Upstream: --eval_split benchmark writes <out>/benchmark_predictions/%010d.png, 1216x352,
    uint16 of depth*256 with depth = 5.4 * 5.2229753 / disp clipped to 80 m, and no score."""
    from common_metrics.io import read_png16
    split = tmp_path / "benchmark"
    split.mkdir()
    (split / "test_files.txt").write_text("image 0\nimage 1\n")
    disps = np.full((2, 8, 16), 0.5, np.float32)
    path = str(tmp_path / "d.npy")
    np.save(path, disps)
    assert evaluate_depth.evaluate(_opt("--eval_mono", "--ext_disp_to_eval", path, "--eval_split",
                                        str(split), "--eval_out_dir", str(tmp_path / "o"))) is None
    png = read_png16(str(tmp_path / "o" / "benchmark_predictions" / "0000000001.png"), scale=256.0)
    assert png.shape == (352, 1216)
    np.testing.assert_allclose(png, round(5.4 * 5.2229753 / 0.5 * 256) / 256.0, atol=1e-6)
    # the split lines themselves parse (they used to fail with "bad split line 'image 0'")
    import datasets
    ds = datasets.KITTIBenchmarkTestDataset(str(tmp_path), ["image 3"], 64, 192, [0], 1,
                                            img_ext=".png")
    assert ds.get_image_path(*ds.filenames[0]) == os.path.join(str(tmp_path), "image", "0000000003.png")


def test_upstream_gt_npz_and_bad_calibration_messages(tmp_path):
    path = str(tmp_path / "gt_depths.npz")
    np.savez_compressed(path, data=np.array([np.ones((2, 2)), np.ones((3, 3))], dtype=object))
    with pytest.raises(ValueError, match="upstream monodepth2's format.*export_gt_depth"):
        export_gt_depth.load_gt_depths(path)
    (tmp_path / "calib_cam_to_cam.txt").write_text(
        "S_rect_02: 10 8\nR_rect_00: 1 0 0 0 1 0 0 0 1\nP_rect_02: abc def\n")
    (tmp_path / "calib_velo_to_cam.txt").write_text("R: 0 -1 0 0 0 -1 1 0 0\nT: 0 0 0\n")
    with pytest.raises(ValueError, match="P_rect_02 is not numeric"):
        generate_depth_map(str(tmp_path), str(tmp_path / "x.bin"))


def test_split_name_error_lists_only_split_folders():
    with pytest.raises(ValueError) as e:
        _opt("--eval_split", "nope") and evaluate_depth.split_dir("nope", "--eval_split")
    msg = str(e.value)
    assert "eigen_zhou" in msg and "README.md" not in msg and "kitti_archives" not in msg
    assert "odom_9" not in MonodepthOptions().parser.format_help()
