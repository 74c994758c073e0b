"""ImageNet in ImageFolder layout (data_url/train/<class>/, val/<class>/) as MindSpore datasets."""
import os

import mindspore as ms
import mindspore.dataset as ds
import mindspore.dataset.transforms as T

from .augment.mixup import Mixup
from .augment.transforms import eval_transforms, train_transforms

SAMPLE_HINT = "python -m sample_data imagenet --out data/sample/imagenet"
EXTENSIONS = [".JPEG", ".jpeg", ".jpg", ".JPG", ".png", ".PNG", ".bmp", ".BMP"]


def class_folders(data_dir, split, num_classes):
    """(split folder, sorted class names); FileNotFoundError / ValueError naming data_url."""
    folder = os.path.join(data_dir, split)
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            "data_url: %s has no %s/ folder (ImageNet layout: train/<class>/, val/<class>/); "
            "sample data: %s" % (data_dir, split, SAMPLE_HINT))
    classes = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
    if not classes:
        raise ValueError("data_url: %s has no class folders" % folder)
    if len(classes) > num_classes:
        raise ValueError("num_classes is %d but %s has %d class folders"
                         % (num_classes, folder, len(classes)))
    return folder, classes


def read_image_bytes(path):
    """The file's bytes; ValueError naming it when it is empty or a truncated JPEG/PNG.

    Used as ImageFolderDataset's ``decrypt`` hook, the one place the pipeline sees file names:
    MindSpore's Decode silently returns a partly grey image for a truncated JPEG.
    """
    with open(path, "rb") as f:
        data = f.read()
    end = data.rstrip(b"\0\r\n ")
    if not data:
        raise ValueError("corrupt image %s: empty file" % path)
    if data[:2] == b"\xff\xd8" and not end.endswith(b"\xff\xd9"):
        raise ValueError("corrupt image %s: truncated JPEG (no end marker)" % path)
    if data[:8] == b"\x89PNG\r\n\x1a\n" and b"IEND" not in data[-16:]:
        raise ValueError("corrupt image %s: truncated PNG (no IEND chunk)" % path)
    return data


def _workers(args):
    return max(1, min(int(args.num_parallel_workers), os.cpu_count() or 1))


def create_dataset_imagenet(data_dir, args, training=True, rank=0, group_size=1):
    """Batched dataset of (image NCHW float32, target).

    training: shuffled, the recipe's augmentation, full batches only, soft (mixed, smoothed)
    targets of shape (N, num_classes). Validation: every image in order (the last batch may be
    smaller), int32 labels.
    """
    folder, _ = class_folders(data_dir, "train" if training else "val", args.num_classes)
    workers = _workers(args)
    shards = dict(num_shards=group_size, shard_id=rank) if group_size > 1 else {}
    data = ds.ImageFolderDataset(folder, num_parallel_workers=workers, shuffle=training,
                                 extensions=EXTENSIONS, decrypt=read_image_bytes, **shards)
    if data.get_dataset_size() == 0:
        raise ValueError("data_url: no images in %s" % folder)
    ops = train_transforms(args) if training else eval_transforms(args)
    data = data.map(operations=ops, input_columns="image", num_parallel_workers=workers)
    if not training:
        data = data.map(operations=T.TypeCast(ms.int32), input_columns="label")
        return data.batch(args.batch_size, drop_remainder=False)
    if data.get_dataset_size() < args.batch_size:
        raise ValueError("batch_size %d is larger than the %d training images of this device in %s"
                         % (args.batch_size, data.get_dataset_size(), folder))
    mixup = Mixup(args.mix_up, args.cutmix, args.mixup_prob, args.switch_prob, args.label_smoothing,
                  args.num_classes, args.mixup_off_epoch, seed=args.seed)
    return data.batch(args.batch_size, drop_remainder=True, per_batch_map=mixup,
                      input_columns=["image", "label"], num_parallel_workers=workers)
