"""ReDWeb V1 training data: (image, mask, disparity) samples on mindspore.dataset workers."""
import json
import os

import mindspore.dataset as ds
import numpy as np

from ..config import missing_data_message
from ..util import check_complete, read_image, read_relative_depth
from .transforms import midas_transform

COLUMNS = ["img", "mask", "depth"]


def list_redweb(root):
    """[(image path, relative-depth path)] of ``root``/ReDWeb_V1 (or the model zoo's mixdata.json)."""
    mix = os.path.join(root, "mixdata.json")
    imgs_dir = os.path.join(root, "ReDWeb_V1", "Imgs")
    if os.path.isfile(mix):  # the model-zoo port's list: {"img": ["ReDWeb_V1/Imgs/x.jpg", ...]}
        with open(mix) as f:
            names = [os.path.join(root, p) for p in json.load(f)["img"]]
    elif os.path.isdir(imgs_dir):
        names = sorted(os.path.join(imgs_dir, n) for n in os.listdir(imgs_dir)
                       if n.lower().endswith((".jpg", ".jpeg")))
    else:
        raise FileNotFoundError(missing_data_message("train_data_dir", imgs_dir))
    if not names:
        raise FileNotFoundError("train_data_dir %s: no images in ReDWeb_V1/Imgs" % root)
    pairs = []
    for img in names:
        rd = os.path.join(os.path.dirname(os.path.dirname(img)), "RDs",
                          os.path.splitext(os.path.basename(img))[0] + ".png")
        if not os.path.isfile(rd):
            raise FileNotFoundError("relative depth of %s not found: %s" % (img, rd))
        check_complete(img)
        check_complete(rd)
        pairs.append((img, rd))
    return pairs


class LoadImagesDepth:
    """Random-access source: i -> (image (3, H, W), mask (H, W), disparity (H, W)), float32.

    ReDWeb's RD maps are affine in inverse depth (larger = closer), so they are used as the
    disparity target of the scale-and-shift-invariant loss; every pixel is valid.
    """

    def __init__(self, pairs, transform):
        self.pairs = list(pairs)
        self.transform = transform

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, index):
        img_path, rd_path = self.pairs[index]
        image = read_image(img_path)
        disparity = read_relative_depth(rd_path, image.shape)
        sample = self.transform({"image": image, "disparity": disparity,
                                 "mask": np.ones(disparity.shape, np.float32)})
        return sample["image"], sample["mask"], sample["disparity"]


def create_dataset(cfg, rank=0, group_size=1, shuffle=True):
    """Batched ReDWeb dataset of this rank's shard; batches of cfg.batch_size, remainder dropped."""
    pairs = list_redweb(cfg.train_data_dir)
    if len(pairs) < cfg.batch_size * group_size:
        raise ValueError("train_data_dir %s has %d images, fewer than one batch of %d on each of "
                         "%d device(s); lower --batch_size" % (cfg.train_data_dir, len(pairs),
                                                              cfg.batch_size, group_size))
    source = LoadImagesDepth(pairs, midas_transform(cfg))
    kwargs = dict(num_shards=group_size, shard_id=rank) if group_size > 1 else {}
    # Threads, not processes: decoding and resizing release the GIL, and forked workers would
    # copy the MindSpore runtime.
    data = ds.GeneratorDataset(source, COLUMNS, shuffle=shuffle,
                               num_parallel_workers=max(1, int(cfg.num_parallel_workers)),
                               python_multiprocessing=False, **kwargs)
    return data.batch(cfg.batch_size, drop_remainder=True)
