"""ImageNet-style class folders: ``train/<wnid>/<name>.JPEG``, ``val/<wnid>/<name>.JPEG``.

Each class is an object shape + texture family (e.g. checkered ball, striped
cube); colours, size, placement, light and viewpoint vary. ``num`` = training
images per class; validation has ``max(2, num // 3)`` per class; ``classes``
(default 5, at most 8) classes.
"""
import os

from .. import objects
from ..imageio import write_image
from ..progress import progress
from . import register

DEFAULT_CLASSES = 5


def write(out, num, seed, height, width, show_progress=True, classes=DEFAULT_CLASSES):
    if not 2 <= classes <= len(objects.CLASSES):
        raise ValueError("imagenet: classes must be in 2..%d, got %d" % (len(objects.CLASSES), classes))
    num_val = max(2, num // 3)
    jobs = [("train", c, i) for c in range(classes) for i in range(num)]
    jobs += [("val", c, i) for c in range(classes) for i in range(num_val)]
    for split, c, i in progress(jobs, len(jobs), "imagenet", show_progress):
        wnid = objects.WNIDS[c]
        # distinct seeds per split/class/image
        s = seed * 1000003 + (0 if split == "train" else 500000) + c * 10007 + i
        rgb, _ = objects.render_object(c, s, height, width)
        if split == "train":
            name = "%s_%d.JPEG" % (wnid, i + 1)
        else:
            name = "ILSVRC2012_val_%08d.JPEG" % (c * num_val + i + 1)
        write_image(os.path.join(out, split, wnid, name), rgb)


register("imagenet", write, num=24, height=160, width=160, help=__doc__.strip().splitlines()[0])
