"""Encoding helpers (cv2): images in RGB order, depth quantised per dataset format."""
import os

import cv2
import numpy as np

JPEG_QUALITY = 95


def _ensure_parent(path):
    parent = os.path.dirname(path)
    if parent and not os.path.isdir(parent):
        os.makedirs(parent)


def encode_image(rgb, ext):
    """Bytes of an RGB uint8 image encoded as ``.jpg``/``.JPEG``/``.png``."""
    rgb = np.asarray(rgb)
    if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError("expected an (H, W, 3) uint8 RGB image, got %s %s" % (rgb.dtype, rgb.shape))
    ext = ext.lower()
    params = [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY] if ext in (".jpg", ".jpeg") else []
    ok, buf = cv2.imencode(".jpg" if ext == ".jpeg" else ext, rgb[:, :, ::-1].copy(), params)
    if not ok:
        raise IOError("could not encode image as %s" % ext)
    return buf.tobytes()


def encode_gray(img):
    """PNG bytes of a single-channel uint8 or uint16 image."""
    img = np.asarray(img)
    if img.ndim != 2 or img.dtype not in (np.uint8, np.uint16):
        raise ValueError("expected a 2-D uint8/uint16 image, got %s %s" % (img.dtype, img.shape))
    ok, buf = cv2.imencode(".png", img)
    if not ok:
        raise IOError("could not encode PNG")
    return buf.tobytes()


def write_bytes(path, data):
    _ensure_parent(path)
    with open(path, "wb") as f:
        f.write(data)


def write_image(path, rgb):
    write_bytes(path, encode_image(rgb, os.path.splitext(path)[1]))


def depth_to_uint8(depth, max_depth):
    """8-bit depth: ``png / 255 * max_depth`` metres (NYU DepthNet/DenseDepth train PNGs)."""
    d = np.clip(np.nan_to_num(np.asarray(depth, dtype=np.float64)), 0.0, max_depth)
    return np.round(d / max_depth * 255.0).astype(np.uint8)


def depth_to_uint16(depth, scale):
    """16-bit depth: ``round(depth * scale)``, 0 where invalid (<= 0, NaN, inf)."""
    d = np.asarray(depth, dtype=np.float64)
    valid = np.isfinite(d) & (d > 0)
    q = np.where(valid, np.round(np.where(valid, d, 0.0) * scale), 0.0)
    return np.clip(q, 0, 65535).astype(np.uint16)
