"""KITTI raw: calibration, velodyne, GT PNG, stereo and temporal consistency,
all checked from the files on disk with independent readers."""
import glob
import os
import struct

import cv2
import numpy as np
import pytest

from conftest import KITTI
from sample_data import driving
from sample_data.camera import Camera

DATE = "2011_09_26"


def read_calib(path):
    """Independent parser of KITTI ``key: floats`` files."""
    out = {}
    for line in open(path):
        key, _, value = line.partition(":")
        try:
            out[key] = np.array([float(x) for x in value.split()])
        except ValueError:
            pass
    return out


def drive_dir(root, k):
    return os.path.join(root, DATE, "%s_drive_%04d_sync" % (DATE, k))


def load_velo(path):
    data = open(path, "rb").read()
    n = len(data) // 16
    return np.array(struct.unpack("<%df" % (4 * n), data), dtype=np.float32).reshape(n, 4)


def gt_depth(root, k, i, cam="image_02"):
    png = cv2.imread(os.path.join(drive_dir(root, k), "proj_depth", "groundtruth", cam,
                                  "%010d.png" % i), cv2.IMREAD_UNCHANGED)
    assert png.dtype == np.uint16
    return png.astype(np.float64) / 256.0


def calib(root):
    c2c = read_calib(os.path.join(root, DATE, "calib_cam_to_cam.txt"))
    v2c = read_calib(os.path.join(root, DATE, "calib_velo_to_cam.txt"))
    return c2c, v2c


def test_calibration_files_have_kitti_keys_and_sizes(kitti_dir):
    c2c, v2c = calib(kitti_dir)
    for k in range(4):
        for key in ("S_%02d", "K_%02d", "D_%02d", "R_%02d", "T_%02d", "S_rect_%02d",
                    "R_rect_%02d", "P_rect_%02d"):
            assert (key % k) in c2c
    assert list(c2c["S_rect_02"]) == [KITTI["width"], KITTI["height"]]
    p2 = c2c["P_rect_02"].reshape(3, 4)
    p3 = c2c["P_rect_03"].reshape(3, 4)
    assert (p2[0, 3] - p3[0, 3]) / p2[0, 0] == pytest.approx(0.54)  # stereo baseline
    full = 721.5377 * KITTI["width"] / 1242.0
    assert p2[0, 0] == pytest.approx(full, rel=1e-6)
    assert v2c["R"].shape == (9,) and v2c["T"].shape == (3,)
    assert "delta_f" in v2c and "delta_c" in v2c


def test_layout_and_split_files(kitti_dir):
    n = KITTI["num"]
    for k in (1, 2):
        for sub, ext in (("image_02/data", "jpg"), ("image_03/data", "jpg"),
                         ("velodyne_points/data", "bin"), ("proj_depth/groundtruth/image_02", "png"),
                         ("proj_depth/groundtruth/image_03", "png")):
            files = sorted(glob.glob(os.path.join(drive_dir(kitti_dir, k), sub, "*." + ext)))
            assert [os.path.basename(f) for f in files] == ["%010d.%s" % (i, ext) for i in range(n)]
    for split in ("train", "val", "test"):
        lines = open(os.path.join(kitti_dir, "splits", "sample", split + "_files.txt")).read().split()
        assert len(lines) % 3 == 0 and lines
        for folder, frame, side in zip(lines[0::3], lines[1::3], lines[2::3]):
            assert side in ("l", "r")
            i = int(frame)
            assert os.path.isdir(os.path.join(kitti_dir, folder))
            img = os.path.join(kitti_dir, folder, "image_02" if side == "l" else "image_03", "data")
            assert os.path.isfile(os.path.join(img, "%010d.jpg" % i))
            if split in ("train", "val"):  # temporal neighbours exist
                assert os.path.isfile(os.path.join(img, "%010d.jpg" % (i - 1)))
                assert os.path.isfile(os.path.join(img, "%010d.jpg" % (i + 1)))
            else:
                assert os.path.isfile(os.path.join(kitti_dir, folder, "velodyne_points", "data",
                                                   "%010d.bin" % i))


def test_velodyne_projects_onto_matching_depth(kitti_dir):
    c2c, v2c = calib(kitti_dir)
    p2 = c2c["P_rect_02"].reshape(3, 4)
    r_rect = np.eye(4)
    r_rect[:3, :3] = c2c["R_rect_00"].reshape(3, 3)
    velo2cam = np.eye(4)
    velo2cam[:3, :3] = v2c["R"].reshape(3, 3)
    velo2cam[:3, 3] = v2c["T"]
    proj = p2.dot(r_rect).dot(velo2cam)
    for k in (1, 2):
        for i in (0, KITTI["num"] - 1):
            pts = load_velo(os.path.join(drive_dir(kitti_dir, k), "velodyne_points", "data",
                                         "%010d.bin" % i))
            assert len(pts) > 100
            assert np.all(pts[:, 0] > 0)  # in front of the car (velodyne x forward)
            assert np.all((pts[:, 3] >= 0) & (pts[:, 3] <= 1))
            x = np.c_[pts[:, :3].astype(np.float64), np.ones(len(pts))].dot(proj.T)
            z = x[:, 2]
            u, v = x[:, 0] / z, x[:, 1] / z
            ui, vi = np.round(u).astype(int), np.round(v).astype(int)
            assert np.all((ui >= 0) & (ui < KITTI["width"]) & (vi >= 0) & (vi < KITTI["height"]))
            assert np.abs(u - ui).max() < 0.01 and np.abs(v - vi).max() < 0.01
            gt = gt_depth(kitti_dir, k, i)
            assert np.all(gt[vi, ui] > 0)  # never sky
            assert np.abs(gt[vi, ui] - z).max() <= 1.0 / 512 + 1e-4
            # scan lines: at most 64 distinct beam elevations
            elev = np.degrees(np.arctan2(pts[:, 2], np.hypot(pts[:, 0], pts[:, 1])))
            assert len(np.unique(np.round((elev - 2.0) / (26.8 / 63)))) <= 64


def test_gt_png_matches_renderer_and_sky_is_zero(kitti_dir):
    street, poses = driving.drive_poses(KITTI["seed"] * 1000 + 100, KITTI["num"])
    frame = driving.render_stereo(street, poses[2], KITTI["height"], KITTI["width"])
    gt = gt_depth(kitti_dir, 1, 2)
    depth = frame["depth"]
    assert np.all((gt == 0) == (depth == 0))
    assert (depth == 0).any() and (depth > 0).mean() > 0.5  # some sky, mostly scene
    assert np.abs(gt - depth).max() <= 1.0 / 512 + 1e-4
    rgb = cv2.imread(os.path.join(drive_dir(kitti_dir, 1), "image_02", "data", "%010d.jpg" % 2))
    assert np.abs(rgb[:, :, ::-1].astype(int) - frame["rgb"]).mean() < 8
    right = gt_depth(kitti_dir, 1, 2, "image_03")
    assert np.abs(right - frame["depth_right"]).max() <= 1.0 / 512 + 1e-4
    assert np.abs(right - depth).max() > 1.0  # a different view, not a copy


def _bilinear(img, x, y):
    return np.stack([cv2.remap(img[..., c].astype(np.float32), x.astype(np.float32),
                               y.astype(np.float32), cv2.INTER_LINEAR) for c in range(3)], -1)


def test_stereo_right_image_at_disparity_matches_left(kitti_dir):
    c2c, _ = calib(kitti_dir)
    p2, p3 = c2c["P_rect_02"].reshape(3, 4), c2c["P_rect_03"].reshape(3, 4)
    f = p2[0, 0]
    baseline = (p2[0, 3] - p3[0, 3]) / f
    folder = drive_dir(kitti_dir, 2)
    left = cv2.imread(os.path.join(folder, "image_02", "data", "0000000001.jpg")).astype(np.float32)
    right = cv2.imread(os.path.join(folder, "image_03", "data", "0000000001.jpg")).astype(np.float32)
    depth = gt_depth(kitti_dir, 2, 1)
    h, w = depth.shape
    v, u = np.mgrid[0:h, 0:w].astype(np.float64)
    valid = depth > 0
    disp = np.where(valid, f * baseline / np.where(valid, depth, 1.0), 0.0)
    xr = u - disp
    warped = _bilinear(right, xr, v)
    # occlusion: the right view must see the same surface (its depth at xr agrees)
    street, poses = driving.drive_poses(KITTI["seed"] * 1000 + 101, KITTI["num"])
    depth_r = driving.render_stereo(street, poses[1], h, w)["depth_right"]
    dr = cv2.remap(depth_r.astype(np.float32), xr.astype(np.float32), v.astype(np.float32),
                   cv2.INTER_NEAREST)
    ok = valid & (xr > 1) & (xr < w - 2) & (np.abs(dr - depth) < 0.02 * depth + 0.05)
    assert ok.mean() > 0.3
    err = np.abs(warped - left).mean(axis=2)[ok]
    assert np.median(err) < 6 and err.mean() < 12
    # the check can fail: a wrong baseline gives a much larger error
    wrong = _bilinear(right, u - 1.5 * disp, v)
    assert np.abs(wrong - left).mean(axis=2)[ok].mean() > 1.5 * err.mean()


def test_temporal_warp_with_known_pose_reproduces_frame():
    h, w = 94, 310
    street, poses = driving.drive_poses(5, 3)
    cam = Camera(h, w, 721.5377 * w / 1242, 721.5377 * h / 375, 609.5593 * w / 1242,
                 172.854 * h / 375)
    f0 = driving.render_stereo(street, poses[0], h, w)
    f1 = driving.render_stereo(street, poses[1], h, w)
    pts = cam.backproject(f0["depth"]).reshape(-1, 3)
    t01 = np.linalg.inv(poses[1]).dot(poses[0])  # camera 0 -> camera 1
    p1 = pts.dot(t01[:3, :3].T) + t01[:3, 3]
    uv, z1 = cam.project(p1)
    x, y = uv[:, 0].reshape(h, w), uv[:, 1].reshape(h, w)
    warped = _bilinear(f1["rgb"].astype(np.float32), x, y)
    d1 = cv2.remap(f1["depth"], x.astype(np.float32), y.astype(np.float32), cv2.INTER_NEAREST)
    z1 = z1.reshape(h, w)
    ok = (f0["depth"] > 0) & (x > 1) & (x < w - 2) & (y > 1) & (y < h - 2) & \
        (np.abs(d1 - z1) < 0.02 * z1 + 0.05)
    assert ok.mean() > 0.3
    err = np.abs(warped - f0["rgb"]).mean(axis=2)[ok]
    assert np.median(err) < 6 and err.mean() < 12
    static = np.abs(f1["rgb"].astype(np.float32) - f0["rgb"]).mean(axis=2)[ok]
    assert static.mean() > 1.5 * err.mean()  # the camera did move
