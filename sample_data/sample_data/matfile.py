"""MATLAB files without scipy/h5py: MAT v5 (``scipy.io.loadmat``) and v7.3 (HDF5, ``h5py``).

sample_data runs in environments that have only NumPy and OpenCV, yet the NYU Depth v2
files MiDaS evaluates on are a v7.3 ``nyu_depth_v2_labeled.mat`` (an HDF5 file behind a
512-byte MATLAB header) and a v5 ``splits.mat``. Both are written here by hand, with
just the features those files use: named numeric arrays at the top level.

MATLAB is column-major: an array MATLAB calls H x W x C x N is stored with the HDF5
dimensions reversed, (N, C, W, H). ``write_mat73`` stores what it is given as HDF5
dimensions; callers transpose. ``write_mat5`` takes 2-D arrays as MATLAB sees them.
"""
import struct
import time

import numpy as np

UNDEF = 0xFFFFFFFFFFFFFFFF
USERBLOCK = 512
GROUP_LEAF_K = 4
GROUP_INTERNAL_K = 16


# ---------------------------------------------------------------- MAT v5 ----------
_MAT5_TYPES = {np.dtype(np.float64): (9, "double"), np.dtype(np.uint8): (2, "uint8"),
               np.dtype(np.uint16): (4, "uint16"), np.dtype(np.float32): (7, "single")}
_MAT5_CLASS = {"double": 6, "single": 7, "uint8": 9, "uint16": 11}


def _mat5_element(dtype_code, payload):
    pad = (-len(payload)) % 8
    return struct.pack("<II", dtype_code, len(payload)) + payload + b"\0" * pad


def _mat5_header(text):
    text = text.encode("ascii")[:116].ljust(116, b" ")
    return text + b"\0" * 8 + struct.pack("<H", 0x0100) + b"IM"


def write_mat5(path, arrays):
    """Write ``{name: 2-D array}`` as a MAT v5 file (uncompressed, little endian)."""
    out = [_mat5_header("MATLAB 5.0 MAT-file, written by sample_data")]
    for name, value in arrays.items():
        a = np.asarray(value)
        if a.ndim == 1:
            a = a[:, None]
        if a.ndim != 2 or a.dtype not in _MAT5_TYPES:
            raise ValueError("write_mat5: %r must be a 2-D float64/float32/uint8/uint16 array, "
                             "got %s %s" % (name, a.dtype, a.shape))
        code, cls = _MAT5_TYPES[a.dtype]
        body = _mat5_element(6, struct.pack("<II", _MAT5_CLASS[cls], 0))      # array flags
        body += _mat5_element(5, struct.pack("<ii", *a.shape))                 # dimensions
        body += _mat5_element(1, name.encode("ascii"))                         # name
        body += _mat5_element(code, a.astype(a.dtype.newbyteorder("<")).tobytes(order="F"))
        out.append(struct.pack("<II", 14, len(body)) + body)                   # miMATRIX
    with open(path, "wb") as f:
        f.write(b"".join(out))


# ---------------------------------------------------------------- MAT v7.3 (HDF5) --
def _pad8(b):
    return b + b"\0" * ((-len(b)) % 8)


def _datatype(dtype):
    """HDF5 datatype message body (version 1) for a little-endian numeric dtype."""
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        exp_loc, exp_size, mant_size, bias = {4: (23, 8, 23, 127), 8: (52, 11, 52, 1023)}[
            dtype.itemsize]
        bits = struct.pack("<BBB", 0x20, dtype.itemsize * 8 - 1, 0)  # implied msb; sign bit
        props = struct.pack("<HHBBBBI", 0, dtype.itemsize * 8, exp_loc, exp_size, 0,
                            mant_size, bias)
        return struct.pack("<B", 0x11) + bits + struct.pack("<I", dtype.itemsize) + props
    if dtype.kind in "iu":
        bits = struct.pack("<BBB", 0x08 if dtype.kind == "i" else 0, 0, 0)
        props = struct.pack("<HH", 0, dtype.itemsize * 8)
        return struct.pack("<B", 0x10) + bits + struct.pack("<I", dtype.itemsize) + props
    raise ValueError("write_mat73: unsupported dtype %s" % dtype)


def _string_type(size):
    return struct.pack("<BBBBI", 0x13, 0, 0, 0, size)  # fixed string, null-terminated, ASCII


def _dataspace(shape):
    return struct.pack("<BBBB4x", 1, len(shape), 0, 0) + b"".join(
        struct.pack("<Q", d) for d in shape)


def _message(kind, body):
    body = _pad8(body)
    return struct.pack("<HHB3x", kind, len(body), 0) + body


def _object_header(messages):
    data = b"".join(messages)
    return struct.pack("<BBHII4x", 1, 0, len(messages), 1, len(data)) + data


def _matlab_class_attr(cls):
    name = b"MATLAB_class\0"
    dtype, space = _string_type(len(cls)), _dataspace(())
    body = struct.pack("<BBHHH", 1, 0, len(name), len(dtype), len(space))
    body += _pad8(name) + _pad8(dtype) + _pad8(space) + cls.encode("ascii")
    return _message(0x000C, body)


_MATLAB_CLASS = {"f8": "double", "f4": "single", "u1": "uint8", "u2": "uint16", "i4": "int32"}


def _hdf5_blob(arrays, base):
    """HDF5 bytes (superblock v0, one symbol-table root group) placed at file offset ``base``."""
    names = sorted(arrays)
    if len(names) > 2 * GROUP_LEAF_K:
        raise ValueError("write_mat73 writes at most %d arrays" % (2 * GROUP_LEAF_K))
    heap_data, offsets = b"\0" * 8, {}
    for n in names:
        offsets[n] = len(heap_data)
        heap_data += _pad8(n.encode("ascii") + b"\0")

    superblock_size, root_size = 96, 16 + 8 + 16
    heap_addr = superblock_size + root_size
    heap_data_addr = heap_addr + 32
    btree_addr = heap_data_addr + len(heap_data)
    btree_size = 24 + (2 * GROUP_INTERNAL_K + 1) * 8 + 2 * GROUP_INTERNAL_K * 8
    snod_addr = btree_addr + btree_size
    addr = snod_addr + 8 + 2 * GROUP_LEAF_K * 40

    headers, datasets = {}, []
    for n in names:
        a = np.ascontiguousarray(arrays[n])
        a = a.astype(a.dtype.newbyteorder("<"))
        cls = _MATLAB_CLASS[a.dtype.str[1:]]

        def header(data_addr):
            return _object_header([
                _message(0x0001, _dataspace(a.shape)),
                _message(0x0003, _datatype(a.dtype)),
                _message(0x0008, struct.pack("<BBQQ", 3, 1, data_addr, a.nbytes)),  # contiguous
                _matlab_class_attr(cls),
            ])
        headers[n] = addr
        data_addr = addr + len(header(0))
        datasets.append(_pad8(header(data_addr) + a.tobytes()))
        addr = headers[n] + len(datasets[-1])

    eof = base + addr
    root_entry = struct.pack("<QQI4xQQ", 0, superblock_size, 1, btree_addr, heap_addr)
    superblock = (b"\x89HDF\r\n\x1a\n" + struct.pack("<8B", 0, 0, 0, 0, 0, 8, 8, 0)
                  + struct.pack("<HHI", GROUP_LEAF_K, GROUP_INTERNAL_K, 0)
                  + struct.pack("<QQQQ", base, UNDEF, eof, UNDEF) + root_entry)
    root = _object_header([_message(0x0011, struct.pack("<QQ", btree_addr, heap_addr))])
    # free-list offset 1 = no free block (HDF5's H5HL_FREE_NULL, not the undefined address)
    heap = b"HEAP" + struct.pack("<B3xQQQ", 0, len(heap_data), 1, heap_data_addr)
    btree = (b"TREE" + struct.pack("<BBHQQ", 0, 0, 1, UNDEF, UNDEF)
             + struct.pack("<QQQ", 0, snod_addr, offsets[names[-1]])).ljust(btree_size, b"\0")
    snod = b"SNOD" + struct.pack("<BBH", 1, 0, len(names)) + b"".join(
        struct.pack("<QQI4x16x", offsets[n], headers[n], 0) for n in names)
    snod = snod.ljust(8 + 2 * GROUP_LEAF_K * 40, b"\0")
    blob = superblock + root + heap + heap_data + btree + snod + b"".join(datasets)
    assert len(superblock) == superblock_size and len(root) == root_size and len(blob) == addr
    return blob


def write_mat73(path, arrays):
    """Write ``{name: array}`` as a MATLAB v7.3 file (HDF5 behind a 512-byte MATLAB header).

    Arrays are stored with their NumPy shape as the HDF5 dimensions (h5py reads them back
    with that shape); each gets the ``MATLAB_class`` attribute MATLAB writes.
    """
    text = ("MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: %s HDF5 schema 1.00 ."
            % time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(0)))
    header = text.encode("ascii").ljust(116, b" ") + b"\0" * 8 + struct.pack("<H", 0x0200) + b"IM"
    with open(path, "wb") as f:
        f.write(header.ljust(USERBLOCK, b"\0"))
        f.write(_hdf5_blob(arrays, USERBLOCK))
