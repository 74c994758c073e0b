"""NYU Depth v2 input pipeline (nyu_data.zip or the TFRecords written by dataset_tool_tf.py).

Depth units inside the pipeline are centimetres (upstream convention: 1000 = 10 m).
Train depth is 8-bit (cm = png / 255 * 1000); test depth in nyu2_test.csv is 16-bit mm.
"""
import csv
import io
import logging
import os
import struct
import zipfile

import cv2
import numpy as np
import tensorflow as tf

from augment import augment
from loss import MAX_DEPTH, depth_norm

LOG = logging.getLogger("densedepth")
TRAIN_CSV = "data/nyu2_train.csv"
TEST_CSV = "data/nyu2_test.csv"


# ----------------------------------------------------------------------------- zip reading
def open_zip(path, what="--input_dir"):
    if not path or not os.path.isfile(path):
        raise FileNotFoundError("%s: dataset zip not found: %s" % (what, path))
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ValueError("%s: %s is not a valid zip file" % (what, path))


def read_pairs(zf, csv_name, zip_path):
    """(rgb_name, depth_name) pairs listed in ``csv_name``; every entry must exist in the zip."""
    names = set(zf.namelist())
    if csv_name not in names:
        raise ValueError("%s: missing %s" % (zip_path, csv_name))
    text = zf.read(csv_name).decode("utf8")
    pairs = []
    for line_no, row in enumerate(csv.reader(io.StringIO(text)), 1):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2:
            raise ValueError("%s:%s line %d: expected 'rgb,depth', got %r"
                             % (zip_path, csv_name, line_no, ",".join(row)))
        rgb, depth = row[0].strip(), row[1].strip()
        for entry in (rgb, depth):
            if entry not in names:
                raise ValueError("%s:%s line %d: %s is listed but not in the zip"
                                 % (zip_path, csv_name, line_no, entry))
        pairs.append((rgb, depth))
    if not pairs:
        raise ValueError("%s:%s lists no samples" % (zip_path, csv_name))
    return pairs


def decode_rgb(raw, name):
    img = cv2.imdecode(np.frombuffer(raw, np.uint8), cv2.IMREAD_COLOR)
    if img is None:
        raise ValueError("%s: cannot decode image (corrupt or not an image)" % name)
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def decode_depth_cm(raw, name, sixteen_bit):
    """Depth png -> float32 (H, W, 1) in centimetres."""
    img = cv2.imdecode(np.frombuffer(raw, np.uint8), cv2.IMREAD_UNCHANGED)
    if img is None:
        raise ValueError("%s: cannot decode depth png (corrupt or not an image)" % name)
    if img.ndim == 3:
        raise ValueError("%s: depth png must have one channel, got shape %s" % (name, img.shape))
    if sixteen_bit:
        if img.dtype != np.uint16:
            raise ValueError("%s: test depth must be a 16-bit png (mm), got %s" % (name, img.dtype))
        depth = img.astype(np.float32) / 10.0
    else:
        if img.dtype != np.uint8:
            raise ValueError("%s: train depth must be an 8-bit png, got %s" % (name, img.dtype))
        depth = img.astype(np.float32) / 255.0 * MAX_DEPTH
    return depth[..., None]


def load_sample(zf, pair, zip_path, sixteen_bit=False):
    rgb_name, depth_name = pair
    rgb = decode_rgb(zf.read(rgb_name), "%s:%s" % (zip_path, rgb_name))
    depth = decode_depth_cm(zf.read(depth_name), "%s:%s" % (zip_path, depth_name), sixteen_bit)
    if rgb.shape[:2] != depth.shape[:2]:
        raise ValueError("%s: %s is %s but %s is %s" % (zip_path, rgb_name, rgb.shape[:2],
                                                        depth_name, depth.shape[:2]))
    return rgb, depth


# ----------------------------------------------------------------------------- tf graph side
def preprocess(rgb, depth_cm, input_shape):
    """uint8 RGB + depth (cm) -> (RGB/255 at input_shape, DepthNorm at half resolution)."""
    height, width = input_shape
    rgb = tf.image.convert_image_dtype(rgb, tf.float32)  # /255
    rgb = tf.image.resize(rgb, (height, width), method=tf.image.ResizeMethod.BILINEAR)
    target = depth_norm(tf.cast(depth_cm, tf.float32))
    target = tf.image.resize(target, (height // 2, width // 2), method=tf.image.ResizeMethod.AREA)
    rgb.set_shape((height, width, 3))
    target.set_shape((height // 2, width // 2, 1))
    return rgb, target


def _parse_record(serialized):
    feats = tf.io.parse_single_example(serialized, {
        "data_x": tf.io.FixedLenFeature([], tf.string),
        "data_y": tf.io.FixedLenFeature([], tf.string)})
    rgb = tf.image.decode_jpeg(feats["data_x"], channels=3, dct_method="INTEGER_ACCURATE")
    depth = tf.image.decode_png(feats["data_y"], channels=1, dtype=tf.uint8)
    depth_cm = tf.cast(depth, tf.float32) / 255.0 * MAX_DEPTH
    return rgb, depth_cm


def sample_order(count, seed, start=0, shuffle=True, repeat=True):
    """Sample indices of consecutive epochs, each a fresh permutation of all ``count`` samples
    (RandomState(seed + epoch), as upstream reshuffles its whole list every epoch), beginning
    at overall position ``start`` (a resumed run continues the same sequence)."""
    epoch, offset = divmod(int(start), count)
    while True:
        order = np.random.RandomState(seed + epoch).permutation(count) if shuffle else np.arange(count)
        for i in order[offset:]:
            yield int(i)
        if not repeat:
            return
        epoch, offset = epoch + 1, 0


def tfrecord_offsets(path):
    """(payload offset, length) of every record of a TFRecord file, from the record headers
    only (uint64 length + uint32 crc before each payload, uint32 crc after)."""
    offsets, pos = [], 0
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        while pos < size:
            header = f.read(12)
            if len(header) < 12:
                raise ValueError("%s: truncated TFRecord file (record %d)" % (path, len(offsets)))
            (length,) = struct.unpack("<Q", header[:8])
            offsets.append((pos + 12, length))
            pos += 12 + length + 4
            if pos > size:
                raise ValueError("%s: truncated TFRecord file (record %d)" % (path, len(offsets) - 1))
            f.seek(pos)
    return offsets


def _tfrecord_source(path, rank_size, rank_id):
    offsets = tfrecord_offsets(path)[rank_id::rank_size]

    def read_all(order):
        with open(path, "rb") as f:
            for i in order:
                f.seek(offsets[i][0])
                yield f.read(offsets[i][1])
    ds_type = (tf.string, tf.TensorShape([]))
    return offsets, read_all, ds_type, _parse_record


def _zip_source(zip_path, csv_name, rank_size, rank_id, sixteen_bit):
    zf = open_zip(zip_path, "--train_data")
    pairs = read_pairs(zf, csv_name, zip_path)[rank_id::rank_size]
    zf.close()

    def read_all(order):
        with zipfile.ZipFile(zip_path) as handle:
            for i in order:
                yield load_sample(handle, pairs[i], zip_path, sixteen_bit)
    ds_type = ((tf.uint8, tf.float32), (tf.TensorShape([None, None, 3]), tf.TensorShape([None, None, 1])))
    return pairs, read_all, ds_type, None


def rank_from_env():
    rank_size = int(os.environ.get("RANK_SIZE", "1"))
    rank_id = int(os.environ.get("RANK_ID", "0"))
    if rank_size < 1 or not 0 <= rank_id < rank_size:
        raise ValueError("bad RANK_SIZE=%d / RANK_ID=%d" % (rank_size, rank_id))
    return rank_size, rank_id


def train_dataset(batch_size, input_shape=(480, 640), tfrecords=None, zip_path=None,
                  rank_size=1, rank_id=0, do_augment=True, shuffle=True, seed=0,
                  repeat=True, start=0, csv_name=TRAIN_CSV):
    """Batched (rgb, DepthNorm target) dataset and the number of samples in this shard.

    TFRecords are used when ``tfrecords`` names an existing file, else the zip. Samples come
    in ``sample_order`` (whole shard reshuffled every epoch, before decoding); ``start`` skips
    that many samples of the sequence (resume). ``csv_name`` TEST_CSV reads the zip's 16-bit
    test split (validation).
    """
    if tfrecords and os.path.isfile(tfrecords) and csv_name == TRAIN_CSV:
        LOG.info("training data: TFRecords %s (shard %d/%d)", tfrecords, rank_id, rank_size)
        items, read_all, ds_type, parse = _tfrecord_source(tfrecords, rank_size, rank_id)
    else:
        if tfrecords and csv_name == TRAIN_CSV:
            LOG.info("TFRecords %s not found: reading the zip instead", tfrecords)
        if not zip_path:
            raise FileNotFoundError("no training data: neither --train_tfrecords %s nor a zip "
                                    "exists" % tfrecords)
        LOG.info("%s data: %s (shard %d/%d)", "training" if csv_name == TRAIN_CSV else "validation",
                 zip_path, rank_id, rank_size)
        items, read_all, ds_type, parse = _zip_source(zip_path, csv_name, rank_size, rank_id,
                                                      csv_name != TRAIN_CSV)
    num = len(items)
    if num < batch_size:
        raise ValueError("only %d samples in this shard, fewer than --bs %d" % (num, batch_size))
    seed = 0 if seed is None else int(seed)
    ds = tf.data.Dataset.from_generator(
        lambda: read_all(sample_order(num, seed, start, shuffle, repeat)), *ds_type)
    if parse is not None:
        ds = ds.map(parse)
    ds = ds.map(lambda x, y: preprocess(x, y, input_shape))
    if do_augment:
        ds = ds.map(lambda x, y: augment(x, y, seed))
    ds = ds.batch(batch_size, drop_remainder=True).prefetch(2)
    return ds, num


def numpy_batches(make_dataset, count):
    """The inputs of the first ``count`` batches of ``make_dataset()`` as NumPy arrays, read in
    a graph and session of their own (any training session stays untouched)."""
    graph = tf.Graph()
    out = []
    with graph.as_default():
        nxt = tf.compat.v1.data.make_one_shot_iterator(make_dataset().take(count)).get_next()
        with tf.compat.v1.Session(graph=graph) as sess:
            try:
                for _ in range(count):
                    out.append(sess.run(nxt)[0])
            except tf.errors.OutOfRangeError:
                pass
    return out


# ----------------------------------------------------------------------------- test set
def load_test_data(path):
    """nyu_test.zip -> rgb uint8 (N,H,W,3), depth float32 metres (N,H,W), crop int (4,)."""
    zf = open_zip(path, "--test_data")
    arrays = {}
    with zf:
        names = set(zf.namelist())
        for key in ("eigen_test_rgb", "eigen_test_depth", "eigen_test_crop"):
            entry = key + ".npy"
            if entry not in names:
                raise ValueError("%s: missing %s" % (path, entry))
            try:
                arrays[key] = np.load(io.BytesIO(zf.read(entry)), allow_pickle=False)
            except ValueError as exc:
                raise ValueError("%s:%s is not a readable .npy array (%s)" % (path, entry, exc))
    rgb, depth, crop = arrays["eigen_test_rgb"], arrays["eigen_test_depth"], arrays["eigen_test_crop"]
    if rgb.ndim != 4 or rgb.shape[-1] != 3:
        raise ValueError("%s: eigen_test_rgb.npy must be (N, H, W, 3), got %s" % (path, rgb.shape))
    if depth.ndim == 4 and depth.shape[-1] == 1:
        depth = depth[..., 0]
    if depth.shape != rgb.shape[:3]:
        raise ValueError("%s: eigen_test_depth.npy shape %s does not match rgb %s"
                         % (path, depth.shape, rgb.shape[:3]))
    crop = np.asarray(crop).reshape(-1)
    if crop.size != 4:
        raise ValueError("%s: eigen_test_crop.npy must hold 4 values (top, bottom, left, right), "
                         "got shape %s" % (path, arrays["eigen_test_crop"].shape))
    crop = crop.astype(np.int64)
    h, w = rgb.shape[1:3]
    if not (0 <= crop[0] <= crop[1] < h and 0 <= crop[2] <= crop[3] < w):
        raise ValueError("%s: eigen_test_crop %s outside the %dx%d images" % (path, crop.tolist(), h, w))
    return _checked_rgb(path, rgb), _checked_depth_m(path, depth), crop


def _checked_rgb(path, rgb):
    """uint8 as stored; integer or float arrays only when they hold 0..255 values."""
    if rgb.dtype == np.uint8:
        return rgb
    if rgb.dtype.kind not in "uif":
        raise ValueError("%s: eigen_test_rgb.npy has dtype %s; expected uint8 0..255" % (path, rgb.dtype))
    lo, hi = float(np.nanmin(rgb)), float(np.nanmax(rgb))
    if rgb.dtype.kind == "f" and hi <= 1.0:
        raise ValueError("%s: eigen_test_rgb.npy holds floats in [%.3g, %.3g], i.e. scaled to "
                         "[0, 1]; expected uint8 0..255" % (path, lo, hi))
    if lo < 0 or hi > 255 or not np.isfinite(rgb).all():
        raise ValueError("%s: eigen_test_rgb.npy values span [%.3g, %.3g]; expected uint8 0..255"
                         % (path, lo, hi))
    return np.round(rgb).astype(np.uint8)


def _checked_depth_m(path, depth):
    """Depth in metres (NYU: up to 10 m); millimetres or centimetres are refused."""
    depth = depth.astype(np.float32)
    valid = depth[np.isfinite(depth) & (depth > 0)]
    if valid.size == 0:
        raise ValueError("%s: eigen_test_depth.npy has no positive finite depth" % path)
    if valid.max() > 100.0:
        raise ValueError("%s: eigen_test_depth.npy reaches %.0f; expected metres (NYU: 0..10 m), "
                         "not millimetres or centimetres" % (path, valid.max()))
    return depth
