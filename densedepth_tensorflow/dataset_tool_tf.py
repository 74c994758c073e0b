"""Pack the training split of nyu_data.zip into one TFRecord file (features data_x, data_y).

    python dataset_tool_tf.py --input_dir ./dataset/nyu_data.zip --out ./dataset/nyu_data.tfrecords

Raw jpg / png bytes are stored unchanged; every image is decoded once here so that a corrupt
file is reported by name before training starts.
"""
import quiet  # noqa: F401  (first: silences third-party noise; DEPTHZOO_VERBOSE=1)
import argparse
import logging
import os
import sys

import tensorflow as tf
from tqdm import tqdm

import data
from utils import run_reporting_errors, setup_logging

LOG = logging.getLogger("densedepth")


def _bytes_feature(value):
    return tf.train.Feature(bytes_list=tf.train.BytesList(value=[value]))


def write_tfrecords(zip_path, out_path, csv_name=data.TRAIN_CSV):
    zf = data.open_zip(zip_path, "--input_dir")
    with zf:
        pairs = data.read_pairs(zf, csv_name, zip_path)
        out_dir = os.path.dirname(os.path.abspath(out_path))
        os.makedirs(out_dir, exist_ok=True)
        tmp = out_path + ".tmp"
        try:
            with tf.io.TFRecordWriter(tmp) as writer:
                for pair in tqdm(pairs, desc="packing", unit="img"):
                    raw_x, raw_y = zf.read(pair[0]), zf.read(pair[1])
                    data.load_sample(zf, pair, zip_path)  # validates decode, dtype and size
                    example = tf.train.Example(features=tf.train.Features(feature={
                        "data_x": _bytes_feature(raw_x), "data_y": _bytes_feature(raw_y)}))
                    writer.write(example.SerializeToString())
            os.replace(tmp, out_path)
        finally:
            if os.path.exists(tmp):  # a failed run leaves no partial file behind
                os.remove(tmp)
    LOG.info("wrote %d samples to %s", len(pairs), out_path)
    return len(pairs)


def run(args):
    write_tfrecords(args.input_dir, args.out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input_dir", default="./dataset/nyu_data.zip", help="path of nyu_data.zip")
    parser.add_argument("--out", default="./dataset/nyu_data.tfrecords", help="output .tfrecords")
    args = parser.parse_args(argv)
    setup_logging()
    return run_reporting_errors(run, args)


if __name__ == "__main__":
    sys.exit(main())
