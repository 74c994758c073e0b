"""KITTI raw calibration (2011_09_26 style) and velodyne sampling.

Geometry, in KITTI's convention:

* rectified camera-0 frame ``X0``; colour camera 2 (left) sees ``X2 = X0 + (t2, 0, 0)``
  and camera 3 (right) ``X3 = X0 + (t3, 0, 0)``; ``P_rect_0k = K [I | (fx*tk, 0, 0)]``;
* velodyne points map to pixels of image_02 by ``P_rect_02 @ R_rect_00 @ [R|T] @ X_velo``
  (``R_rect_00`` padded to 4x4), with the third row giving the z-depth.

Values are those of the 2011_09_26 recordings, rounded, with two simplifications
that make the geometry exact: the rectified cameras differ by pure x offsets,
and the right colour camera sits exactly ``STEREO_BASELINE`` = 0.54 m right of
the left one.
"""
import numpy as np

from .camera import KITTI_SIZE, kitti_camera

DATE = "2011_09_26"
T2 = 0.06          # camera 2 offset from camera 0 (P_rect_02[0, 3] = fx * T2)
BASELINE = 0.54    # camera 0 -> 1 and camera 2 -> 3
R_RECT_00 = np.array([[9.999239e-01, 9.837760e-03, -7.445048e-03],
                      [-9.869795e-03, 9.999421e-01, -4.278459e-03],
                      [7.402527e-03, 4.351614e-03, 9.999631e-01]])
VELO_R = np.array([[7.533745e-03, -9.999714e-01, -6.166020e-04],
                   [1.480249e-02, 7.280733e-04, -9.998902e-01],
                   [9.998621e-01, 7.523790e-03, 1.480755e-02]])
VELO_T = np.array([-4.069766e-03, -7.631618e-02, -2.717806e-01])
# HDL-64E-like beam pattern: 64 elevation angles (degrees) and azimuth step
BEAM_ELEVATIONS = np.linspace(2.0, -24.8, 64)
AZIMUTH_STEP = 0.5
MAX_RANGE = 120.0


def velo_to_cam():
    """4x4 ``[R|T]`` from velodyne to (unrectified) camera 0."""
    m = np.eye(4)
    m[:3, :3] = VELO_R
    m[:3, 3] = VELO_T
    return m


def rect_00():
    m = np.eye(4)
    m[:3, :3] = R_RECT_00
    return m


def p_rect(cam_index, height=None, width=None):
    """3x4 rectified projection matrix of camera 0..3 at the given image size."""
    cam = kitti_camera(height, width)
    offsets = {0: 0.0, 1: -BASELINE, 2: T2, 3: T2 - BASELINE}
    p = np.zeros((3, 4))
    p[:, :3] = cam.K
    p[0, 3] = cam.fx * offsets[cam_index]
    return p


def _fmt(values):
    return " ".join("%.6e" % v for v in np.asarray(values, dtype=np.float64).ravel())


def cam_to_cam_text(height=None, width=None):
    """Contents of ``calib_cam_to_cam.txt`` for images of ``height x width``."""
    h = height or KITTI_SIZE[0]
    w = width or KITTI_SIZE[1]
    cam = kitti_camera(h, w)
    # the raw (unrectified) sensors are 1392x512 in KITTI; images here are rectified
    raw_k = cam.K.copy()
    dist = [[-3.728755e-01, 2.037299e-01, 2.219027e-03, 1.383707e-03, -7.233722e-02],
            [-3.644661e-01, 1.790019e-01, 1.148107e-03, -6.298563e-04, -5.314062e-02],
            [-3.691481e-01, 1.968681e-01, 1.353473e-03, 5.677587e-04, -6.770705e-02],
            [-3.639558e-01, 1.788651e-01, 6.029694e-04, -3.922424e-04, -5.382460e-02]]
    offsets = {0: 0.0, 1: -BASELINE, 2: T2, 3: T2 - BASELINE}
    lines = ["calib_time: 09-Jan-2012 13:57:47", "corner_dist: 9.950000e-02"]
    for k in range(4):
        lines.append("S_%02d: %s" % (k, _fmt([1392, 512])))
        lines.append("K_%02d: %s" % (k, _fmt(raw_k)))
        lines.append("D_%02d: %s" % (k, _fmt(dist[k])))
        lines.append("R_%02d: %s" % (k, _fmt(np.eye(3))))
        lines.append("T_%02d: %s" % (k, _fmt([offsets[k], 0.0, 0.0])))
        lines.append("S_rect_%02d: %s" % (k, _fmt([w, h])))
        lines.append("R_rect_%02d: %s" % (k, _fmt(R_RECT_00 if k == 0 else np.eye(3))))
        lines.append("P_rect_%02d: %s" % (k, _fmt(p_rect(k, h, w))))
    return "\n".join(lines) + "\n"


def velo_to_cam_text():
    """Contents of ``calib_velo_to_cam.txt``."""
    return "\n".join([
        "calib_time: 15-Mar-2012 11:37:16",
        "R: " + _fmt(VELO_R),
        "T: " + _fmt(VELO_T),
        "delta_f: " + _fmt([0.0, 0.0]),
        "delta_c: " + _fmt([0.0, 0.0]),
    ]) + "\n"


def read_calib(path):
    """Parse a KITTI ``key: values`` calibration file into float arrays."""
    out = {}
    with open(path) as f:
        for line in f:
            if ":" not in line:
                continue
            key, value = line.split(":", 1)
            try:
                out[key.strip()] = np.array([float(x) for x in value.split()])
            except ValueError:
                pass  # calib_time
    return out


def cam2_to_velo():
    """4x4 transform from the image_02 camera frame to velodyne coordinates."""
    cam2_from_rect0 = np.eye(4)
    cam2_from_rect0[0, 3] = T2
    velo_to_cam2 = cam2_from_rect0.dot(rect_00()).dot(velo_to_cam())
    return np.linalg.inv(velo_to_cam2)


def sample_lidar(depth, rgb, camera, beams=BEAM_ELEVATIONS, azimuth_step=AZIMUTH_STEP):
    """Velodyne-like scan (N, 4) float32 x, y, z, reflectance from a rendered view.

    Pixels with valid depth whose velodyne-frame elevation lies close to one of
    the ``beams`` and whose azimuth lies on the ``azimuth_step`` grid become
    points; they are mapped into velodyne coordinates with the inverse of the
    written calibration, so projecting them back hits their pixel exactly.
    """
    beams = np.asarray(beams, dtype=np.float64)
    spacing = (beams[-1] - beams[0]) / (len(beams) - 1)  # evenly spaced beams
    m = cam2_to_velo()
    row_step = np.degrees(1.0 / camera.fy)
    col_step = np.degrees(1.0 / camera.fx)
    flat_depth = depth.ravel()
    idx = np.flatnonzero((flat_depth > 0) & (flat_depth < MAX_RANGE))
    # cheap float32 pre-selection with a loose tolerance, exact float64 test after
    for dtype, slack in ((np.float32, 3.0), (np.float64, 1.0)):
        z = flat_depth[idx].astype(dtype)
        x = ((idx % camera.width).astype(dtype) - dtype(camera.cx)) * dtype(1.0 / camera.fx) * z
        y = ((idx // camera.width).astype(dtype) - dtype(camera.cy)) * dtype(1.0 / camera.fy) * z
        velo = [m[r, 0].astype(dtype) * x + m[r, 1].astype(dtype) * y + m[r, 2].astype(dtype) * z
                + m[r, 3].astype(dtype) for r in range(3)]
        elev = np.degrees(np.arctan2(velo[2], np.hypot(velo[0], velo[1])))
        azim = np.degrees(np.arctan2(velo[1], velo[0]))
        nearest = np.clip(np.round((elev - beams[0]) / spacing), 0, len(beams) - 1).astype(np.int64)
        beam = np.abs(elev - beams[nearest].astype(dtype)) <= slack * row_step / 2
        az = azim / dtype(azimuth_step)
        az_off = np.abs(az - np.round(az)) * dtype(azimuth_step)
        keep = beam & (az_off <= slack * col_step / 2) & (velo[0] > 0)
        idx = idx[keep]
    velo = np.stack([c[keep] for c in velo], axis=1)
    refl = rgb.reshape(-1, 3)[idx].astype(np.float64).mean(axis=1) / 255.0
    out = np.empty((len(idx), 4), dtype=np.float32)
    out[:, :3] = velo
    out[:, 3] = refl
    return out
