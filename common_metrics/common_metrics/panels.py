"""Demo pictures: one RGB | prediction | ground truth panel per model, and a stack of them.

A panel is drawn at the RGB image's resolution. The prediction is resized to it with
bilinear interpolation (cv2.INTER_LINEAR; e.g. DepthNet's 55x74 output), ground truth and
mask with nearest neighbour (cv2.INTER_NEAREST), so an invalid ground-truth pixel never
blends into its neighbours. Prediction and ground truth share one colour scale: magma over
[min, max] of the valid ground truth, or over the 5th-95th percentile of the prediction when
there is no ground truth. Near is bright for both kinds: depth is coloured reversed,
disparity as is. Invalid pixels (mask False, value <= 0, NaN/inf) are INVALID_RGB.
"""
import os

import cv2
import numpy as np

from .io import colorize, read_png, write_png

INVALID_RGB = (48, 48, 48)   # dark grey: unlike magma's darkest entries, which are purple
KINDS = ("depth", "disparity")
_FONT = cv2.FONT_HERSHEY_SIMPLEX
_TEXT_RGB = (235, 235, 235)


def _as_rgb(rgb):
    a = np.asarray(rgb)
    if a.ndim == 3 and a.shape[0] in (1, 3) and a.shape[2] not in (1, 3, 4):
        a = np.transpose(a, (1, 2, 0))          # channel-first (C, H, W)
    if a.ndim == 3 and a.shape[2] == 4:
        a = a[:, :, :3]
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    if a.ndim == 2:
        a = np.stack([a] * 3, axis=-1)
    if a.ndim != 3 or a.shape[2] != 3 or a.shape[0] == 0 or a.shape[1] == 0:
        raise ValueError("rgb must be an (H, W, 3) image, got shape %s" % (np.shape(rgb),))
    if a.dtype == np.uint8:
        return np.ascontiguousarray(a)
    f = a.astype(np.float64)
    if not np.isfinite(f).all():
        raise ValueError("rgb holds NaN or inf values")
    if f.max(initial=0.0) <= 1.0:   # float images in [0, 1]
        f = f * 255.0
    return np.clip(np.round(f), 0, 255).astype(np.uint8)


def _as_map(name, values):
    a = np.asarray(values)
    while a.ndim > 2 and a.shape[0] == 1:
        a = a[0]
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    if a.ndim != 2 or a.size == 0:
        raise ValueError("%s must be a 2-D (H, W) map, got shape %s" % (name, np.shape(values)))
    if not np.issubdtype(a.dtype, np.number) and a.dtype != np.bool_:
        raise ValueError("%s must be numeric, got dtype %s" % (name, a.dtype))
    return a


def _resize(a, hw, interpolation):
    if a.shape == hw:
        return a
    return cv2.resize(a, (hw[1], hw[0]), interpolation=interpolation)


def _valid(a):
    ok = np.isfinite(a)
    ok[ok] = a[ok] > 0
    return ok


def _color(values, valid, lo, hi, kind):
    """magma colours with near bright; pixels where valid is False -> INVALID_RGB."""
    sign = -1.0 if kind == "depth" else 1.0
    v = np.where(valid, sign * values, np.nan)
    vmin, vmax = sorted((sign * lo, sign * hi))
    out = colorize(v, "magma", vmin=vmin, vmax=vmax)
    out[~valid] = INVALID_RGB
    return out


def _wrap(text, width, scale, thickness):
    lines = []
    for para in str(text).split("\n"):
        line = ""
        for word in para.split(" "):
            trial = word if not line else line + " " + word
            if line and cv2.getTextSize(trial, _FONT, scale, thickness)[0][0] > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def text_strip(text, width, scale=None):
    """(h, width, 3) uint8 black strip with text, word-wrapped to width (cv2.putText)."""
    scale = max(0.35, min(0.8, width / 1100.0)) if scale is None else scale
    thickness = 1 if scale < 0.7 else 2
    pad = max(4, int(round(8 * scale)))
    lines = _wrap(text, width - 2 * pad, scale, thickness)
    (_, th), base = cv2.getTextSize("Ag", _FONT, scale, thickness)
    line_h = th + base + pad // 2
    strip = np.zeros((pad + line_h * len(lines) + pad // 2, width, 3), np.uint8)
    for i, line in enumerate(lines):
        cv2.putText(strip, line, (pad, pad + th + i * line_h), _FONT, scale, _TEXT_RGB,
                    thickness, cv2.LINE_AA)
    return strip


def render_panel(rgb, pred, gt=None, mask=None, kind="depth", title=None):
    """uint8 RGB array: [title strip] + labels + RGB | prediction | ground truth tiles.

    pred and gt are the same quantity (depth for kind="depth", disparity for
    kind="disparity"); mask (optional, gt's shape) marks the ground-truth pixels to show.
    """
    if kind not in KINDS:
        raise ValueError("kind must be one of %s, got %r" % (", ".join(KINDS), kind))
    image = _as_rgb(rgb)
    hw = image.shape[:2]
    p = _resize(_as_map("pred", pred).astype(np.float32), hw, cv2.INTER_LINEAR)
    p_ok = _valid(p)
    tiles, labels = [image], ["RGB", "prediction (%s)" % kind]
    if gt is not None:
        g_raw = _as_map("gt", gt).astype(np.float32)
        g_ok = _valid(g_raw)
        if mask is not None:
            m = _as_map("mask", mask)
            if m.shape != g_raw.shape:
                raise ValueError("mask shape %s differs from gt shape %s"
                                 % (m.shape, g_raw.shape))
            g_ok &= m.astype(bool)
        g = _resize(g_raw, hw, cv2.INTER_NEAREST)
        g_ok = _resize(g_ok.astype(np.uint8), hw, cv2.INTER_NEAREST).astype(bool)
    if gt is not None and g_ok.any():
        lo, hi = float(g[g_ok].min()), float(g[g_ok].max())
    elif p_ok.any():
        lo, hi = (float(x) for x in np.percentile(p[p_ok], [5, 95]))
    else:
        raise ValueError("pred has no finite value > 0 and there is no valid ground truth: "
                         "nothing to colour")
    tiles.append(_color(p, p_ok, lo, hi, kind))
    if gt is not None:
        tiles.append(_color(g, g_ok, lo, hi, kind))
        labels.append("ground truth")
    w = hw[1]
    label_scale = max(0.35, min(0.6, w * len(tiles) / 1600.0))
    strips = [text_strip(t, w, label_scale) for t in labels]
    h = max(s.shape[0] for s in strips)
    head = np.concatenate([np.pad(s, ((0, h - s.shape[0]), (0, 0), (0, 0))) for s in strips],
                          axis=1)
    parts = [head, np.concatenate(tiles, axis=1)]
    if title:
        parts.insert(0, text_strip(title, head.shape[1]))
    return np.concatenate(parts, axis=0)


def save_panel(path, rgb, pred, gt=None, mask=None, kind="depth", title=None):
    """Write render_panel(...) as a PNG at path (atomic, parent folders created)."""
    panel = render_panel(rgb, pred, gt, mask, kind, title)
    write_png(path, panel)
    return panel


def compose_rows(path, rows, width=None, gap=6):
    """Stack pictures vertically, each with a caption strip above, into one PNG.

    rows: items (image, caption) or image, where image is a PNG path or an RGB array.
    Every row is resized to width (default: the widest row, at most 1920 px), keeping its
    aspect ratio. Returns the composed uint8 RGB array.
    """
    rows = list(rows)
    if not rows:
        raise ValueError("compose_rows needs at least one row")
    items = []
    for row in rows:
        image, caption = row if isinstance(row, tuple) else (row, None)
        if isinstance(image, (str, os.PathLike)):
            image = read_png(image)
        items.append((_as_rgb(image), caption))
    if width is None:
        width = min(1920, max(im.shape[1] for im, _ in items))
    parts = []
    for i, (im, caption) in enumerate(items):
        h = max(1, int(round(im.shape[0] * width / float(im.shape[1]))))
        interp = cv2.INTER_AREA if width < im.shape[1] else cv2.INTER_LINEAR
        if i:
            parts.append(np.full((gap, width, 3), 255, np.uint8))
        if caption:
            parts.append(text_strip(caption, width))
        parts.append(_resize(im, (h, width), interp))
    out = np.concatenate(parts, axis=0)
    write_png(path, out)
    return out


__all__ = ["INVALID_RGB", "KINDS", "render_panel", "save_panel", "compose_rows", "text_strip"]
