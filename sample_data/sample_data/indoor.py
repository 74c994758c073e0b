"""Indoor rooms (NYU-like): floor, walls, ceiling, furniture boxes, a ball.

Scene statistics are kept in narrow ranges (camera height, pitch, tile size),
so that depth is predictable from the picture: the floor's perspective and the
floor/wall junction tell the distance of everything standing on it.
"""
import math

import numpy as np

from .camera import nyu_camera, pose
from .render import render
from .scene import Box, Scene, Sphere
from .textures import Texture, jitter_colour

MAX_DEPTH = 10.0

_FLOORS = [((0.55, 0.38, 0.22), (0.42, 0.27, 0.15)), ((0.7, 0.7, 0.68), (0.35, 0.35, 0.38)),
           ((0.5, 0.45, 0.4), (0.62, 0.55, 0.45)), ((0.3, 0.35, 0.45), (0.45, 0.5, 0.6))]
_WALLS = [((0.85, 0.82, 0.75), (0.65, 0.6, 0.55)), ((0.7, 0.8, 0.85), (0.5, 0.6, 0.7)),
          ((0.9, 0.8, 0.7), (0.75, 0.55, 0.45)), ((0.75, 0.85, 0.7), (0.55, 0.65, 0.5))]


class Room(object):
    """A room scene plus the camera height above its floor."""

    def __init__(self, scene, size, cam_height, pitch):
        self.scene = scene
        self.size = size  # (width, height, length) in metres
        self.cam_height = cam_height
        self.pitch = pitch


def _colour(rng, base, spread=0.08):
    return jitter_colour(rng, base, spread)


def make_room(seed):
    """Random room from ``seed``. The camera path starts at the origin looking +z."""
    rng = np.random.RandomState(seed)
    width = rng.uniform(3.6, 5.4)
    height = rng.uniform(2.6, 3.0)
    length = rng.uniform(6.4, 8.2)
    cam_h = rng.uniform(1.35, 1.5)
    pitch = -rng.uniform(0.12, 0.2)
    floor_y, ceil_y = cam_h, cam_h - height
    z0 = -0.7
    k = rng.randint(len(_FLOORS))
    fa, fb = _FLOORS[k]
    floor_kind = "checker" if rng.rand() < 0.6 else "stripes"
    floor = Texture(floor_kind, _colour(rng, fa), _colour(rng, fb), scale=rng.uniform(0.45, 0.55),
                    grain=0.2, seed=rng.randint(1 << 30))
    wa, wb = _WALLS[rng.randint(len(_WALLS))]
    walls = Texture("gradient", _colour(rng, wa), _colour(rng, wb), scale=1.5, grain=0.12,
                    seed=rng.randint(1 << 30), extent=(ceil_y, floor_y))
    side = Texture("noise", _colour(rng, wb), _colour(rng, wa), scale=0.8, grain=0.12,
                   seed=rng.randint(1 << 30))
    ceiling = Texture("noise", (0.9, 0.9, 0.88), (0.8, 0.8, 0.78), scale=1.0, grain=0.05,
                      seed=rng.randint(1 << 30))
    room = Box((-width / 2, ceil_y, z0), (width / 2, floor_y, z0 + length), walls, inside=True,
               face_textures={3: floor, 2: ceiling, 0: side, 1: side})
    prims = [room]
    for _ in range(rng.randint(3, 7)):
        prims.append(_furniture(rng, width, floor_y, z0 + length))
    if rng.rand() < 0.7:
        r = rng.uniform(0.15, 0.35)
        x = rng.uniform(-width / 2 + r + 0.2, width / 2 - r - 0.2)
        z = rng.uniform(2.6, z0 + length - r - 0.2)
        ball = Texture("stripes", _colour(rng, (0.8, 0.2, 0.2), 0.2), (0.95, 0.9, 0.3), scale=0.15,
                       grain=0.1, seed=rng.randint(1 << 30))
        prims.append(Sphere((x, floor_y - r, z), r, ball))
    scene = Scene(prims, light=(0.3, -1.0, 0.4), ambient=0.42, diffuse=0.4,
                  lamp=((0.0, ceil_y + 0.3, z0 + length * 0.5), 1.6), kind="indoor")
    return Room(scene, (width, height, length), cam_h, pitch)


def _furniture(rng, room_width, floor_y, z_end):
    w = rng.uniform(0.5, 1.6)
    dpt = rng.uniform(0.4, 1.0)
    h = rng.uniform(0.4, 1.9)
    if rng.rand() < 0.5:  # against a side wall
        sgn = 1.0 if rng.rand() < 0.5 else -1.0
        x = sgn * (room_width / 2 - dpt / 2 - 0.02)
        w, dpt = dpt, w
    else:
        x = rng.uniform(-room_width / 2 + w / 2, room_width / 2 - w / 2)
    z = rng.uniform(2.5 + dpt / 2, z_end - dpt / 2 - 0.02)
    kind = ["stripes", "noise", "checker"][rng.randint(3)]
    base = (rng.uniform(0.2, 0.8), rng.uniform(0.15, 0.7), rng.uniform(0.1, 0.6))
    tex = Texture(kind, base, tuple(0.6 * c for c in base), scale=rng.uniform(0.12, 0.3),
                  grain=0.15, seed=rng.randint(1 << 30))
    return Box((x - w / 2, floor_y - h, z - dpt / 2), (x + w / 2, floor_y, z + dpt / 2), tex)


def trajectory(seed, num_frames, step=0.06):
    """Camera-to-world poses of a slow walk: forward ``step`` m per frame, yaw sway."""
    room = make_room(seed)
    rng = np.random.RandomState(seed + 7919)
    x = rng.uniform(-0.3, 0.3)
    yaw0 = rng.uniform(-0.2, 0.2)
    phase = rng.uniform(0, 2 * math.pi)
    poses = []
    pos = np.array([x, 0.0, 0.0])
    for i in range(num_frames):
        yaw = yaw0 + 0.35 * math.sin(2 * math.pi * i / 40.0 + phase)
        poses.append(pose(pos.copy(), yaw=yaw, pitch=room.pitch))
        pos += step * np.array([math.sin(yaw) * 0.3, 0.0, 1.0])
    return room, poses


def render_view(room, c2w, height=None, width=None):
    """RGB uint8 and depth (metres, float32) of a room from pose ``c2w``."""
    cam = nyu_camera(height, width)
    return render(room.scene, cam, c2w)


def sequence(seed, num_frames, height=None, width=None):
    """Rendered walk through one room: list of (rgb, depth), the camera and poses."""
    room, poses = trajectory(seed, num_frames)
    cam = nyu_camera(height, width)
    frames = [render(room.scene, cam, p) for p in poses]
    return frames, cam, poses


def single_view(seed, height=None, width=None):
    """One random view of a fresh room (test images)."""
    room, poses = trajectory(seed, 30)
    rng = np.random.RandomState(seed + 104729)
    c2w = poses[rng.randint(len(poses))]
    rgb, depth = render_view(room, c2w, height, width)
    return rgb, depth, nyu_camera(height, width), c2w
