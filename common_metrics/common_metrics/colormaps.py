"""256-entry colour lookup tables (uint8 RGB), no matplotlib needed.

magma: OpenCV's COLORMAP_MAGMA, which is the CC0 viscm colormap (Smith and van der Walt),
its published 256 float entries rounded to uint8 (entries checked in tests/test_io.py).
jet: the classic (matplotlib) piecewise linear definition, computed here, because
OpenCV's COLORMAP_JET is a different curve (up to 34 levels apart).
"""
import cv2
import numpy as np

# jet anchors per channel: (position, value), linear in between
_JET = {
    "r": ((0.0, 0.0), (0.35, 0.0), (0.66, 1.0), (0.89, 1.0), (1.0, 0.5)),
    "g": ((0.0, 0.0), (0.125, 0.0), (0.375, 1.0), (0.64, 1.0), (0.91, 0.0), (1.0, 0.0)),
    "b": ((0.0, 0.5), (0.11, 1.0), (0.34, 1.0), (0.65, 0.0), (1.0, 0.0)),
}

_CACHE = {}


def _magma():
    ramp = np.arange(256, dtype=np.uint8).reshape(256, 1)
    return cv2.applyColorMap(ramp, cv2.COLORMAP_MAGMA)[:, 0, ::-1]   # BGR -> RGB


def _jet():
    x = np.linspace(0.0, 1.0, 256)
    chans = [np.interp(x, [p for p, _ in _JET[c]], [v for _, v in _JET[c]]) for c in "rgb"]
    return np.round(np.stack(chans, axis=1) * 255).astype(np.uint8)


_BUILDERS = {"magma": _magma, "jet": _jet}
NAMES = tuple(sorted(_BUILDERS))


def get_lut(name):
    """(256, 3) uint8 RGB table of a colormap ("magma" or "jet"), read-only."""
    if name not in _BUILDERS:
        raise ValueError("unknown colormap %r; available: %s" % (name, ", ".join(NAMES)))
    if name not in _CACHE:
        lut = _BUILDERS[name]().copy()
        lut.setflags(write=False)
        _CACHE[name] = lut
    return _CACHE[name]
