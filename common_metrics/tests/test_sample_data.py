"""common_metrics on sample_data output in the real dataset layouts (NYU DepthNet
Test/ PNGs in millimetres, KITTI proj_depth PNGs at 1/256 m)."""
import glob
import os
import subprocess
import sys

import numpy as np
import pytest

from common_metrics import io
from common_metrics.crops import depth_range_mask, kitti_garg_crop, nyu_eigen_crop
from common_metrics.depth import DepthMetricAccumulator

pytest.importorskip("sample_data")


def _generate(fmt, out, *args):
    subprocess.check_call([sys.executable, "-m", "sample_data", fmt, "--out", str(out),
                           "--quiet"] + list(args))


def _oracle_and_biased(gts, crop, lo, hi):
    results = {}
    for name, factor in (("oracle", 1.0), ("biased", 1.1)):
        acc = {a: DepthMetricAccumulator(a) for a in ("per_image", "pooled")}
        for gt in gts:
            mask = crop(gt.shape) & depth_range_mask(gt, lo, hi)
            for a in acc.values():
                assert a.update(gt * np.float32(factor), gt, mask)
        results[name] = {a: acc[a].result() for a in acc}
    return results


def _check(results):
    for averaging in ("per_image", "pooled"):
        oracle = results["oracle"][averaging]
        assert (oracle["a1"], oracle["abs_rel"], oracle["rmse"]) == (1.0, 0.0, 0.0)
        biased = results["biased"][averaging]
        # pred = 1.1 gt everywhere: abs_rel = 0.1, rmse_log = ln 1.1, silog = 0
        assert biased["abs_rel"] == pytest.approx(0.1, rel=1e-5)
        assert biased["rmse_log"] == pytest.approx(np.log(1.1), rel=1e-5)
        assert biased["silog"] == pytest.approx(0.0, abs=1e-3)
        assert biased["a1"] == 1.0
    # a uniform relative error: the relative metrics agree between per-image and pooled
    # averaging (rmse and sq_rel do not: they grow with each image's depth)
    for k in ("abs_rel", "rmse_log", "log10", "silog", "a1", "a2", "a3"):
        assert results["biased"]["per_image"][k] == pytest.approx(
            results["biased"]["pooled"][k], rel=1e-5, abs=1e-4)


def test_nyu_depthnet_test_pngs(tmp_path):
    _generate("nyu_depthnet", tmp_path, "--num", "4", "--height", "48", "--width", "64")
    depth_files = sorted(glob.glob(str(tmp_path / "Test" / "*_depth.png")))
    assert depth_files
    gts = []
    for f in depth_files:
        gt = io.read_png16(f, scale=1000.0)
        assert gt.shape == (48, 64) and 0.3 < gt[gt > 0].mean() < 10.0   # metres
        rgb = io.read_png(f.replace("_depth.png", "_colors.png"))
        assert rgb.shape == (48, 64, 3) and rgb.dtype == np.uint8
        gts.append(gt)
    _check(_oracle_and_biased(gts, nyu_eigen_crop, 1e-3, 10.0))


def test_kitti_groundtruth_pngs(tmp_path):
    _generate("kitti_raw", tmp_path, "--num", "3", "--height", "64", "--width", "208")
    files = sorted(glob.glob(str(tmp_path / "*" / "*_sync" / "proj_depth" / "groundtruth"
                                 / "image_02" / "*.png")))
    assert files
    gts = [io.read_png16(f, scale=256.0) for f in files]
    for gt in gts:
        assert gt.shape == (64, 208) and 1.0 < gt[gt > 0].mean() < 80.0
    _check(_oracle_and_biased(gts, kitti_garg_crop, 1e-3, 80.0))
    assert os.path.isfile(str(tmp_path / "splits" / "sample" / "test_files.txt"))
