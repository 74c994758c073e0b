"""Back-projection / projection, pose matrices, and a known stereo pose on sample_data frames."""
import os

import cv2
import numpy as np
import paddle
import paddle.nn.functional as F

from kitti_utils import read_calib_file
from layers import (BackprojectDepth, Project3D, disp_to_depth, rot_from_axisangle,
                    transformation_from_parameters)


def test_identity_pose_returns_pixel_grid():
    b, h, w = 2, 6, 8
    K = np.array([[5.0, 0, 4, 0], [0, 6.0, 3, 0], [0, 0, 1, 0], [0, 0, 0, 1]], "float32")
    K = paddle.to_tensor(np.stack([K] * b))
    inv_K = paddle.to_tensor(np.linalg.inv(K.numpy()))
    depth = paddle.to_tensor(np.random.RandomState(0).uniform(1, 50, (b, 1, h, w)).astype("float32"))
    pts = BackprojectDepth(b, h, w)(depth, inv_K)
    grid = Project3D(b, h, w)(pts, K, paddle.eye(4).expand([b, 4, 4])).numpy()
    xs, ys = np.meshgrid(np.arange(w), np.arange(h))
    np.testing.assert_allclose(grid[0, ..., 0], xs / (w - 1) * 2 - 1, atol=1e-5)
    np.testing.assert_allclose(grid[1, ..., 1], ys / (h - 1) * 2 - 1, atol=1e-5)


def test_rotation_hand_value_and_inverse():
    aa = paddle.to_tensor([[[0.0, 0.0, np.pi / 2]]], dtype="float32")
    R = rot_from_axisangle(aa).numpy()[0]
    np.testing.assert_allclose(R[:3, :3], [[0, -1, 0], [1, 0, 0], [0, 0, 1]], atol=1e-6)
    aa = paddle.to_tensor([[[0.1, -0.2, 0.3]]], dtype="float32")
    t = paddle.to_tensor([[[0.5, 0.1, -0.4]]], dtype="float32")
    M = transformation_from_parameters(aa, t).numpy()[0]
    Minv = transformation_from_parameters(aa, t, invert=True).numpy()[0]
    np.testing.assert_allclose(M @ Minv, np.eye(4), atol=1e-5)
    np.testing.assert_allclose(M[:3, 3], [0.5, 0.1, -0.4], atol=1e-6)


def test_disp_to_depth_range():
    s, d = disp_to_depth(np.array([0.0, 1.0]), 0.1, 100.0)
    np.testing.assert_allclose(d, [100.0, 0.1])
    np.testing.assert_allclose(s, [0.01, 10.0])


def _warp_error(kitti_root, tx):
    drive = os.path.join(kitti_root, "2011_09_26", "2011_09_26_drive_0001_sync")
    left = cv2.imread(os.path.join(drive, "image_02", "data", "0000000002.jpg"))[..., ::-1] / 255.0
    right = cv2.imread(os.path.join(drive, "image_03", "data", "0000000002.jpg"))[..., ::-1] / 255.0
    gt = cv2.imread(os.path.join(drive, "proj_depth", "groundtruth", "image_02", "0000000002.png"),
                    cv2.IMREAD_UNCHANGED) / 256.0
    h, w = gt.shape
    calib = read_calib_file(os.path.join(kitti_root, "2011_09_26", "calib_cam_to_cam.txt"))
    K = np.eye(4, dtype="float32")
    K[:3, :3] = calib["P_rect_02"].reshape(3, 4)[:, :3]
    T = np.eye(4, dtype="float32")
    T[0, 3] = tx
    valid = gt > 0
    depth = np.where(valid, gt, 1e3).astype("float32")
    pts = BackprojectDepth(1, h, w)(paddle.to_tensor(depth[None, None]),
                                    paddle.to_tensor(np.linalg.inv(K)[None]))
    grid = Project3D(1, h, w)(pts, paddle.to_tensor(K[None]), paddle.to_tensor(T[None]))
    src = paddle.to_tensor(right.transpose(2, 0, 1)[None].astype("float32"))
    warped = F.grid_sample(src, grid, padding_mode="border", align_corners=True)[0].numpy()
    inside = valid & (np.abs(grid[0, ..., 0].numpy()) < 0.95)
    err = np.abs(warped.transpose(1, 2, 0) - left).mean(-1)
    ident = np.abs(right - left).mean(-1)
    return err[inside].mean(), ident[inside].mean()


def test_known_stereo_pose_warps_right_view_onto_left(kitti_root):
    """sample_data: image_03 sits 0.54 m right of image_02; T = [I | (-0.54, 0, 0)]."""
    err, ident = _warp_error(kitti_root, -0.54)
    wrong, _ = _warp_error(kitti_root, +0.54)
    assert err < 0.5 * ident, (err, ident)
    assert err < 0.5 * wrong, (err, wrong)
