"""Input pipeline on the documented zip layout and on TFRecords; bad inputs."""
import itertools

import numpy as np
import pytest
import tensorflow as tf

import data
import dataset_tool_tf
import utils
from conftest import H, W, write_nyu_data_zip, write_nyu_test_zip


def _take(ds, n):
    it = tf.compat.v1.data.make_one_shot_iterator(ds).get_next()
    with tf.compat.v1.Session() as sess:
        return [sess.run(it) for _ in range(n)]


def test_zip_values_and_ranges(nyu_zip):
    ds, num = data.train_dataset(2, (H, W), zip_path=nyu_zip, do_augment=False, shuffle=False)
    assert num == 8
    (x, y), = _take(ds, 1)
    assert x.shape == (2, H, W, 3) and y.shape == (2, H // 2, W // 2, 1)
    assert x.dtype == np.float32 and 0.0 <= x.min() and x.max() <= 1.0
    # DepthNorm of depth clipped to [10, 1000] cm lies in [1, 100]
    assert 1.0 <= y.min() and y.max() <= 100.0
    # hand value: the sample's 8-bit depth png -> cm -> 1000 / cm, area-averaged at half size
    zf = data.open_zip(nyu_zip)
    pair = data.read_pairs(zf, data.TRAIN_CSV, nyu_zip)[0]
    _, depth_cm = data.load_sample(zf, pair, nyu_zip)
    expect = 1000.0 / np.clip(depth_cm[:2, :2, 0], 10, 1000)
    assert y[0, 0, 0, 0] == pytest.approx(expect.mean(), rel=1e-4)


def test_tfrecords_match_zip(nyu_zip, tmp_path):
    rec = str(tmp_path / "nyu.tfrecords")
    assert dataset_tool_tf.write_tfrecords(nyu_zip, rec) == 8
    a, _ = data.train_dataset(4, (H, W), zip_path=nyu_zip, do_augment=False, shuffle=False)
    b, _ = data.train_dataset(4, (H, W), tfrecords=rec, do_augment=False, shuffle=False)
    (xa, ya), = _take(a, 1)
    (xb, yb), = _take(b, 1)
    np.testing.assert_allclose(yb, ya, rtol=1e-6)          # png: lossless, identical
    assert np.abs(xb - xa).max() < 3.0 / 255               # jpeg decoders may differ by a step


def test_augmentation_keeps_rgb_depth_aligned(tmp_path):
    # grey image whose brightness follows depth: mirror must act on both, permutation is invisible
    path = str(tmp_path / "d.zip")
    write_nyu_data_zip(path, num_train=2)
    ds, _ = data.train_dataset(1, (H, W), zip_path=path, do_augment=True, shuffle=False, seed=3)
    flips = set()
    for x, y in _take(ds, 12):
        red_half = x[0, ::2, ::2, :]
        depth_half = 1000.0 / y[0, :, :, 0]
        # channel 0 of the synthetic scene encodes depth; after permutation it is one of 3
        corr = max(np.corrcoef(red_half[..., c].ravel(), depth_half.ravel())[0, 1] for c in range(3))
        assert corr > 0.9
        flips.add(bool(depth_half[:, 0].mean() > depth_half[:, -1].mean()))
    assert flips == {True, False}    # both orientations were drawn


def test_shards_are_disjoint(nyu_zip):
    zf = data.open_zip(nyu_zip)
    pairs = data.read_pairs(zf, data.TRAIN_CSV, nyu_zip)
    a, na = data.train_dataset(1, (H, W), zip_path=nyu_zip, rank_size=2, rank_id=0,
                               do_augment=False, shuffle=False, repeat=False)
    b, nb = data.train_dataset(1, (H, W), zip_path=nyu_zip, rank_size=2, rank_id=1,
                               do_augment=False, shuffle=False, repeat=False)
    assert na == nb == len(pairs) // 2
    xa = np.stack([x for x, _ in _take(a, na)])
    xb = np.stack([x for x, _ in _take(b, nb)])
    assert min(np.abs(p - q).mean() for p in xa for q in xb) > 1e-3


def test_missing_csv_entry_is_named(tmp_path):
    path = str(tmp_path / "d.zip")
    write_nyu_data_zip(path, drop=2)
    with pytest.raises(ValueError, match=r"line 3: data/nyu2_train/scene_0/2.png is listed but not in"):
        dataset_tool_tf.write_tfrecords(path, str(tmp_path / "x.tfrecords"))
    assert dataset_tool_tf.main(["--input_dir", path, "--out", str(tmp_path / "x.tfrecords")]) == 2


def test_corrupt_png_is_named(tmp_path):
    path = str(tmp_path / "d.zip")
    write_nyu_data_zip(path, corrupt=1)
    with pytest.raises(ValueError, match=r"scene_0/1.png: cannot decode depth png"):
        dataset_tool_tf.write_tfrecords(path, str(tmp_path / "x.tfrecords"))
    assert not (tmp_path / "x.tfrecords").exists()
    assert not (tmp_path / "x.tfrecords.tmp").exists()          # no partial file left behind


def test_missing_zip_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.zip"):
        data.train_dataset(2, (H, W), zip_path=str(tmp_path / "nope.zip"))


def test_test_zip_loads_and_wrong_shapes_fail(tmp_path, nyu_test_zip):
    rgb, depth, crop = data.load_test_data(nyu_test_zip)
    assert rgb.shape == (3, H, W, 3) and rgb.dtype == np.uint8
    assert depth.shape == (3, H, W) and 1.0 <= depth.min() and depth.max() <= 9.5
    assert crop.tolist() == [3, 61, 4, 92]
    bad = str(tmp_path / "bad_depth.zip")
    write_nyu_test_zip(bad, depth=np.ones((3, H, W - 1), np.float32))
    with pytest.raises(ValueError, match="eigen_test_depth.npy shape"):
        data.load_test_data(bad)
    bad = str(tmp_path / "bad_rgb.zip")
    write_nyu_test_zip(bad, rgb=np.zeros((3, H, W), np.uint8))
    with pytest.raises(ValueError, match=r"eigen_test_rgb.npy must be \(N, H, W, 3\)"):
        data.load_test_data(bad)
    bad = str(tmp_path / "bad_crop.zip")
    write_nyu_test_zip(bad, crop=np.array([1, 2, 3]))
    with pytest.raises(ValueError, match="eigen_test_crop.npy must hold 4 values"):
        data.load_test_data(bad)


def test_every_epoch_is_a_full_permutation_and_resume_continues():
    order = list(itertools.islice(data.sample_order(10, seed=4), 30))
    for epoch in range(3):   # each block of 10 is a permutation of all samples, fresh per epoch
        block = order[10 * epoch:10 * (epoch + 1)]
        assert sorted(block) == list(range(10))
        assert block == list(np.random.RandomState(4 + epoch).permutation(10))
    assert order[:10] != order[10:20]
    # a run resumed at overall position 13 sees exactly what the uninterrupted run saw
    assert list(itertools.islice(data.sample_order(10, seed=4, start=13), 17)) == order[13:]
    assert list(data.sample_order(5, 0, shuffle=False, repeat=False)) == [0, 1, 2, 3, 4]


def test_tfrecord_index_matches_tensorflow(nyu_zip, tmp_path):
    rec = str(tmp_path / "nyu.tfrecords")
    dataset_tool_tf.write_tfrecords(nyu_zip, rec)
    raw = open(rec, "rb").read()
    records = [raw[o:o + n] for o, n in data.tfrecord_offsets(rec)]
    assert records == list(tf.compat.v1.io.tf_record_iterator(rec))
    cut = tmp_path / "cut.tfrecords"
    cut.write_bytes(raw[:-7])
    with pytest.raises(ValueError, match="cut.tfrecords: truncated TFRecord file"):
        data.tfrecord_offsets(str(cut))


def test_corrupt_png_while_training_is_one_line(tmp_path, caplog):
    path = str(tmp_path / "d.zip")
    write_nyu_data_zip(path, num_train=4, corrupt=2)
    ds, _ = data.train_dataset(2, (H, W), zip_path=path, shuffle=False, do_augment=False)

    def run(_):
        _take(ds, 2)
    with caplog.at_level("ERROR", logger="densedepth"):
        data.LOG.propagate = True
        assert utils.run_reporting_errors(run, None) == 2
    lines = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(lines) == 1 and "\n" not in lines[0]
    assert lines[0].startswith(path + ":data/nyu2_train/scene_0/2.png: cannot decode depth png")


def test_wrong_test_units_and_dtypes_are_refused(tmp_path):
    rng = np.random.RandomState(0)
    rgb01 = rng.rand(2, H, W, 3).astype(np.float32)
    bad = str(tmp_path / "float_rgb.zip")
    write_nyu_test_zip(bad, num=2, rgb=rgb01)
    with pytest.raises(ValueError, match=r"scaled to \[0, 1\]; expected uint8 0..255"):
        data.load_test_data(bad)
    ok = str(tmp_path / "float255.zip")
    write_nyu_test_zip(ok, num=2, rgb=(rgb01 * 255).round())
    assert data.load_test_data(ok)[0].dtype == np.uint8
    mm = str(tmp_path / "mm.zip")
    write_nyu_test_zip(mm, num=2, depth=rng.uniform(500, 9000, (2, H, W)).astype(np.float32))
    with pytest.raises(ValueError, match="expected metres .* not millimetres"):
        data.load_test_data(mm)
    zero = str(tmp_path / "zero.zip")
    write_nyu_test_zip(zero, num=2, depth=np.zeros((2, H, W), np.float32))
    with pytest.raises(ValueError, match="no positive finite depth"):
        data.load_test_data(zero)
