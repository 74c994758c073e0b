"""The NYU-like sample set shared by the nyu_depthnet and nyu_densedepth writers."""
from . import indoor
from .progress import progress

SCENE_TYPES = ("living_room", "bedroom", "kitchen", "office", "bathroom", "dining_room")
MAX_SCENES = 4


def split_sizes(num):
    """(number of scenes, frames per scene, number of test images) for ``num`` train images."""
    scenes = min(MAX_SCENES, num)
    per_scene = [num // scenes + (1 if i < num % scenes else 0) for i in range(scenes)]
    return scenes, per_scene, max(2, num // 8)


def scene_name(i):
    return "%s_%04d_out" % (SCENE_TYPES[i % len(SCENE_TYPES)], i + 1)


_CACHE = {}


def clear_cache():
    _CACHE.clear()


def samples(num, seed, height, width, show_progress=True):
    """Rendered train walks and test views, deterministic in all arguments.

    Returns ``(train, test)``: ``train`` is a list of ``(scene, frame_no, rgb, depth)``
    (frame numbers start at 1), ``test`` a list of ``(rgb, depth)``. Test rooms are
    never used for training. The last set is cached so that ``all`` renders it once.
    """
    key = (num, seed, height, width)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _render(num, seed, height, width, show_progress)
    return _CACHE[key]


def _render(num, seed, height, width, show_progress):
    scenes, per_scene, num_test = split_sizes(num)
    jobs = [("train", i, n) for i in range(scenes) for n in range(per_scene[i])]
    jobs += [("test", j, 0) for j in range(num_test)]
    walks = {}
    train, test = [], []
    for kind, i, n in progress(jobs, len(jobs), "nyu", show_progress):
        if kind == "train":
            if i not in walks:
                walks = {i: indoor.trajectory(seed * 1000 + i, per_scene[i])}
            room, poses = walks[i]
            rgb, depth = indoor.render_view(room, poses[n], height, width)
            train.append((scene_name(i), n + 1, rgb, depth))
        else:
            rgb, depth, _, _ = indoor.single_view(seed * 1000 + 500 + i, height, width)
            test.append((rgb, depth))
    return train, test
