"""Single-object scenes for classification: the class is the object's shape and
texture family; colours, size, position and viewpoint vary within a class."""
import math

import numpy as np

from .camera import Camera, pose
from .render import render
from .scene import Box, Rect, Scene, Sphere
from .textures import Texture

# (name, shape, texture kind) per class
CLASSES = [
    ("checker_ball", "sphere", "checker"),
    ("striped_cube", "cube", "stripes"),
    ("striped_ball", "sphere", "stripes"),
    ("checker_pillar", "pillar", "checker"),
    ("mottled_slab", "slab", "noise"),
    ("snowman", "snowman", "noise"),
    ("checker_cube", "cube", "checker"),
    ("striped_pillar", "pillar", "stripes"),
]
# the first ImageNet-1k synset ids, in the sorted order class folders use
WNIDS = ["n01440764", "n01443537", "n01484850", "n01491361", "n01494475", "n01496331",
         "n01498041", "n01514668"]
FLOOR_Y = 1.2


def _rand_colour(rng):
    return tuple(float(c) for c in rng.uniform(0.15, 0.95, size=3))


def _object(rng, shape, kind):
    tex = Texture(kind, _rand_colour(rng), _rand_colour(rng), scale=rng.uniform(0.15, 0.25),
                  grain=0.1, seed=rng.randint(1 << 30))
    x = rng.uniform(-0.3, 0.3)
    z = rng.uniform(3.2, 3.8)
    s = rng.uniform(0.85, 1.15)
    y = FLOOR_Y
    if shape == "sphere":
        r = 0.55 * s
        return [Sphere((x, y - r, z), r, tex)]
    if shape == "cube":
        h = 0.5 * s
        return [Box((x - h, y - 2 * h, z - h), (x + h, y, z + h), tex)]
    if shape == "pillar":
        w = 0.25 * s
        return [Box((x - w, y - 1.8 * s, z - w), (x + w, y, z + w), tex)]
    if shape == "slab":
        return [Box((x - 0.9 * s, y - 0.35 * s, z - 0.5 * s), (x + 0.9 * s, y, z + 0.5 * s), tex)]
    if shape == "snowman":
        r1, r2 = 0.45 * s, 0.3 * s
        return [Sphere((x, y - r1, z), r1, tex), Sphere((x, y - 2 * r1 - r2 * 0.9, z), r2, tex)]
    raise ValueError("unknown shape %r" % shape)


def object_scene(class_index, seed):
    """Scene of one object of class ``class_index`` on a floor in front of a wall."""
    if not 0 <= class_index < len(CLASSES):
        raise ValueError("class index must be in 0..%d, got %d" % (len(CLASSES) - 1, class_index))
    rng = np.random.RandomState(seed)
    _, shape, kind = CLASSES[class_index]
    floor = Texture("noise", _rand_colour(rng), _rand_colour(rng), scale=1.0, grain=0.1,
                    seed=rng.randint(1 << 30))
    wall = Texture("gradient", _rand_colour(rng), _rand_colour(rng), scale=2.0, grain=0.1,
                   seed=rng.randint(1 << 30), extent=(-3.0, FLOOR_Y))
    prims = [Rect(1, FLOOR_Y, (-20.0, -5.0), (20.0, 8.0), floor),
             Rect(2, 8.0, (-20.0, -10.0), (20.0, FLOOR_Y), wall)]
    prims += _object(rng, shape, kind)
    scene = Scene(prims, light=(rng.uniform(-0.8, 0.8), -1.0, rng.uniform(-0.8, 0.2)),
                  ambient=0.45, diffuse=0.55, kind="object")
    yaw = rng.uniform(-0.1, 0.1)
    pitch = -math.atan2(FLOOR_Y - 0.5, 3.5) + rng.uniform(-0.05, 0.05)
    return scene, pose((0.0, 0.0, 0.0), yaw=yaw, pitch=pitch)


def render_object(class_index, seed, height=160, width=160):
    scene, c2w = object_scene(class_index, seed)
    f = 1.1 * max(height, width)
    cam = Camera(height, width, f, f, (width - 1) / 2.0, (height - 1) / 2.0)
    return render(scene, cam, c2w)
