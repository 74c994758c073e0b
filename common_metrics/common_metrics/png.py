"""Minimal pure-Python PNG codec (zlib + struct), used when cv2 is missing.

Encodes 8-bit gray/RGB/RGBA and 16-bit gray (filter type 0). Decodes
non-interlaced 8-bit gray, gray+alpha, RGB, RGBA, palette and 16-bit
images with all five filter types; checks chunk CRCs.
"""
import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}   # colour type -> samples per pixel


class PNGError(ValueError):
    """Bytes that are not a PNG this codec can read."""


def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def encode(image):
    """PNG bytes of a uint8 (H, W[, 1|3|4]) or uint16 (H, W) array (RGB order)."""
    a = np.asarray(image)
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    if a.dtype == np.uint16 and a.ndim == 2:
        depth, ctype, raw = 16, 0, a.astype(">u2")
    elif a.dtype == np.uint8 and a.ndim == 2:
        depth, ctype, raw = 8, 0, a
    elif a.dtype == np.uint8 and a.ndim == 3 and a.shape[2] in (3, 4):
        depth, ctype, raw = 8, {3: 2, 4: 6}[a.shape[2]], a
    else:
        raise ValueError("PNG encoder takes uint8 (H,W), (H,W,3), (H,W,4) or uint16 (H,W); "
                         "got %s %s" % (a.dtype, a.shape))
    h, w = a.shape[:2]
    if h == 0 or w == 0:
        raise ValueError("cannot write an empty image of shape %s" % (a.shape,))
    rows = np.ascontiguousarray(raw).view(np.uint8).reshape(h, -1)
    scan = np.concatenate([np.zeros((h, 1), np.uint8), rows], axis=1)  # filter 0 per row
    ihdr = struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0)
    return (SIGNATURE + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", zlib.compress(scan.tobytes(), 6)) + _chunk(b"IEND", b""))


def _chunks(data):
    pos = len(SIGNATURE)
    while pos + 8 <= len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        crc = data[pos + 8 + n:pos + 12 + n]
        if len(body) != n or len(crc) != 4:
            raise PNGError("truncated %s chunk" % kind.decode("latin-1"))
        if struct.unpack(">I", crc)[0] != zlib.crc32(kind + body) & 0xFFFFFFFF:
            raise PNGError("CRC mismatch in %s chunk" % kind.decode("latin-1"))
        yield kind, body
        if kind == b"IEND":
            return
        pos += 12 + n
    raise PNGError("no IEND chunk (truncated file)")


def _paeth_row(cur, prev, bpp):
    """Undo the Paeth filter in place on one row (bytearrays)."""
    for i in range(len(cur)):
        a = cur[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        p = a + b - c
        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
        pred = a if (pa <= pb and pa <= pc) else (b if pb <= pc else c)
        cur[i] = (cur[i] + pred) & 0xFF


def _unfilter(raw, h, stride, bpp):
    out = np.empty((h, stride), np.uint8)
    prev = np.zeros(stride, np.uint8)
    for y in range(h):
        f = raw[y * (stride + 1)]
        row = np.frombuffer(raw, np.uint8, stride, y * (stride + 1) + 1).copy()
        if f == 0:
            pass
        elif f == 1:  # Sub: running sum along each byte lane, mod 256
            lanes = row.reshape(-1, bpp).astype(np.uint64)
            row = (np.cumsum(lanes, axis=0) & 0xFF).astype(np.uint8).reshape(-1)
        elif f == 2:  # Up
            row += prev
        elif f == 3:  # Average
            cur = bytearray(row.tobytes())
            for i in range(stride):
                a = cur[i - bpp] if i >= bpp else 0
                cur[i] = (cur[i] + ((a + int(prev[i])) >> 1)) & 0xFF
            row = np.frombuffer(bytes(cur), np.uint8)
        elif f == 4:  # Paeth
            cur = bytearray(row.tobytes())
            _paeth_row(cur, bytearray(prev.tobytes()), bpp)
            row = np.frombuffer(bytes(cur), np.uint8)
        else:
            raise PNGError("unknown filter type %d in row %d" % (f, y))
        out[y] = row
        prev = out[y]
    return out


def decode(data):
    """Array of PNG bytes: (H, W) gray or (H, W, C) RGB(A), uint8 or uint16."""
    if not data.startswith(SIGNATURE):
        raise PNGError("not a PNG file (bad signature)")
    header, palette, idat = None, None, []
    for kind, body in _chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = np.frombuffer(body, np.uint8).reshape(-1, 3)
        elif kind == b"IDAT":
            idat.append(body)
    if header is None or not idat:
        raise PNGError("missing IHDR or IDAT chunk")
    w, h, depth, ctype, _, _, interlace = header
    if ctype not in _CHANNELS or depth not in (8, 16) or (ctype == 3 and depth != 8):
        raise PNGError("unsupported PNG (bit depth %d, colour type %d)" % (depth, ctype))
    if interlace:
        raise PNGError("interlaced PNG is not supported by the pure-Python reader")
    ch = _CHANNELS[ctype]
    bpp = ch * depth // 8
    stride = w * bpp
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise PNGError("corrupt image data: %s" % e)
    if len(raw) < h * (stride + 1):
        raise PNGError("image data too short (%d bytes for %dx%d)" % (len(raw), w, h))
    rows = _unfilter(raw, h, stride, bpp)
    if depth == 16:
        img = rows.view(">u2").astype(np.uint16).reshape(h, w, ch)
    else:
        img = rows.reshape(h, w, ch)
    if ctype == 3:
        if palette is None:
            raise PNGError("palette image without PLTE chunk")
        img = palette[img[:, :, 0]]
    return img[:, :, 0] if img.shape[2] == 1 else img
