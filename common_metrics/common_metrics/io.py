"""Depth and image files: PFM, 16-bit PNG depth, .npy, PNG, colourised depth.

Every writer is atomic (temp file in the target folder + os.replace) and
creates parent folders. Readers raise FileNotFoundError for a missing path and
DepthFileError (a ValueError) naming the path for a corrupt or unexpected file.
PNG files are encoded and decoded by OpenCV (a dependency of this package).
"""
import io as _stdio
import os
import re

import cv2
import numpy as np

from .atomic import atomic_write_bytes
from .colormaps import get_lut


class DepthFileError(ValueError):
    """A file that cannot be read as the expected depth/image format."""


def _fail(path, msg):
    raise DepthFileError("%s: %s" % (path, msg))


def _read_bytes(path):
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError("%s: no such file" % path)
    with open(path, "rb") as f:
        return f.read()


# ---------------------------------------------------------------- PFM
def write_pfm(path, array, scale=1.0):
    """PFM as MiDaS writes it: 'Pf' (H, W) or 'PF' (H, W, 3), rows bottom-to-top,
    scale line negative for little-endian float32 data."""
    a = np.asarray(array)
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    if not (a.ndim == 2 or (a.ndim == 3 and a.shape[2] == 3)):
        raise ValueError("PFM holds (H, W) or (H, W, 3) arrays, got shape %s" % (a.shape,))
    if not np.isfinite(scale) or scale <= 0:
        raise ValueError("PFM scale must be a positive number, got %r" % (scale,))
    kind = b"PF" if a.ndim == 3 else b"Pf"
    data = np.ascontiguousarray(np.flipud(a.astype("<f4")))
    header = b"%s\n%d %d\n%s\n" % (kind, a.shape[1], a.shape[0],
                                    ("%f" % -float(scale)).encode("ascii"))
    atomic_write_bytes(path, header + data.tobytes())


def read_pfm(path):
    """(float32 array top-to-bottom, scale) of a PFM file; either endianness."""
    data = _read_bytes(path)
    m = re.match(br"(P[fF])\s+(\d+)\s+(\d+)\s+([-+0-9.eE]+)\s", data)
    if not m:
        _fail(path, "not a PFM file (expected 'Pf'/'PF', width height, scale)")
    kind, w, h = m.group(1), int(m.group(2)), int(m.group(3))
    try:
        scale = float(m.group(4))
    except ValueError:
        _fail(path, "bad PFM scale %r" % m.group(4))
    if scale == 0:
        _fail(path, "PFM scale is 0")
    ch = 3 if kind == b"PF" else 1
    dtype = "<f4" if scale < 0 else ">f4"
    n = w * h * ch
    body = data[m.end():]
    if len(body) < 4 * n:
        _fail(path, "truncated PFM: %d bytes of data for %dx%dx%d float32"
              % (len(body), w, h, ch))
    a = np.frombuffer(body, dtype, n).astype(np.float32)
    a = a.reshape((h, w, 3) if ch == 3 else (h, w))
    return np.ascontiguousarray(np.flipud(a)), abs(scale)


# ---------------------------------------------------------------- PNG
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _check_png_array(a):
    ok = ((a.dtype == np.uint8 and (a.ndim == 2 or (a.ndim == 3 and a.shape[2] in (3, 4))))
          or (a.dtype == np.uint16 and a.ndim == 2))
    if not ok:
        raise ValueError("PNG images are uint8 (H,W), (H,W,3), (H,W,4) or uint16 (H,W); "
                         "got %s %s" % (a.dtype, a.shape))
    if a.shape[0] == 0 or a.shape[1] == 0:
        raise ValueError("cannot write an empty image of shape %s" % (a.shape,))


def _swap_rb(a):
    """RGB(A) <-> BGR(A); OpenCV keeps colour images in BGR order."""
    if a.ndim == 3 and a.shape[2] in (3, 4):
        return a[:, :, [2, 1, 0, 3][:a.shape[2]]]
    return a


def encode_png(image):
    """PNG bytes of a uint8 gray / RGB / RGBA or uint16 gray array (RGB order)."""
    a = np.asarray(image)
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    _check_png_array(a)
    ok, buf = cv2.imencode(".png", np.ascontiguousarray(_swap_rb(a)))
    if not ok:
        raise ValueError("cv2 could not encode an image of %s %s" % (a.dtype, a.shape))
    return buf.tobytes()


def _imdecode_quietly(data):
    """cv2.imdecode without OpenCV's own WARN line for a broken file: the caller raises one
    clear error naming the file instead (DEPTHZOO_VERBOSE=1 keeps OpenCV's line)."""
    # OpenCV 4.x: cv2.get/setLogLevel; 5.x: cv2.utils.logging.get/setLogLevel (2 = ERROR)
    api = getattr(getattr(cv2, "utils", None), "logging", None) or cv2
    quiet = (hasattr(api, "setLogLevel") and hasattr(api, "getLogLevel")
             and os.environ.get("DEPTHZOO_VERBOSE", "0") in ("", "0"))
    if quiet:
        level = api.getLogLevel()
        api.setLogLevel(2)
    try:
        return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    finally:
        if quiet:
            api.setLogLevel(level)


def decode_png(data, path="<bytes>"):
    """Array of PNG bytes in RGB(A) order; DepthFileError naming path if corrupt."""
    if not data.startswith(PNG_SIGNATURE):
        _fail(path, "not a PNG file (bad signature)")
    a = _imdecode_quietly(data)
    if a is None:
        _fail(path, "corrupt or truncated PNG")
    return np.ascontiguousarray(_swap_rb(a))


def write_png(path, image_uint8):
    """Write a uint8 (H,W), (H,W,3) RGB, (H,W,4) RGBA or uint16 (H,W) PNG."""
    atomic_write_bytes(path, encode_png(image_uint8))


def read_png(path):
    """Array of a PNG file: (H,W) gray or (H,W,3|4) RGB(A), uint8 or uint16."""
    return decode_png(_read_bytes(path), os.fspath(path))


def write_png16(path, depth, scale=1000.0):
    """16-bit PNG depth: value = round(depth * scale); NaN/inf/<= 0 -> 0 (invalid)."""
    d = np.asarray(depth, dtype=np.float64)
    if d.ndim == 3 and d.shape[2] == 1:
        d = d[:, :, 0]
    if d.ndim != 2:
        raise ValueError("depth for a 16-bit PNG must be (H, W), got shape %s" % (d.shape,))
    if not scale > 0:
        raise ValueError("png16 scale must be > 0, got %r" % (scale,))
    ok = np.isfinite(d)
    ok[ok] = d[ok] > 0
    v = np.where(ok, d, 0.0) * scale
    if v.max(initial=0.0) > 65535.49:
        raise ValueError("depth %.4g x scale %g exceeds the 16-bit range (65535); use a "
                         "smaller scale" % (d[ok].max(), scale))
    write_png(path, np.round(v).astype(np.uint16))


def read_png16(path, scale=1000.0):
    """float32 depth of a 16-bit PNG: value / scale (0 = invalid)."""
    a = read_png(path)
    if a.dtype != np.uint16 or a.ndim != 2:
        _fail(os.fspath(path), "expected a 16-bit single-channel depth PNG, got %s %s"
              % (a.dtype, a.shape))
    return (a.astype(np.float32) / np.float32(scale)).astype(np.float32)


# ---------------------------------------------------------------- npy
def write_npy(path, array):
    """Save an array as .npy (no pickled objects)."""
    a = np.asarray(array)
    if a.dtype.hasobject:
        raise ValueError("refusing to write an object array to %s" % path)
    buf = _stdio.BytesIO()
    np.save(buf, a, allow_pickle=False)
    atomic_write_bytes(path, buf.getvalue())


def read_npy(path):
    """Load a .npy file with allow_pickle=False."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError("%s: no such file" % path)
    try:
        out = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as e:
        _fail(path, "not a readable .npy file (%s)" % e)
    if not isinstance(out, np.ndarray):  # an .npz archive
        out.close()
        _fail(path, "an .npz archive, not a single .npy array")
    return out


# ---------------------------------------------------------------- colour
def colorize(values, cmap="magma", vmin=None, vmax=None, percentile=95):
    """uint8 RGB picture (..., 3) of a depth or disparity map.

    vmin defaults to the minimum, vmax to the given percentile of the finite
    values (monodepth2 uses the 95th of disparity); NaN/inf pixels are black.
    """
    v = np.asarray(values, dtype=np.float64)
    if v.ndim == 3 and v.shape[-1] == 1:
        v = v[..., 0]
    lut = get_lut(cmap)
    finite = np.isfinite(v)
    out = np.zeros(v.shape + (3,), np.uint8)
    if not finite.any():
        return out
    vals = v[finite]
    lo = float(vals.min()) if vmin is None else float(vmin)
    hi = float(np.percentile(vals, percentile)) if vmax is None else float(vmax)
    span = hi - lo if hi > lo else 1.0
    x = np.clip((vals - lo) / span, 0.0, 1.0)
    idx = np.minimum((x * 256).astype(np.intp), 255)
    out[finite] = lut[idx]
    return out


def write_colormap(path, values, cmap="magma", vmin=None, vmax=None, percentile=95):
    """Write colorize(values, ...) as an RGB PNG."""
    write_png(path, colorize(values, cmap, vmin, vmax, percentile))


__all__ = ["DepthFileError", "write_pfm", "read_pfm", "write_png16", "read_png16",
           "write_npy", "read_npy", "write_png", "read_png", "encode_png", "decode_png",
           "colorize", "write_colormap"]
