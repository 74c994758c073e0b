"""NYU Depth v2 in the model-zoo DepthNet layout, read through ``mindspore.dataset``.

Layout (``DATASET_PATH``)::

    Train/<scene>/<n>.jpg + <n>.png    depth [m] = png / 255 * 10
    Test/<NNNNN>_colors.png + <NNNNN>_depth.png    depth [m] = png (uint16) / 1000

Every image is cropped to rows 12:468, cols 16:624 (scaled for other sizes),
RGB is resized to 228x304 and scaled to [0, 1], depth is resized to 55x74.
Depth is resized with nearest neighbour so that invalid (0) pixels stay 0 and
are masked in the loss and in evaluation instead of being blended into valid ones.
Unreadable, truncated or mis-sized files stop the run with an error naming the file.
"""
import os

import cv2
import numpy as np

from src.net import INPUT_HW, OUTPUT_HW

FULL_HW = (480, 640)
CROP_TOP_LEFT = (12, 16)
CROP_SIZE = (456, 608)
TRAIN_DEPTH_SCALE = 10.0 / 255.0
TEST_DEPTH_SCALE = 1.0 / 1000.0


class DatasetError(ValueError):
    """A dataset file or folder is missing, unreadable or malformed."""


def crop_box(shape):
    """(top, left, height, width) of the DepthNet crop for an image of ``shape`` (H, W, ...)."""
    h, w = shape[0], shape[1]
    sy, sx = h / FULL_HW[0], w / FULL_HW[1]
    top, left = int(round(CROP_TOP_LEFT[0] * sy)), int(round(CROP_TOP_LEFT[1] * sx))
    ch, cw = int(round(CROP_SIZE[0] * sy)), int(round(CROP_SIZE[1] * sx))
    return top, left, ch, cw


def crop(img):
    top, left, ch, cw = crop_box(img.shape)
    return img[top:top + ch, left:left + cw]


def _read_bytes(path, what):
    """Bytes of an image file that is complete: truncated JPEG/PNG files are refused.

    OpenCV decodes a truncated JPEG into a partly grey picture with only an unnamed libjpeg
    warning, so completeness is checked on the file structure: a JPEG ends with its EOI marker
    (FF D9), a PNG with its IEND chunk.
    """
    try:
        data = np.fromfile(path, np.uint8)
    except (OSError, ValueError):
        raise DatasetError("cannot read %s %s (missing or unreadable)" % (what, path))
    tail = data[-1024:].tobytes()
    lower = path.lower()
    if lower.endswith((".jpg", ".jpeg")) and data[:2].tobytes() == b"\xff\xd8" and b"\xff\xd9" not in tail:
        raise DatasetError("%s %s is truncated (JPEG without its end marker)" % (what, path))
    if lower.endswith(".png") and data[:4].tobytes() == b"\x89PNG" and b"IEND" not in tail[-16:]:
        raise DatasetError("%s %s is truncated (PNG without its IEND chunk)" % (what, path))
    return data


def read_rgb(path):
    """RGB uint8 (H, W, 3); DatasetError naming the file when unreadable or truncated."""
    img = cv2.imdecode(_read_bytes(path, "image"), cv2.IMREAD_COLOR)
    if img is None:
        raise DatasetError("cannot read image %s (corrupt or not an image)" % path)
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def read_depth(path, scale, rgb_shape=None):
    """Depth in metres (H, W) float32 from a single-channel PNG; 0 marks missing depth."""
    raw = cv2.imdecode(_read_bytes(path, "depth map"), cv2.IMREAD_UNCHANGED)
    if raw is None:
        raise DatasetError("cannot read depth map %s (corrupt or not an image)" % path)
    if raw.ndim != 2:
        raise DatasetError("depth map %s must have one channel, got shape %s" % (path, raw.shape))
    if rgb_shape is not None and raw.shape != tuple(rgb_shape[:2]):
        raise DatasetError(
            "depth map %s is %dx%d but its RGB image is %dx%d" % (path, raw.shape[0], raw.shape[1], rgb_shape[0], rgb_shape[1])
        )
    return raw.astype(np.float32) * np.float32(scale)


def rgb_ops():
    """mindspore.dataset.vision ops: cropped uint8 RGB (H, W, 3) -> float32 (3, 228, 304) in [0, 1]."""
    from mindspore.dataset import vision

    return [vision.Resize(INPUT_HW, vision.Inter.AREA), vision.Rescale(1.0 / 255.0, 0.0), vision.HWC2CHW()]


def _add_channel(depth):
    return np.ascontiguousarray(depth[None], np.float32)


def depth_ops():
    """Cropped depth (H, W) -> float32 (1, 55, 74), nearest neighbour so invalid zeros stay zero."""
    from mindspore.dataset import vision

    return [vision.Resize(OUTPUT_HW, vision.Inter.NEAREST), _add_channel]


def augment_ops():
    """Random joint flip (p=0.5) of both columns; brightness in [0.8, 1.0], sharpness in [0.8, 1.2] on RGB."""
    from mindspore.dataset import vision

    return (vision.RandomHorizontalFlip(0.5),
            [vision.RandomColorAdjust(brightness=(0.8, 1.0)), vision.RandomSharpness((0.8, 1.2))])


def _apply(ops, value):
    for op in ops:
        value = op(value)
    return value


def prepare_rgb(rgb):
    """uint8 RGB (H, W, 3) full frame -> float32 (3, 228, 304) in [0, 1] (the pipeline's ops, eager)."""
    return _apply(rgb_ops(), np.ascontiguousarray(crop(rgb)))


def prepare_depth(depth):
    """Depth (H, W) metres full frame -> float32 (1, 55, 74), as in the pipeline."""
    return _apply(depth_ops(), np.ascontiguousarray(crop(depth), np.float32))


def _check_size(path, shape):
    top, left, ch, cw = crop_box(shape)
    if ch < 8 or cw < 8:
        raise DatasetError("image %s is too small (%dx%d)" % (path, shape[0], shape[1]))


def read_pair(rgb_path, depth_path, depth_scale):
    """RGB uint8 and depth in metres of one sample, checked for size and agreement."""
    rgb = read_rgb(rgb_path)
    _check_size(rgb_path, rgb.shape)
    return rgb, read_depth(depth_path, depth_scale, rgb.shape)


def _require_dir(path, what):
    if not os.path.isdir(path):
        raise DatasetError("%s folder not found: %s" % (what, path))


def list_train_pairs(train_dir):
    """Sorted (rgb, depth) paths of ``Train/<scene>/<n>.jpg`` + ``<n>.png``."""
    _require_dir(train_dir, "training")
    pairs = []
    for scene in sorted(os.listdir(train_dir)):
        scene_dir = os.path.join(train_dir, scene)
        if not os.path.isdir(scene_dir):
            continue
        for name in sorted(os.listdir(scene_dir)):
            if name.lower().endswith(".jpg"):
                rgb = os.path.join(scene_dir, name)
                depth = rgb[:-4] + ".png"
                if not os.path.isfile(depth):
                    raise DatasetError("depth map %s for %s is missing" % (depth, rgb))
                pairs.append((rgb, depth))
    if not pairs:
        raise DatasetError("no <scene>/<n>.jpg + <n>.png pairs found under %s" % train_dir)
    return pairs


def list_test_pairs(test_dir):
    """Sorted (rgb, depth) paths of ``Test/NNNNN_colors.png`` + ``NNNNN_depth.png``."""
    _require_dir(test_dir, "test")
    pairs = []
    for name in sorted(os.listdir(test_dir)):
        if name.endswith("_colors.png"):
            rgb = os.path.join(test_dir, name)
            depth = os.path.join(test_dir, name[: -len("_colors.png")] + "_depth.png")
            if not os.path.isfile(depth):
                raise DatasetError("depth map %s for %s is missing" % (depth, rgb))
            pairs.append((rgb, depth))
    if not pairs:
        raise DatasetError("no NNNNN_colors.png + NNNNN_depth.png pairs found in %s" % test_dir)
    return pairs


def resolve_split_dir(path, split):
    """``path/<split>`` if it exists, else ``path`` when it already is that folder."""
    sub = os.path.join(path, split)
    if os.path.isdir(sub):
        return sub
    if os.path.basename(os.path.normpath(path)) == split and os.path.isdir(path):
        return path
    raise DatasetError("%s folder not found: %s (expected DATASET_PATH/%s)" % (split, sub, split))


class NyuPairs:
    """Random-access source of (RGB uint8 (h, w, 3), depth m (h, w)[, full-frame depth]) cropped pairs.

    Only file reading and the crop happen here (in the dataset's parallel workers); resizing,
    scaling and augmentation are ``mindspore.dataset.vision`` ops mapped on the pipeline.
    """

    def __init__(self, pairs, depth_scale, full_depth=False):
        self.pairs, self.depth_scale, self.full_depth = pairs, depth_scale, full_depth

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, index):
        rgb, depth = read_pair(*self.pairs[index], self.depth_scale)
        out = (np.ascontiguousarray(crop(rgb)), np.ascontiguousarray(crop(depth)))
        return out + (depth,) if self.full_depth else out


def _pipeline(source, columns, batch_size, augment_data, num_parallel_workers, drop_remainder, **kw):
    import mindspore.dataset as ds

    workers = max(1, min(int(num_parallel_workers), os.cpu_count() or 1))  # mindspore.dataset's limit
    dataset = ds.GeneratorDataset(source, columns, num_parallel_workers=workers, python_multiprocessing=False, **kw)
    if augment_data:
        flip, colour = augment_ops()
        dataset = dataset.map(flip, input_columns=["rgb", "ground_truth"], num_parallel_workers=workers)
        dataset = dataset.map(colour, input_columns=["rgb"], num_parallel_workers=workers)
    dataset = dataset.map(rgb_ops(), input_columns=["rgb"], num_parallel_workers=workers)
    dataset = dataset.map(depth_ops(), input_columns=["ground_truth"], num_parallel_workers=workers)
    return dataset.batch(batch_size, drop_remainder=drop_remainder)


def create_train_dataset(data_dir, batch_size, rank=0, group_size=1, shuffle=True, augment_data=True,
                         seed=0, num_parallel_workers=4):
    """Batched training dataset over ``data_dir/Train``, sharded by rank, ``num_parallel_workers`` workers.

    Shuffling and the random augmentation follow ``mindspore.dataset.config.set_seed`` (train.py
    seeds it from --seed).
    """
    source = NyuPairs(list_train_pairs(resolve_split_dir(data_dir, "Train")), TRAIN_DEPTH_SCALE)
    if len(source) < group_size * batch_size:
        raise DatasetError(
            "%d training images cannot fill one batch of %d on each of %d ranks; lower --batch_size"
            % (len(source), batch_size, group_size)
        )
    kw = {"num_shards": group_size, "shard_id": rank} if group_size > 1 else {}
    return _pipeline(source, ["rgb", "ground_truth"], batch_size, augment_data, num_parallel_workers, True,
                     shuffle=shuffle, **kw)


def create_test_dataset(data_dir, batch_size=1, full_res=False, num_parallel_workers=2):
    """Evaluation dataset over ``data_dir/Test`` (or ``data_dir`` if it is Test), in file order.

    With ``full_res`` a third column holds the whole-frame ground truth (H, W) in metres.
    """
    source = NyuPairs(list_test_pairs(resolve_split_dir(data_dir, "Test")), TEST_DEPTH_SCALE, full_res)
    columns = ["rgb", "ground_truth"] + (["full_depth"] if full_res else [])
    return _pipeline(source, columns, batch_size, False, num_parallel_workers, False, shuffle=False)
