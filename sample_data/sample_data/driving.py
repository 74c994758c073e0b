"""Driving scenes (KITTI-like): road, sidewalks, building façades, cars, trees, sky.

The camera rides 1.65 m above a flat road with near-zero pitch, as on the KITTI
car, so the road's perspective fixes the scale. Rays that hit nothing are sky:
their depth is invalid (0).
"""
import math

import numpy as np

from .camera import kitti_camera, pose, translation
from .render import render
from .scene import Box, Rect, Scene, Sphere
from .textures import Texture, jitter_colour

CAM_HEIGHT = 1.65
STEREO_BASELINE = 0.54
STREET_END = 150.0

_CARS = [(0.7, 0.1, 0.1), (0.1, 0.2, 0.6), (0.85, 0.85, 0.85), (0.15, 0.15, 0.15),
         (0.6, 0.6, 0.65), (0.2, 0.5, 0.25)]
_FACADES = [((0.75, 0.7, 0.6), (0.25, 0.3, 0.35)), ((0.6, 0.4, 0.3), (0.2, 0.25, 0.3)),
            ((0.85, 0.85, 0.8), (0.3, 0.35, 0.45)), ((0.55, 0.55, 0.5), (0.15, 0.2, 0.25))]


class Street(object):
    def __init__(self, scene, lane_x):
        self.scene = scene
        self.lane_x = lane_x


def _jitter(rng, c, s=0.06):
    return jitter_colour(rng, c, s, 0.03, 0.97)


def make_street(seed):
    """Random street from ``seed``; the drive starts at the origin heading +z."""
    rng = np.random.RandomState(seed)
    y = CAM_HEIGHT
    prims = [
        Rect(1, y, (-6.8, -20.0), (6.8, STREET_END), Texture(
            "road", (0.3, 0.3, 0.32), (0.9, 0.9, 0.9), grain=0.15, seed=rng.randint(1 << 30))),
    ]
    ground = Texture("noise", _jitter(rng, (0.35, 0.5, 0.25)), _jitter(rng, (0.5, 0.45, 0.3)),
                     scale=1.5, grain=0.2, seed=rng.randint(1 << 30))
    walk = Texture("checker", (0.62, 0.6, 0.58), (0.5, 0.48, 0.47), scale=0.6, grain=0.1,
                   seed=rng.randint(1 << 30))
    for sgn in (-1.0, 1.0):
        x_in, x_out = sgn * 6.8, sgn * 60.0
        prims.append(Rect(1, y, (min(x_in, x_out), -20.0), (max(x_in, x_out), STREET_END), ground))
        # sidewalk 15 cm above the road: top surface and the curb face
        xa, xb = sgn * 6.8, sgn * 9.5
        prims.append(Rect(1, y - 0.15, (min(xa, xb), -20.0), (max(xa, xb), STREET_END), walk))
        prims.append(Rect(0, xa, (-20.0, y - 0.15), (STREET_END, y), walk, normal_sign=-sgn))
        prims.extend(_buildings(rng, sgn))
        prims.extend(_trees(rng, sgn))
    prims.extend(_cars(rng))
    fa, fb = _FACADES[rng.randint(len(_FACADES))]
    end = Texture("windows", _jitter(rng, fa), _jitter(rng, fb), scale=3.0, grain=0.1,
                  seed=rng.randint(1 << 30))
    prims.append(Box((-60.0, y - 25.0, STREET_END), (60.0, y, STREET_END + 10.0), end))
    sun = (rng.uniform(-0.6, 0.6), -1.0, rng.uniform(-0.5, 0.2))
    scene = Scene(prims, light=sun, ambient=0.5, diffuse=0.55, kind="driving",
                  sky=((0.78, 0.85, 0.92), (0.35, 0.55, 0.85)))
    return Street(scene, lane_x=rng.uniform(2.2, 2.8))


def _buildings(rng, sgn):
    out = []
    z = -20.0
    while z < STREET_END:
        length = rng.uniform(8.0, 25.0)
        if rng.rand() < 0.2:  # gap between buildings
            z += rng.uniform(4.0, 10.0)
            continue
        setback = 9.8 + rng.uniform(0.0, 3.0)
        height = rng.uniform(6.0, 20.0)
        fa, fb = _FACADES[rng.randint(len(_FACADES))]
        tex = Texture("windows", _jitter(rng, fa), _jitter(rng, fb), scale=rng.uniform(2.6, 3.4),
                      grain=0.12, seed=rng.randint(1 << 30))
        xa, xb = sgn * setback, sgn * (setback + 12.0)
        out.append(Box((min(xa, xb), CAM_HEIGHT - height, z),
                       (max(xa, xb), CAM_HEIGHT, min(z + length, STREET_END)), tex))
        z += length + rng.uniform(0.0, 1.5)
    return out


def _trees(rng, sgn):
    out = []
    for _ in range(rng.randint(2, 6)):
        z = rng.uniform(5.0, STREET_END - 10.0)
        x = sgn * rng.uniform(8.2, 9.0)
        r = rng.uniform(1.3, 2.2)
        trunk = Texture("noise", (0.35, 0.25, 0.15), (0.25, 0.18, 0.1), scale=0.3, grain=0.1,
                        seed=rng.randint(1 << 30))
        leaves = Texture("noise", _jitter(rng, (0.2, 0.45, 0.15)), _jitter(rng, (0.1, 0.3, 0.08)),
                         scale=0.5, grain=0.2, seed=rng.randint(1 << 30))
        top = CAM_HEIGHT - 3.0
        out.append(Box((x - 0.15, top, z - 0.15), (x + 0.15, CAM_HEIGHT - 0.15, z + 0.15), trunk))
        out.append(Sphere((x, top - r * 0.8, z), r, leaves))
    return out


def _car(rng, x, z):
    colour = _jitter(rng, _CARS[rng.randint(len(_CARS))], 0.05)
    paint = Texture("noise", colour, tuple(0.8 * c for c in colour), scale=0.6, grain=0.08,
                    seed=rng.randint(1 << 30))
    glass = Texture("stripes", (0.15, 0.18, 0.22), (0.3, 0.35, 0.4), scale=0.4, grain=0.05,
                    seed=rng.randint(1 << 30))
    y = CAM_HEIGHT
    body = Box((x - 0.9, y - 1.0, z - 2.15), (x + 0.9, y - 0.25, z + 2.15), paint)
    cabin = Box((x - 0.8, y - 1.5, z - 1.1), (x + 0.8, y - 1.0, z + 1.0), glass)
    return [body, cabin]


def _cars(rng):
    out = []
    for sgn in (-1.0, 1.0):  # parked along both curbs
        z = rng.uniform(3.0, 12.0)
        while z < STREET_END - 10:
            if rng.rand() < 0.6:
                out.extend(_car(rng, sgn * 5.6, z))
            z += rng.uniform(5.5, 14.0)
    z = rng.uniform(10.0, 30.0)  # oncoming lane
    while z < STREET_END - 10:
        out.extend(_car(rng, -2.5, z))
        z += rng.uniform(15.0, 40.0)
    out.extend(_car(rng, rng.uniform(2.2, 2.8), rng.uniform(35.0, 60.0)))  # ahead, far
    return out


def drive_poses(seed, num_frames):
    """Left-camera poses: forward 0.5-1.0 m per frame with a gentle yaw sway."""
    street = make_street(seed)
    rng = np.random.RandomState(seed + 31337)
    step = rng.uniform(0.5, 1.0)
    amp = rng.uniform(0.01, 0.03)
    phase = rng.uniform(0, 2 * math.pi)
    pitch = rng.uniform(-0.01, 0.01)
    pos = np.array([street.lane_x, 0.0, 0.0])
    poses = []
    for i in range(num_frames):
        yaw = amp * math.sin(2 * math.pi * i / 30.0 + phase)
        poses.append(pose(pos.copy(), yaw=yaw, pitch=pitch))
        pos = pos + step * np.array([math.sin(yaw), 0.0, math.cos(yaw)])
    return street, poses


def right_pose(c2w_left, baseline=STEREO_BASELINE):
    """Pose of the right camera: the left one shifted ``baseline`` m along its x axis."""
    return np.asarray(c2w_left).dot(translation(x=baseline))


def render_stereo(street, c2w, height=None, width=None):
    """Left and right views of ``street`` for the left-camera pose ``c2w``."""
    cam = kitti_camera(height, width)
    rgb, depth = render(street.scene, cam, c2w)
    rgb_r, depth_r = render(street.scene, cam, right_pose(c2w))
    return {"rgb": rgb, "depth": depth, "rgb_right": rgb_r, "depth_right": depth_r,
            "pose": c2w, "camera": cam}


def drive(seed, num_frames, height=None, width=None, stereo=True):
    """Rendered drive: list of dicts with rgb/depth (left) and rgb_right/depth_right."""
    street, poses = drive_poses(seed, num_frames)
    cam = kitti_camera(height, width)
    frames = []
    for c2w in poses:
        rgb, depth = render(street.scene, cam, c2w)
        frame = {"rgb": rgb, "depth": depth, "pose": c2w}
        if stereo:
            frame["rgb_right"], frame["depth_right"] = render(street.scene, cam, right_pose(c2w))
        frames.append(frame)
    return frames, cam
