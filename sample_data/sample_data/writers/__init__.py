"""Pluggable dataset writers.

A writer is registered with :func:`register` and is called as
``writer.write(out_dir, num, seed, height, width, show_progress)`` with a fresh,
empty ``out_dir``. Atomic placement is handled by :mod:`sample_data.api`.
"""
import collections

Writer = collections.namedtuple("Writer", "name write num height width help")

REGISTRY = collections.OrderedDict()


def register(name, write, num, height, width, help):
    """Add a format. ``num``/``height``/``width`` are the defaults."""
    if name in REGISTRY:
        raise ValueError("dataset format %r registered twice" % name)
    REGISTRY[name] = Writer(name, write, num, height, width, help)
    return REGISTRY[name]


def get(name):
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError("unknown dataset format %r (known: %s)" % (name, ", ".join(REGISTRY)))


def names():
    return list(REGISTRY)


from . import nyu_depthnet, nyu_densedepth, kitti_raw, redweb, imagenet  # noqa: E402,F401
from . import midas_kitti, midas_tum, midas_sintel, midas_eth3d, midas_nyu, midas_diw  # noqa: E402,F401,E501
