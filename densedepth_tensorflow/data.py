"""NYU Depth v2 input pipeline (nyu_data.zip or the TFRecords written by dataset_tool_tf.py).

Depth units inside the pipeline are centimetres (upstream convention: 1000 = 10 m).
Train depth is 8-bit (cm = png / 255 * 1000); test depth in nyu2_test.csv is 16-bit mm.
"""
import csv
import io
import logging
import os
import zipfile

import cv2
import numpy as np
import tensorflow as tf

from augment import augment
from loss import MAX_DEPTH, MIN_DEPTH, depth_norm

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


def _zip_dataset(zip_path, csv_name, rank_size, rank_id, sixteen_bit):
    zf = open_zip(zip_path, "--train_data")
    pairs = read_pairs(zf, csv_name, zip_path)[rank_id::rank_size]
    zf.close()
    if not pairs:
        raise ValueError("%s: no samples left for RANK_ID %d of %d" % (zip_path, rank_id, rank_size))

    def generate():
        with zipfile.ZipFile(zip_path) as handle:
            for pair in pairs:
                yield load_sample(handle, pair, zip_path, sixteen_bit)

    ds = tf.data.Dataset.from_generator(generate, (tf.uint8, tf.float32),
                                        (tf.TensorShape([None, None, 3]),
                                         tf.TensorShape([None, None, 1])))
    return ds, len(pairs)


def count_records(paths):
    return sum(1 for p in paths for _ in tf.compat.v1.io.tf_record_iterator(p))


def rank_from_env():
    rank_size = int(os.environ.get("RANK_SIZE", "1"))
    rank_id = int(os.environ.get("RANK_ID", "0"))
    if rank_size < 1 or not 0 <= rank_id < rank_size:
        raise ValueError("bad RANK_SIZE=%d / RANK_ID=%d" % (rank_size, rank_id))
    return rank_size, rank_id


def train_dataset(batch_size, input_shape=(480, 640), tfrecords=None, zip_path=None,
                  rank_size=1, rank_id=0, do_augment=True, shuffle=True, seed=None,
                  repeat=True, split="train"):
    """Batched (rgb, DepthNorm target) dataset and the number of samples in this shard.

    TFRecords are used when ``tfrecords`` names an existing file, else the zip.
    """
    if tfrecords and os.path.isfile(tfrecords):
        LOG.info("training data: TFRecords %s (shard %d/%d)", tfrecords, rank_id, rank_size)
        num = count_records([tfrecords])
        ds = tf.data.TFRecordDataset([tfrecords]).shard(rank_size, rank_id)
        num = len(range(rank_id, num, rank_size))
        ds = ds.map(_parse_record)
    else:
        if tfrecords:
            LOG.info("TFRecords %s not found: reading the zip instead", tfrecords)
        if not zip_path:
            raise FileNotFoundError("no training data: neither --train_tfrecords %s nor a zip "
                                    "exists" % tfrecords)
        LOG.info("training data: %s (shard %d/%d)", zip_path, rank_id, rank_size)
        csv_name = TRAIN_CSV if split == "train" else TEST_CSV
        ds, num = _zip_dataset(zip_path, csv_name, rank_size, rank_id, split != "train")
    if num < batch_size:
        raise ValueError("only %d training samples in this shard, fewer than --bs %d"
                         % (num, batch_size))
    if shuffle:
        ds = ds.shuffle(min(num, 1000), seed=seed, reshuffle_each_iteration=True)
    ds = ds.map(lambda x, y: preprocess(x, y, input_shape))
    if do_augment:
        ds = ds.map(lambda x, y: augment(x, y, seed))
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=True).prefetch(2)
    return ds, num


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
    if rgb.dtype != np.uint8:
        rgb = np.clip(rgb, 0, 255).astype(np.uint8)
    return rgb, depth.astype(np.float32), crop
