"""Image reading (corrupt/truncated files are errors naming the file) and depth output files."""
import os

import cv2
import numpy as np
from common_metrics import io as depth_io

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")


class ImageError(ValueError):
    """An input image that cannot be used; the message names the file."""


def _looks_truncated(data, path):
    """JPEG without its end marker, PNG without IEND: OpenCV would decode a partial picture."""
    ext = os.path.splitext(path)[1].lower()
    tail = data.rstrip(b"\x00")[-16:]
    if ext in (".jpg", ".jpeg"):
        return not tail.endswith(b"\xff\xd9")
    if ext == ".png":
        return b"IEND" not in tail
    return False


def check_complete(path):
    """Fail fast (before any training) on a missing, empty or truncated file; reads only its end."""
    if not os.path.isfile(path):
        raise FileNotFoundError("image not found: %s" % path)
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - 64))
        tail = f.read()
    if size == 0 or _looks_truncated(tail, path):
        raise ImageError("image %s is empty or truncated" % path)


def _decode(path, flags):
    if not os.path.isfile(path):
        raise FileNotFoundError("image not found: %s" % path)
    with open(path, "rb") as f:
        data = f.read()
    if not data or _looks_truncated(data, path):
        raise ImageError("image %s is empty or truncated" % path)
    img = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    if img is None or img.size == 0:
        raise ImageError("image %s cannot be decoded (corrupt or not an image)" % path)
    return img


def read_image(path):
    """(H, W, 3) float32 RGB in [0, 1]; grayscale is repeated, alpha dropped, 16-bit scaled."""
    img = _decode(path, cv2.IMREAD_UNCHANGED)
    scale = 65535.0 if img.dtype == np.uint16 else 255.0
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    elif img.shape[2] == 4:
        img = cv2.cvtColor(img, cv2.COLOR_BGRA2RGB)
    else:
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    return img.astype(np.float32) / np.float32(scale)


def read_relative_depth(path, shape=None):
    """A ReDWeb relative-depth PNG (larger = closer) as float32 (H, W)."""
    rd = _decode(path, cv2.IMREAD_UNCHANGED)
    if rd.ndim == 3:
        rd = rd[:, :, 0]
    if shape is not None and rd.shape != tuple(shape[:2]):
        raise ImageError("relative depth %s is %dx%d but its image is %dx%d"
                         % (path, rd.shape[0], rd.shape[1], shape[0], shape[1]))
    return rd.astype(np.float32)


def list_images(folder):
    """Sorted image files (jpg/png) in ``folder``."""
    if not os.path.isdir(folder):
        raise FileNotFoundError("input folder not found: %s" % folder)
    return sorted(os.path.join(folder, n) for n in os.listdir(folder)
                  if n.lower().endswith(IMAGE_EXTENSIONS))


def write_depth(path_base, disparity):
    """``path_base``.pfm (raw), .png (16-bit, min..max -> 0..65535) and _color.png (magma)."""
    d = np.asarray(disparity, np.float32)
    depth_io.write_pfm(path_base + ".pfm", d)
    lo, hi = float(d.min()), float(d.max())
    norm = (d - lo) / (hi - lo) if hi > lo else np.zeros_like(d)
    depth_io.write_png(path_base + ".png", np.round(norm * 65535.0).astype(np.uint16))
    depth_io.write_colormap(path_base + "_color.png", d, cmap="magma")
