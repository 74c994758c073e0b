"""KITTI calibration files and velodyne -> image-plane depth."""
import os

import numpy as np


def read_calib_file(path):
    """KITTI 'key: v1 v2 ...' calibration file -> dict of float arrays; a non-numeric value
    (calib_time, or a damaged line) is kept as its text so that a check can name it."""
    if not os.path.isfile(path):
        raise FileNotFoundError("calibration file not found: {}".format(path))
    data = {}
    with open(path, "r") as f:
        for line in f:
            if ":" not in line:
                continue
            key, value = line.split(":", 1)
            try:
                data[key.strip()] = np.array([float(x) for x in value.split()])
            except ValueError:
                data[key.strip()] = value.strip()
    return data


def load_velodyne_points(path):
    """(N, 4) float32 x y z reflectance from a KITTI .bin; reflectance replaced by 1."""
    if not os.path.isfile(path):
        raise FileNotFoundError("velodyne file not found: {}".format(path))
    raw = np.fromfile(path, dtype=np.float32)
    if raw.size % 4:
        raise ValueError("corrupt velodyne file (size not a multiple of 4 floats): {}".format(path))
    points = raw.reshape(-1, 4).copy()
    points[:, 3] = 1.0
    return points


def _require(calib, keys, path):
    missing = [k for k in keys if k not in calib]
    if missing:
        raise ValueError("{} lacks {}".format(path, ", ".join(missing)))
    for k in keys:
        if isinstance(calib[k], str):
            raise ValueError("{}: {} is not numeric: {!r}".format(path, k, calib[k][:60]))


def generate_depth_map(calib_dir, velo_filename, cam=2, vel_depth=False):
    """Project a velodyne scan into camera ``cam`` (P_rect_0cam . R_rect_00 . [R|T]).

    Pixel = round(u) - 1, round(v) - 1; points behind the scanner dropped; where several
    points land on one pixel the nearest wins. Returns float32 (H, W), 0 = no point.
    """
    c2c_path = os.path.join(calib_dir, "calib_cam_to_cam.txt")
    v2c_path = os.path.join(calib_dir, "calib_velo_to_cam.txt")
    cam2cam = read_calib_file(c2c_path)
    velo2cam = read_calib_file(v2c_path)
    _require(cam2cam, ["S_rect_0{}".format(cam), "R_rect_00", "P_rect_0{}".format(cam)], c2c_path)
    _require(velo2cam, ["R", "T"], v2c_path)

    Rt = np.vstack([np.hstack([velo2cam["R"].reshape(3, 3), velo2cam["T"].reshape(3, 1)]),
                    [0.0, 0.0, 0.0, 1.0]])
    w, h = cam2cam["S_rect_0{}".format(cam)].astype(np.int32)
    R_rect = np.eye(4)
    R_rect[:3, :3] = cam2cam["R_rect_00"].reshape(3, 3)
    P_rect = cam2cam["P_rect_0{}".format(cam)].reshape(3, 4)
    P_velo2im = P_rect @ R_rect @ Rt

    velo = load_velodyne_points(velo_filename)
    velo = velo[velo[:, 0] >= 0]
    pts = (P_velo2im @ velo.T).T
    z = pts[:, 2]
    keep = z > 0
    pts, z, velo = pts[keep], z[keep], velo[keep]
    u = np.round(pts[:, 0] / z).astype(np.int64) - 1
    v = np.round(pts[:, 1] / z).astype(np.int64) - 1
    d = velo[:, 0] if vel_depth else z
    ok = (u >= 0) & (v >= 0) & (u < w) & (v < h)
    u, v, d = u[ok], v[ok], d[ok]

    depth = np.zeros((h, w), dtype=np.float32)
    # nearest point wins: sort by (pixel, depth) and keep the first entry of every pixel
    flat = v * w + u
    order = np.lexsort((d, flat))
    flat, d = flat[order], d[order]
    first = np.ones(flat.shape, dtype=bool)
    first[1:] = flat[1:] != flat[:-1]
    depth.reshape(-1)[flat[first]] = d[first]
    depth[depth < 0] = 0
    return depth
