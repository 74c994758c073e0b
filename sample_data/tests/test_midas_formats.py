"""The six MiDaS zero-shot evaluation formats, read back with independent parsers (struct, cv2)."""
import csv
import struct

import cv2
import numpy as np
import pytest

import sample_data
from sample_data import matfile

SMALL = dict(num=2, seed=0, height=40, width=64)
FORMATS = ("midas_kitti", "midas_tum", "midas_sintel", "midas_eth3d", "midas_nyu", "midas_diw")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("midas")
    for fmt in FORMATS:
        sample_data.write_dataset(fmt, str(root / fmt), **SMALL)
    return root


def test_registered_for_all():
    for fmt in FORMATS:
        assert fmt in sample_data.formats()


def test_kitti_uint16_over_256(out):
    d = out / "midas_kitti" / "2011_09_26_drive_0001_sync"
    gt = cv2.imread(str(d / "depth" / "0000000000.png"), -1)
    assert gt.dtype == np.uint16 and gt.shape == (40, 64) and (gt == 0).any()
    assert 2.0 < gt.max() / 256.0 < 256.0
    assert cv2.imread(str(d / "image" / "0000000000.png")).shape == (40, 64, 3)


def test_tum_associate_and_16_bit_depth(out):
    seq = out / "midas_tum" / "rgbd_dataset_freiburg2_desk_with_person"
    lines = (seq / "associate.txt").read_text().split("\n")
    t_rgb, rgb, t_depth, depth = lines[0].split()
    assert rgb == "rgb/%s.png" % t_rgb and depth == "depth/%s.png" % t_depth
    assert 0 < float(t_depth) - float(t_rgb) < 0.02
    gt = cv2.imread(str(seq / depth), -1)
    assert gt.dtype == np.uint16 and 0.5 < gt.max() / 5000.0 <= 10.0 and gt.max() > 255
    assert (seq / "rgb.txt").read_text().startswith("# color images")


def test_sintel_dpt_header_and_occlusions(out):
    root = out / "midas_sintel"
    data = (root / "depth" / "alley_1" / "frame_0001.dpt").read_bytes()
    tag, w, h = struct.unpack("<fii", data[:12])
    assert tag == np.float32(202021.25) and (w, h) == (64, 40) and len(data) == 12 + 4 * w * h
    depth = np.frombuffer(data[12:], "<f4").reshape(h, w)
    assert (depth > 0.3).all() and depth.max() <= 10.0        # rooms: depth everywhere
    occ = cv2.imread(str(root / "occlusions" / "alley_1" / "frame_0001.png"), -1)
    assert set(np.unique(occ)) <= {0, 255} and 0 < (occ == 255).mean() < 0.3
    assert (root / "final_left" / "alley_1" / "frame_0001.png").is_file()


def test_sintel_occlusion_marks_pixels_hidden_in_the_right_view():
    from sample_data.writers.midas_sintel import occlusion
    depth = np.full((4, 20), 10.0)
    right = depth.copy()
    right[:, 5:8] = 1.0                     # something close covers these columns on the right
    occ = occlusion(depth, right, fx=100.0)  # disparity 100 * 0.1 / 10 = 1 px
    assert (occ[:, 6:9] == 255).all() and (occ[:, 10:] == 0).all() and (occ[:, 0] == 255).all()


def test_eth3d_raw_float32_same_name(out):
    root = out / "midas_eth3d"
    img = cv2.imread(str(root / "office" / "images" / "dslr_images" / "DSC_0001.JPG"))
    raw = (root / "office" / "ground_truth_depth" / "dslr_images" / "DSC_0001.JPG").read_bytes()
    assert img.shape == (40, 64, 3) and len(raw) == 4 * 40 * 64
    depth = np.frombuffer(raw, "<f4")
    assert np.isfinite(depth).any() and (depth[np.isfinite(depth)] > 0).all()


def test_nyu_mat_headers(out):
    root = out / "midas_nyu"
    data = (root / "nyu.mat").read_bytes()
    assert data.startswith(b"MATLAB 7.3 MAT-file") and data[512:520] == b"\x89HDF\r\n\x1a\n"
    split = (root / "splits.mat").read_bytes()
    assert split.startswith(b"MATLAB 5.0 MAT-file") and split[126:128] == b"IM"
    assert b"testNdxs" in split and b"trainNdxs" in split


def test_nyu_mat_reads_back_with_h5py_and_scipy(out):
    h5py = pytest.importorskip("h5py")
    io = pytest.importorskip("scipy.io")
    root = out / "midas_nyu"
    with h5py.File(str(root / "nyu.mat"), "r") as f:
        assert f["images"].shape == (2, 3, 64, 40) and f["images"].dtype == np.uint8
        assert f["depths"].shape == (2, 64, 40) and f["depths"].dtype == np.float32
        assert f["depths"].attrs["MATLAB_class"] == b"single"
        assert (f["rawDepths"][0] == 0).any() and f["depths"][0].min() > 0
    m = io.loadmat(str(root / "splits.mat"))
    assert m["testNdxs"].ravel().tolist() == [1.0] and m["trainNdxs"].ravel().tolist() == [2.0]


def test_mat5_round_trip_with_hand_parser(tmp_path):
    path = str(tmp_path / "a.mat")
    matfile.write_mat5(path, {"v": np.array([[1.0], [2.0], [5.0]])})
    data = open(path, "rb").read()
    kind, size = struct.unpack("<II", data[128:136])
    assert kind == 14 and size == len(data) - 136           # one miMATRIX element
    assert data.endswith(struct.pack("<3d", 1.0, 2.0, 5.0))


def test_diw_csv_pairs(out):
    root = out / "midas_diw"
    rows = list(csv.reader(open(str(root / "DIW_Annotations" / "DIW_test.csv"))))
    assert len(rows) == 4 and rows[0][0].startswith("./DIW_test/") and rows[0][0].endswith(".thumb")
    ya, xa, yb, xb, rel, w, h = rows[1]
    assert rel in "<>" and (int(w), int(h)) == (64, 40)
    assert 1 <= int(ya) <= 40 and 1 <= int(xa) <= 64 and (int(ya), int(xa)) != (int(yb), int(xb))
    img = cv2.imread(str(root / rows[0][0][2:]))
    assert img.shape == (40, 64, 3)
    assert {rows[1][4], rows[3][4]} == {"<", ">"}


def test_diw_relation_follows_rendered_depth():
    from sample_data.writers.midas_diw import point_pair
    depth = np.array([[1.0, 5.0], [0.0, 5.0]])
    for farther in (True, False):
        (ya, xa, yb, xb), rel = point_pair(depth, np.random.RandomState(0), a_farther=farther)
        za, zb = depth[ya - 1, xa - 1], depth[yb - 1, xb - 1]
        assert (rel == ">") == (za > zb) == farther and min(za, zb) > 0


def _digest(root):
    import hashlib
    import os
    h = hashlib.sha256()
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            h.update(os.path.relpath(path, root).encode() + open(path, "rb").read())
    return h.hexdigest()


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, fmt):
    kw = dict(num=2, height=32, width=48)
    a = sample_data.write_dataset(fmt, str(tmp_path / "a"), seed=5, **kw)
    b = sample_data.write_dataset(fmt, str(tmp_path / "b"), seed=5, **kw)
    c = sample_data.write_dataset(fmt, str(tmp_path / "c"), seed=6, **kw)
    assert _digest(a) == _digest(b) != _digest(c)
