"""The scenes carry a learnable depth signal: the camera height and pitch stay in a
narrow range, so floor/road perspective ties depth to the image row. A row prior
learned on some scenes predicts floor and road depth of unseen scenes far better
than a constant mean depth (the baseline the model projects must beat)."""
import numpy as np

from sample_data import driving, indoor
from sample_data.camera import kitti_camera, nyu_camera

H, W = 30, 40


def _floor_views(seeds):
    """Depth maps with only floor pixels valid (world y = floor height)."""
    cam = nyu_camera(H, W)
    out = []
    for seed in seeds:
        room, poses = indoor.trajectory(seed, 12)
        for c2w in poses[::4]:
            _, depth = indoor.render_view(room, c2w, H, W)
            pts = cam.backproject(depth).reshape(-1, 3)
            y_world = pts.dot(c2w[:3, :3].T)[:, 1] + c2w[1, 3]
            floor = (np.abs(y_world - room.cam_height) < 1e-3).reshape(H, W)
            out.append(np.where(floor, depth, 0.0))
    return out


def _row_prior(depths):
    stack = np.stack(depths)
    valid = stack > 0
    total = np.where(valid, stack, 0).sum(axis=(0, 2))
    count = valid.sum(axis=(0, 2))
    return np.where(count > 0, total / np.maximum(count, 1), np.nan), stack[valid].mean()


def _compare(train, test):
    row, mean = _row_prior(train)
    err_row, err_mean = [], []
    for depth in test:
        mask = (depth > 0) & np.isfinite(row)[:, None]
        pred = np.repeat(row[:, None], depth.shape[1], axis=1)
        err_row.append(np.abs(pred - depth)[mask] / depth[mask])
        err_mean.append(np.abs(mean - depth)[mask] / depth[mask])
    return np.mean(np.concatenate(err_row)), np.mean(np.concatenate(err_mean))


def test_indoor_floor_depth_is_predictable_from_the_row():
    row_err, mean_err = _compare(_floor_views(range(6)), _floor_views(range(100, 103)))
    assert row_err < 0.2 and row_err < 0.5 * mean_err


def test_driving_road_depth_is_predictable_from_the_row():
    h, w = 40, 132
    cam = kitti_camera(h, w)

    def road_views(seeds):
        out = []
        for seed in seeds:
            street, poses = driving.drive_poses(seed, 6)
            for c2w in poses[::3]:
                d = driving.render_stereo(street, c2w, h, w)["depth"].astype(np.float64)
                pts = cam.backproject(d).reshape(-1, 3)
                y_world = pts.dot(c2w[:3, :3].T)[:, 1] + c2w[1, 3]
                road = (d > 0) & (np.abs(y_world - driving.CAM_HEIGHT) < 1e-3).reshape(h, w)
                out.append(np.where(road, d, 0.0))
        return out

    row_err, mean_err = _compare(road_views(range(3)), road_views(range(50, 52)))
    assert row_err < 0.1 and row_err < 0.3 * mean_err
