"""Each evaluation reader against its real on-disk format (sample_data's files) and bad input."""
import os
import struct

import cv2
import h5py
import numpy as np
import pytest
from scipy.io import loadmat

from src.eval import diw, eth3d, kitti, nyu, sintel, tum
from src.eval.errors import DatasetError
from tests.test_eval_common import dataset_path, write_all


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return write_all(tmp_path_factory.mktemp("midas_readers"))


def _rgb(path):
    return cv2.imread(path, cv2.IMREAD_COLOR)[:, :, ::-1].astype(np.float32) / 255.0


def test_kitti_depth_png_over_256_and_rgb_order(root):
    entries = kitti.index(dataset_path(root, "Kitti"))
    assert len(entries) == 4
    s = kitti.load(entries[0])
    raw = cv2.imread(entries[0].replace(os.sep + "image" + os.sep, os.sep + "depth" + os.sep), -1)
    assert raw.dtype == np.uint16
    np.testing.assert_allclose(s["depth"], raw / 256.0, rtol=1e-6)
    assert 5.0 < s["depth"].max() < 256.0 and not s["mask"].all()      # metres; sky invalid
    np.testing.assert_allclose(s["image"], _rgb(entries[0]), atol=1e-6)  # RGB, not BGR


def test_tum_depth_is_16_bit_over_5000(root):
    entries = tum.index(dataset_path(root, "TUM"))
    rgb_path, depth_path = entries[0]
    assert "/rgb/" in rgb_path and "/depth/" in depth_path
    s = tum.load(entries[0])
    raw = cv2.imread(depth_path, -1)
    np.testing.assert_allclose(s["depth"], raw / 5000.0, rtol=1e-6)
    # read as 8 bits (the model-zoo port's cv2.imread(path)) the depth would stay below 0.051 m
    assert s["depth"].max() > 1.0
    np.testing.assert_allclose(s["image"], _rgb(rgb_path), atol=1e-6)


def test_tum_two_column_associate_file(tmp_path, root):
    seq = os.path.join(dataset_path(root, "TUM"), "rgbd_dataset_freiburg2_desk_with_person")
    first = open(os.path.join(seq, "associate.txt")).readline().split()
    other = tmp_path / "x_person"
    other.mkdir()
    for sub in ("rgb", "depth"):
        os.symlink(os.path.join(seq, sub), str(other / sub))
    (other / "associate.txt").write_text("%s %s\n" % (first[1], first[3]))
    assert tum.index(str(tmp_path)) == [(str(other / first[1]), str(other / first[3]))]


def test_sintel_dpt_and_occlusions(root):
    entries = sintel.index(dataset_path(root, "Sintel"))
    s = sintel.load(entries[0])
    scene, name = entries[0].split(os.sep)[-2:]
    base = dataset_path(root, "Sintel")
    with open(os.path.join(base, "depth", scene, name[:-4] + ".dpt"), "rb") as f:
        tag, w, h = struct.unpack("<fii", f.read(12))
        ref = np.frombuffer(f.read(), "<f4").reshape(h, w)
    assert tag == np.float32(202021.25)
    np.testing.assert_array_equal(s["depth"], ref)
    occ = cv2.imread(os.path.join(base, "occlusions", scene, name), -1)
    assert (occ == 255).any() and (occ == 0).any()
    np.testing.assert_array_equal(s["mask"], occ == 0)    # white = occluded, left out


def test_sintel_truncated_dpt_names_the_file(tmp_path, root):
    entries = sintel.index(dataset_path(root, "Sintel"))
    scene, name = entries[0].split(os.sep)[-2:]
    dpt = os.path.join(dataset_path(root, "Sintel"), "depth", scene, name[:-4] + ".dpt")
    bad = tmp_path / "bad.dpt"
    bad.write_bytes(open(dpt, "rb").read()[:100])
    with pytest.raises(DatasetError, match="bad.dpt"):
        sintel.read_dpt(str(bad))


def test_eth3d_raw_float32_with_inf_invalid(root):
    infs = 0
    for entry in eth3d.index(dataset_path(root, "ETH3D")):
        s = eth3d.load(entry)
        h, w = s["image"].shape[:2]
        ref = np.fromfile(entry.replace("/images/", "/ground_truth_depth/"), "<f4").reshape(h, w)
        np.testing.assert_array_equal(s["depth"], ref)
        np.testing.assert_array_equal(s["mask"], np.isfinite(ref))
        infs += np.isinf(ref).sum()
    assert infs > 0                                          # streets: sky has no depth


def test_eth3d_depth_of_wrong_size_names_the_file(tmp_path, root):
    src = dataset_path(root, "ETH3D")
    entries = eth3d.index(src)
    gt = entries[0].replace("/images/", "/ground_truth_depth/")
    dst = tmp_path / "eth"
    import shutil
    shutil.copytree(src, str(dst))
    bad = gt.replace(src, str(dst))
    with open(bad, "r+b") as f:
        f.truncate(64)
    with pytest.raises(DatasetError, match=os.path.basename(bad)):
        eth3d.load(entries[0].replace(src, str(dst)))


def test_nyu_mat_images_depths_and_split(root):
    mat, splits = dataset_path(root, "NYU")
    entries = nyu.index([mat, splits])
    test = loadmat(splits)["testNdxs"].ravel().astype(int)
    assert [i for _, i in entries] == list(test - 1)        # 1-based MATLAB indices
    s = nyu.load(entries[1])
    with h5py.File(mat, "r") as f:
        assert f["images"].shape[1] == 3                    # MATLAB H x W x 3 x N, reversed
        image = f["images"][test[1] - 1].transpose(2, 1, 0)
        depth = f["depths"][test[1] - 1].T
    np.testing.assert_array_equal(s["image"], image / np.float32(255.0))
    np.testing.assert_array_equal(s["depth"], depth)
    assert s["image"].shape == (48, 64, 3) and 0.3 < s["depth"].max() <= 10.0
    with open(mat, "rb") as f:
        assert f.read(19) == b"MATLAB 7.3 MAT-file"


def test_diw_pairs_are_zero_based_with_closer_flag(root):
    entries = diw.index(dataset_path(root, "DIW"))
    csv_path = os.path.join(dataset_path(root, "DIW"), "DIW_Annotations", "DIW_test.csv")
    rows = open(csv_path).read().split()
    ya, xa, yb, xb, rel, w, h = rows[1].split(",")
    (image, pair, size) = entries[0]
    assert image.endswith(rows[0][len("./"):].replace("/", os.sep))
    expected = (int(ya) - 1, int(xa) - 1, int(yb) - 1, int(xb) - 1, 1 if rel == "<" else -1)
    assert tuple(pair) == expected
    assert size == (int(h), int(w)) and diw.load(entries[0])["image"].shape[:2] == size


def test_diw_coordinates_are_clipped_to_the_annotated_size(tmp_path):
    (tmp_path / "DIW_Annotations").mkdir()
    (tmp_path / "DIW_Annotations" / "DIW_test.csv").write_text(
        "./DIW_test/a.thumb\n0,1,50,70,>,64,48\n")
    (image, pair, size), = diw.index(str(tmp_path))
    assert image == str(tmp_path / "DIW_test" / "a.thumb")
    assert pair == (0, 0, 47, 63, -1) and size == (48, 64)


def test_diw_malformed_row_names_the_csv(tmp_path):
    (tmp_path / "DIW_Annotations").mkdir()
    (tmp_path / "DIW_Annotations" / "DIW_test.csv").write_text(
        "./DIW_test/a.thumb\n1,2,3,4,?,5,6\n")
    with pytest.raises(DatasetError, match="DIW_test.csv row 2"):
        diw.index(str(tmp_path))


@pytest.mark.parametrize("reader, key, fmt", [
    (kitti, "datapath_Kitti", "midas_kitti"), (tum, "datapath_TUM", "midas_tum"),
    (sintel, "datapath_Sintel", "midas_sintel"), (eth3d, "datapath_ETH3D", "midas_eth3d"),
    (diw, "datapath_DIW", "midas_diw")])
def test_missing_dataset_names_key_and_sample_command(tmp_path, reader, key, fmt):
    with pytest.raises(DatasetError) as err:
        reader.index(str(tmp_path / "nope"))
    msg = str(err.value)
    assert key in msg and "python -m sample_data %s" % fmt in msg and "\n" not in msg
    with pytest.raises(DatasetError, match=key):           # an empty folder too
        reader.index(str(tmp_path))


def test_nyu_missing_split_file(tmp_path, root):
    mat, _ = dataset_path(root, "NYU")
    with pytest.raises(DatasetError, match="datapath_NYU.*splits.mat.*midas_nyu"):
        nyu.index([mat, str(tmp_path / "splits.mat")])


def test_missing_or_corrupt_files_name_the_file(tmp_path, root):
    import shutil
    src = dataset_path(root, "Kitti")
    shutil.copytree(src, str(tmp_path / "kitti"))
    entries = kitti.index(str(tmp_path / "kitti"))
    depth = entries[0].replace("/image/", "/depth/")
    os.remove(depth)
    with pytest.raises((ValueError, OSError), match=os.path.basename(depth)):
        kitti.load(entries[0])
    with open(entries[1], "r+b") as f:                   # a truncated colour image
        f.truncate(200)
    with pytest.raises(ValueError, match=os.path.basename(entries[1])):
        kitti.load(entries[1])
    rgb, _ = tum.index(dataset_path(root, "TUM"))[0]
    with pytest.raises((ValueError, OSError), match="nope.png"):
        tum.load((rgb, str(tmp_path / "nope.png")))
