"""Offline inference, step 1: the validation set through eval.py's preprocessing into .bin files.

    python preprocess.py --ddr_config src/configs/ddrnet23_imagenet_ascend.yaml \
        --data_url /path/to/imagenet --output_path ./preprocess_Result

Writes <output_path>/img_data/<NNNNN>.bin (float32, 1x3xHxW, in the pipeline's order) and
<output_path>/label.json: the class names (sorted class folders of data_url/val) and each .bin's
class index.
"""
import mindspore_common  # noqa: F401  (first: oneDNN ISA cap and quiet logs before mindspore)

import json
import os

from mindspore_common.cli import main_guard

from src.data.imagenet import class_folders, create_dataset_imagenet
from src.tools.entry_args import parse_entry_args

PREPROCESS_KEYS = {"output_path": ("./preprocess_Result", "folder for img_data/ and label.json")}


def write_bins(args, log=print):
    """One .bin per validation image + label.json; returns the number of images."""
    _, classes = class_folders(args.data_url, "val", args.num_classes)
    args.batch_size = 1
    dataset = create_dataset_imagenet(args.data_url, args, training=False)
    img_dir = os.path.join(args.output_path, "img_data")
    os.makedirs(img_dir, exist_ok=True)
    labels = {}
    for i, (image, label) in enumerate(dataset.create_tuple_iterator(num_epochs=1, output_numpy=True)):
        name = "%05d.bin" % i
        image.astype("float32").tofile(os.path.join(img_dir, name))
        labels[name] = int(label[0])
    with open(os.path.join(args.output_path, "label.json"), "w") as f:
        json.dump({"classes": classes, "image_size": args.image_size, "labels": labels}, f, indent=1)
    log("wrote %d images to %s and label.json" % (len(labels), img_dir))
    return len(labels)


@main_guard
def main(argv=None):
    args = parse_entry_args(argv, PREPROCESS_KEYS, "Preprocess the validation set for offline inference")
    write_bins(args)


if __name__ == "__main__":
    main()
