import os
import struct
import zlib

import numpy as np
import pytest

from common_metrics import io
from common_metrics.colormaps import get_lut
from common_metrics.io import DepthFileError


# ------------------------------------------------------------------ PFM
def test_pfm_round_trip_and_orientation(tmp_path):
    a = np.arange(12, dtype=np.float32).reshape(3, 4) + 0.5
    p = str(tmp_path / "d.pfm")
    io.write_pfm(p, a, scale=1.0)
    raw = open(p, "rb").read()
    assert raw.startswith(b"Pf\n4 3\n-1.000000\n")         # little endian: negative scale
    body = np.frombuffer(raw[len(b"Pf\n4 3\n-1.000000\n"):], "<f4").reshape(3, 4)
    assert (body[0] == a[2]).all()                         # first stored row = bottom row
    back, scale = io.read_pfm(p)
    assert back.dtype == np.float32 and (back == a).all() and scale == 1.0


def test_pfm_reads_big_endian_colour_files(tmp_path):
    a = np.random.RandomState(0).rand(2, 3, 3).astype(np.float32)
    p = tmp_path / "c.pfm"
    p.write_bytes(b"PF\n3 2\n2.5\n" + np.flipud(a).astype(">f4").tobytes())
    back, scale = io.read_pfm(str(p))
    assert scale == 2.5 and back.shape == (2, 3, 3) and (back == a).all()


def test_pfm_errors_name_the_file(tmp_path):
    p = tmp_path / "t.pfm"
    p.write_bytes(b"Pf\n4 3\n-1.0\n" + b"\0" * 20)
    with pytest.raises(DepthFileError, match="truncated") as e:
        io.read_pfm(str(p))
    assert str(p) in str(e.value)
    p.write_bytes(b"P6\n4 3\n255\n")
    with pytest.raises(DepthFileError, match="not a PFM"):
        io.read_pfm(str(p))
    with pytest.raises(FileNotFoundError, match="nope.pfm"):
        io.read_pfm(str(tmp_path / "nope.pfm"))
    with pytest.raises(ValueError, match="shape"):
        io.write_pfm(str(p), np.zeros((2, 2, 2)))


# ------------------------------------------------------------------ PNG
def test_png_round_trips(tmp_path):
    rng = np.random.RandomState(1)
    images = [rng.randint(0, 256, (7, 9), dtype=np.uint8),
              rng.randint(0, 256, (7, 9, 3), dtype=np.uint8),
              rng.randint(0, 256, (7, 9, 4), dtype=np.uint8),
              rng.randint(0, 65536, (7, 9), dtype=np.uint16)]
    for i, img in enumerate(images):
        p = str(tmp_path / ("i%d.png" % i))
        io.write_png(p, img)
        back = io.read_png(p)
        assert back.dtype == img.dtype and back.shape == img.shape
        assert (back == img).all()


def _ihdr(path):
    """(width, height, bit depth, colour type) from a PNG file's IHDR chunk."""
    data = open(path, "rb").read()
    assert data[:8] == io.PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">IIBB", data[16:26])


def test_png_header_fields_are_the_documented_formats(tmp_path):
    # PNG spec colour types: 0 gray, 2 RGB, 6 RGBA; 16-bit gray for depth (NYU/KITTI)
    cases = [(np.zeros((3, 5), np.uint8), (5, 3, 8, 0)),
             (np.zeros((3, 5, 3), np.uint8), (5, 3, 8, 2)),
             (np.zeros((3, 5, 4), np.uint8), (5, 3, 8, 6)),
             (np.zeros((3, 5), np.uint16), (5, 3, 16, 0))]
    for i, (img, fields) in enumerate(cases):
        p = str(tmp_path / ("h%d.png" % i))
        io.write_png(p, img)
        assert _ihdr(p) == fields


def test_png_channel_order_is_rgb(tmp_path):
    import cv2
    img = np.zeros((2, 2, 3), np.uint8)
    img[..., 0] = 255                                   # pure red
    p = str(tmp_path / "red.png")
    io.write_png(p, img)
    assert (cv2.imread(p)[..., 2] == 255).all()         # cv2 reads BGR: red is last
    data = _png_bytes(2, 2, 8, 2, _forward_filter(img.reshape(2, -1), 3, 0))
    assert (io.decode_png(data) == img).all()           # hand-built RGB bytes read as RGB


def _forward_filter(rows, bpp, ftype):
    """Independent PNG filter encoder (spec section 6) for one filter type."""
    out, prev = [], np.zeros(rows.shape[1], np.int64)
    for row in rows.astype(np.int64):
        a = np.concatenate([np.zeros(bpp, np.int64), row[:-bpp]])
        c = np.concatenate([np.zeros(bpp, np.int64), prev[:-bpp]])
        b = prev
        if ftype == 0:
            f = row
        elif ftype == 1:
            f = row - a
        elif ftype == 2:
            f = row - b
        elif ftype == 3:
            f = row - (a + b) // 2
        else:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
            f = row - pred
        out.append(bytes([ftype]) + (f & 0xFF).astype(np.uint8).tobytes())
        prev = row
    return b"".join(out)


def _png_bytes(w, h, depth, ctype, scan):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (io.PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(scan)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("ftype", [0, 1, 2, 3, 4])
def test_decoder_reads_hand_built_pngs_of_every_filter_type(ftype):
    rng = np.random.RandomState(ftype)
    rgb = rng.randint(0, 256, (5, 6, 3), dtype=np.uint8)
    data = _png_bytes(6, 5, 8, 2, _forward_filter(rgb.reshape(5, -1), 3, ftype))
    assert (io.decode_png(data) == rgb).all()
    d16 = rng.randint(0, 65536, (4, 5)).astype(np.uint16)
    rows = d16.astype(">u2").view(np.uint8).reshape(4, -1)
    data = _png_bytes(5, 4, 16, 0, _forward_filter(rows, 2, ftype))
    back = io.decode_png(data)
    assert back.dtype == np.uint16 and (back == d16).all()


def test_corrupt_png_is_a_clear_error(tmp_path):
    p = tmp_path / "x.png"
    io.write_png(str(p), np.random.RandomState(5).randint(0, 256, (40, 40, 3)).astype(np.uint8))
    good = p.read_bytes()
    flipped = bytearray(good)
    flipped[60] ^= 0xFF                                 # inside IDAT: CRC / zlib check fails
    for data in (good[:45], good[:-20], bytes(flipped)):
        p.write_bytes(data)
        with pytest.raises(DepthFileError, match="corrupt or truncated") as e:
            io.read_png(str(p))
        assert str(p) in str(e.value)
    p.write_bytes(b"hello")
    with pytest.raises(DepthFileError, match="not a PNG"):
        io.read_png(str(p))


def test_write_png_rejects_unsupported_arrays(tmp_path):
    with pytest.raises(ValueError, match="uint8"):
        io.write_png(str(tmp_path / "f.png"), np.zeros((2, 2), np.float32))


# ------------------------------------------------------------------ PNG16 depth
def test_png16_quantisation_and_invalid_pixels(tmp_path):
    depth = np.array([[1.2344, 1.2346, 0.0, np.nan], [np.inf, -2.0, 65.535, 0.0004]])
    p = str(tmp_path / "d.png")
    io.write_png16(p, depth, scale=1000.0)
    raw = io.read_png(p)
    assert raw.dtype == np.uint16
    assert raw.tolist() == [[1234, 1235, 0, 0], [0, 0, 65535, 0]]
    back = io.read_png16(p, scale=1000.0)
    assert back.dtype == np.float32
    assert back[0, :2] == pytest.approx([1.234, 1.235]) and back[1, 2] == pytest.approx(65.535)
    # KITTI convention: scale 256
    io.write_png16(p, np.array([[80.0, 0.5]]), scale=256.0)
    assert io.read_png16(p, scale=256.0).tolist() == [[80.0, 0.5]]


def test_png16_errors(tmp_path):
    with pytest.raises(ValueError, match="16-bit range"):
        io.write_png16(str(tmp_path / "d.png"), np.array([[70.0]]), scale=1000.0)
    p = str(tmp_path / "rgb.png")
    io.write_png(p, np.zeros((2, 2, 3), np.uint8))
    with pytest.raises(DepthFileError, match="16-bit") as e:
        io.read_png16(p)
    assert p in str(e.value)


# ------------------------------------------------------------------ npy
def test_npy_round_trip_and_no_pickles(tmp_path):
    a = np.random.RandomState(2).rand(3, 4).astype(np.float32)
    p = str(tmp_path / "a" / "x.npy")
    io.write_npy(p, a)
    back = io.read_npy(p)
    assert back.dtype == a.dtype and (back == a).all()
    obj = str(tmp_path / "obj.npy")
    np.save(obj, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(DepthFileError) as e:
        io.read_npy(obj)
    assert obj in str(e.value)
    with open(obj, "wb") as f:
        f.write(b"garbage")
    with pytest.raises(DepthFileError):
        io.read_npy(obj)
    with pytest.raises(ValueError, match="object"):
        io.write_npy(obj, np.array([None], dtype=object))
    npz = str(tmp_path / "two.npz")
    np.savez(npz, a=a, b=a)
    with pytest.raises(DepthFileError, match="npz"):
        io.read_npy(npz)


# ------------------------------------------------------------------ colour maps
def _luminance(rgb):
    return rgb[..., 0] * 0.2126 + rgb[..., 1] * 0.7152 + rgb[..., 2] * 0.0722


def test_magma_table_and_monotone_luminance():
    lut = get_lut("magma")
    assert lut.shape == (256, 3) and lut.dtype == np.uint8
    assert lut[0].tolist() == [0, 0, 4] and lut[-1].tolist() == [252, 253, 191]
    assert lut[128].tolist() == [183, 55, 121]
    # more published viscm entries (rounded): OpenCV's COLORMAP_MAGMA must match them
    assert [lut[i].tolist() for i in (32, 64, 96, 160, 192, 224)] == [
        [29, 17, 71], [81, 18, 124], [131, 38, 129], [231, 82, 99], [252, 137, 97],
        [254, 196, 136]]
    lum = _luminance(lut.astype(float))
    # the published float table rises strictly; rounding to uint8 may dip by < 0.5 level
    assert (np.diff(lum) > -0.5).all()
    assert (np.diff(lum[::4]) > 0).all() and lum[-1] - lum[0] > 200


def test_jet_anchors():
    lut = get_lut("jet")
    assert lut[0].tolist() == [0, 0, 128] and lut[-1].tolist() == [128, 0, 0]
    with pytest.raises(ValueError, match="magma"):
        get_lut("viridis")


def test_colorize_shape_range_and_monotone():
    ramp = np.linspace(1.0, 10.0, 200).reshape(10, 20)
    rgb = io.colorize(ramp, vmax=10.0)
    assert rgb.shape == (10, 20, 3) and rgb.dtype == np.uint8
    lum = _luminance(rgb.reshape(-1, 3).astype(float))
    assert (np.diff(lum) > -0.5).all() and lum[-1] - lum[0] > 200
    assert rgb[0, 0].tolist() == get_lut("magma")[0].tolist()      # vmin = min
    assert rgb[-1, -1].tolist() == get_lut("magma")[255].tolist()


def test_colorize_percentile_clip_and_non_finite_black():
    v = np.arange(100, dtype=float).reshape(10, 10)
    v[0, 0] = np.nan
    v[0, 1] = np.inf
    fin = np.isfinite(v)
    rgb = io.colorize(v, cmap="jet")                    # vmax = 95th percentile
    top = get_lut("jet")[255].tolist()
    vmax = np.percentile(v[np.isfinite(v)], 95)
    high = fin & (np.where(fin, v, 0) >= vmax)
    assert high.sum() == 5 and (rgb[high] == top).all()
    assert not (rgb[fin & (np.where(fin, v, 1e9) < vmax - 1)] == top).all(axis=-1).any()
    assert rgb[0, 0].tolist() == [0, 0, 0] and rgb[0, 1].tolist() == [0, 0, 0]
    assert io.colorize(np.full((2, 2), np.nan)).sum() == 0
    assert io.colorize(np.ones((2, 2))).shape == (2, 2, 3)     # constant map: no crash


def test_write_colormap_round_trip(tmp_path):
    v = np.random.RandomState(3).rand(6, 8)
    p = str(tmp_path / "viz" / "c.png")
    io.write_colormap(p, v, cmap="magma")
    assert (io.read_png(p) == io.colorize(v)).all()


def test_a_truncated_png_gives_our_line_not_opencvs_warning(tmp_path):
    import subprocess
    import sys
    p = str(tmp_path / "t.png")
    io.write_png(p, np.random.RandomState(6).randint(0, 256, (40, 40, 3)).astype(np.uint8))
    data = open(p, "rb").read()
    open(p, "wb").write(data[:100])
    code = ("from common_metrics import io\n"
            "try:\n    io.read_png(%r)\nexcept io.DepthFileError as e:\n    print(e)\n" % p)
    outs = {}
    for verbose in ("0", "1"):
        env = dict(os.environ, DEPTHZOO_VERBOSE=verbose)
        r = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True, env=env, timeout=60)
        assert r.stdout.strip() == "%s: corrupt or truncated PNG" % p
        outs[verbose] = r.stderr
    assert "WARN" not in outs["0"] and "WARN" in outs["1"]    # DEPTHZOO_VERBOSE=1 shows it
