"""Pinhole cameras and poses.

Conventions (used everywhere in this package):

* camera frame: OpenCV style, x right, y down, z forward (the optical axis);
* world frame: same handedness, y points DOWN, so floors and roads are planes
  ``y = +height`` below a camera at ``y = 0``;
* a pose is a 4x4 camera-to-world matrix ``c2w`` (``X_world = c2w @ X_cam``);
* pixel ``(u, v)`` = (column, row); its centre sits at integer coordinates,
  ``u = fx * X / Z + cx``.
"""
import math

import numpy as np

# NYU Depth v2 Kinect colour camera (480x640), rounded as DepthZoo uses it.
NYU_SIZE = (480, 640)
NYU_FOCAL = 518.8
NYU_CENTRE = (325.58, 253.74)  # cx, cy

# KITTI 2011_09_26 rectified colour camera (375x1242).
KITTI_SIZE = (375, 1242)
KITTI_FOCAL = 721.5377
KITTI_CENTRE = (609.5593, 172.854)  # cx, cy


class Camera(object):
    """Pinhole camera: image size and 3x3 intrinsic matrix ``K``."""

    def __init__(self, height, width, fx, fy, cx, cy):
        self.height = int(height)
        self.width = int(width)
        self.K = np.array([[fx, 0.0, cx], [0.0, fy, cy], [0.0, 0.0, 1.0]])

    @property
    def fx(self):
        return float(self.K[0, 0])

    @property
    def fy(self):
        return float(self.K[1, 1])

    @property
    def cx(self):
        return float(self.K[0, 2])

    @property
    def cy(self):
        return float(self.K[1, 2])

    def __repr__(self):
        return "Camera(%dx%d, fx=%.2f, fy=%.2f, cx=%.2f, cy=%.2f)" % (
            self.height, self.width, self.fx, self.fy, self.cx, self.cy)

    def scaled(self, height, width):
        """The same camera resampled to ``height x width`` pixels."""
        sx = float(width) / self.width
        sy = float(height) / self.height
        return Camera(height, width, self.fx * sx, self.fy * sy,
                      self.cx * sx, self.cy * sy)

    def backproject(self, depth):
        """Camera-frame points (H, W, 3) of a z-depth map."""
        v, u = np.mgrid[0:self.height, 0:self.width]
        z = np.asarray(depth, dtype=np.float64)
        x = (u - self.cx) / self.fx * z
        y = (v - self.cy) / self.fy * z
        return np.stack([x, y, z], axis=-1)

    def project(self, points):
        """Pixel coordinates (N, 2) and depth (N,) of camera-frame points (N, 3)."""
        p = np.asarray(points, dtype=np.float64)
        z = p[:, 2]
        u = self.fx * p[:, 0] / z + self.cx
        v = self.fy * p[:, 1] / z + self.cy
        return np.stack([u, v], axis=1), z


def nyu_camera(height=None, width=None):
    """NYU-like Kinect camera, scaled to ``height x width`` (default 480x640)."""
    cam = Camera(NYU_SIZE[0], NYU_SIZE[1], NYU_FOCAL, NYU_FOCAL, NYU_CENTRE[0], NYU_CENTRE[1])
    return cam.scaled(height or NYU_SIZE[0], width or NYU_SIZE[1])


def kitti_camera(height=None, width=None):
    """KITTI-like rectified colour camera, scaled to ``height x width`` (default 375x1242)."""
    cam = Camera(KITTI_SIZE[0], KITTI_SIZE[1], KITTI_FOCAL, KITTI_FOCAL,
                 KITTI_CENTRE[0], KITTI_CENTRE[1])
    return cam.scaled(height or KITTI_SIZE[0], width or KITTI_SIZE[1])


def rotation(yaw=0.0, pitch=0.0, roll=0.0):
    """Camera-to-world rotation from angles in radians.

    ``yaw`` turns right (about the down-pointing y axis), ``pitch`` > 0 looks up,
    ``roll`` about the optical axis. Applied as R = R_yaw @ R_pitch @ R_roll.
    """
    cy_, sy_ = math.cos(yaw), math.sin(yaw)
    cp, sp = math.cos(pitch), math.sin(pitch)
    cr, sr = math.cos(roll), math.sin(roll)
    r_yaw = np.array([[cy_, 0.0, sy_], [0.0, 1.0, 0.0], [-sy_, 0.0, cy_]])
    # looking up means the optical axis gets a negative y (world y is down)
    r_pitch = np.array([[1.0, 0.0, 0.0], [0.0, cp, -sp], [0.0, sp, cp]])
    r_roll = np.array([[cr, -sr, 0.0], [sr, cr, 0.0], [0.0, 0.0, 1.0]])
    return r_yaw.dot(r_pitch).dot(r_roll)


def pose(position, yaw=0.0, pitch=0.0, roll=0.0):
    """4x4 camera-to-world matrix from a camera centre and angles (radians)."""
    c2w = np.eye(4)
    c2w[:3, :3] = rotation(yaw, pitch, roll)
    c2w[:3, 3] = np.asarray(position, dtype=np.float64)
    return c2w


def translation(x=0.0, y=0.0, z=0.0):
    """4x4 pure translation."""
    t = np.eye(4)
    t[:3, 3] = (x, y, z)
    return t


def relative_pose(c2w_from, c2w_to):
    """Transform taking points from camera ``from`` into camera ``to``."""
    return np.linalg.inv(c2w_to).dot(c2w_from)
