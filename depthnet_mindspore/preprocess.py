"""Offline inference, step 1: write the NYU test set as float32 .bin files.

    python preprocess.py --dataset_path ~/NYU/Test --output_path ./preprocess_Result

``<output_path>/img_data/DepthNet_nyu_1_<i>.bin``: RGB (1, 3, 228, 304) in [0, 1];
``<output_path>/label/DepthNet_nyu_1_<i>.bin``: depth in metres (1, 1, 55, 74).
"""
import mindspore_common  # noqa: F401  (ONEDNN_MAX_CPU_ISA / GLOG_v before mindspore is imported)

import argparse
import os

from tqdm import tqdm

from mindspore_common.cli import main_guard

from src.bin_io import write_bin
from src.data_loader import create_test_dataset


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="DepthNet offline inference: NYU test set -> .bin", allow_abbrev=False)
    p.add_argument("--dataset_path", required=True, help="NYU root containing Test/, or the Test folder")
    p.add_argument("--output_path", required=True, help="folder for img_data/ and label/")
    return p.parse_args(argv)


def bin_name(index, batch_size=1):
    return "DepthNet_nyu_%d_%d.bin" % (batch_size, index)


def preprocess(dataset_path, output_path):
    dataset = create_test_dataset(dataset_path, batch_size=1)
    img_dir, label_dir = os.path.join(output_path, "img_data"), os.path.join(output_path, "label")
    os.makedirs(img_dir, exist_ok=True)
    os.makedirs(label_dir, exist_ok=True)
    count = 0
    for i, (rgb, gt) in enumerate(tqdm(dataset.create_tuple_iterator(num_epochs=1, output_numpy=True),
                                       total=dataset.get_dataset_size(), desc="preprocess")):
        write_bin(os.path.join(img_dir, bin_name(i)), rgb)
        write_bin(os.path.join(label_dir, bin_name(i)), gt)
        count += 1
    print("wrote %d inputs to %s and labels to %s" % (count, img_dir, label_dir))
    return count


@main_guard
def main(argv=None):
    args = parse_args(argv)
    return preprocess(args.dataset_path, args.output_path)


if __name__ == "__main__":
    main()
