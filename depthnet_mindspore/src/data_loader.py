"""NYU Depth v2 in the model-zoo DepthNet layout, read through ``mindspore.dataset``.

Layout (``DATASET_PATH``)::

    Train/<scene>/<n>.jpg + <n>.png    depth [m] = png / 255 * 10
    Test/<NNNNN>_colors.png + <NNNNN>_depth.png    depth [m] = png (uint16) / 1000

Every image is cropped to rows 12:468, cols 16:624 (scaled for other sizes),
RGB is resized to 228x304 and scaled to [0, 1], depth is resized to 55x74.
Depth is resized with nearest neighbour so that invalid (0) pixels stay 0 and
are masked in evaluation instead of being blended into valid ones.
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


def read_rgb(path):
    """RGB uint8 (H, W, 3); DatasetError naming the file when unreadable."""
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        raise DatasetError("cannot read image %s (missing, corrupt or not an image)" % path)
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def read_depth(path, scale, rgb_shape=None):
    """Depth in metres (H, W) float32 from a single-channel PNG."""
    raw = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if raw is None:
        raise DatasetError("cannot read depth map %s (missing, corrupt or not an image)" % path)
    if raw.ndim != 2:
        raise DatasetError("depth map %s must have one channel, got shape %s" % (path, raw.shape))
    if rgb_shape is not None and raw.shape != tuple(rgb_shape[:2]):
        raise DatasetError(
            "depth map %s is %dx%d but its RGB image is %dx%d" % (path, raw.shape[0], raw.shape[1], rgb_shape[0], rgb_shape[1])
        )
    depth = raw.astype(np.float32) * np.float32(scale)
    if not np.isfinite(depth).all():
        raise DatasetError("depth map %s contains non-finite values" % path)
    return depth


def prepare_rgb(rgb):
    """uint8 RGB (H, W, 3) -> float32 (3, 228, 304) in [0, 1]."""
    out = cv2.resize(crop(rgb), (INPUT_HW[1], INPUT_HW[0]), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(out.transpose(2, 0, 1), dtype=np.float32) / np.float32(255.0)


def prepare_depth(depth):
    """Depth (H, W) metres -> float32 (1, 55, 74), nearest-neighbour so invalid zeros stay zero."""
    out = cv2.resize(crop(depth), (OUTPUT_HW[1], OUTPUT_HW[0]), interpolation=cv2.INTER_NEAREST)
    return out[None].astype(np.float32)


def adjust_sharpness(img, factor):
    """PIL-style sharpness: blend between a 3x3 smoothed image (factor 0) and the image (factor 1)."""
    kernel = np.array([[1, 1, 1], [1, 5, 1], [1, 1, 1]], np.float32) / 13.0
    smooth = cv2.filter2D(img, -1, kernel, borderType=cv2.BORDER_REPLICATE)
    return np.clip(smooth + factor * (img - smooth), 0.0, 255.0)


def augment(rgb, depth, rng):
    """Joint horizontal flip (p=0.5), brightness in [0.8, 1.0], sharpness in [0.8, 1.2]."""
    if rng.random() < 0.5:
        rgb, depth = rgb[:, ::-1], depth[:, ::-1]
    rgb = rgb.astype(np.float32) * np.float32(rng.uniform(0.8, 1.0))
    rgb = adjust_sharpness(rgb, np.float32(rng.uniform(0.8, 1.2)))
    return np.ascontiguousarray(rgb), np.ascontiguousarray(depth)


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


class TrainDatasetGenerator:
    """Random-access source for training: (rgb (3,228,304), depth (1,55,74)) float32."""

    def __init__(self, train_data_dir, augment_data=True, seed=0):
        self.pairs = list_train_pairs(train_data_dir)
        self.augment_data = augment_data
        self.rng = np.random.default_rng(seed)

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, index):
        rgb, depth = read_pair(*self.pairs[index], TRAIN_DEPTH_SCALE)
        if self.augment_data:
            rgb, depth = augment(rgb, depth, self.rng)
        return prepare_rgb(rgb), prepare_depth(depth)


class TestDatasetGenerator:
    """Source for evaluation: rgb, 55x74 depth and (``full_res``) the full-resolution depth."""

    def __init__(self, test_data_dir, full_res=False):
        self.pairs = list_test_pairs(test_data_dir)
        self.full_res = full_res

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, index):
        rgb, depth = read_pair(*self.pairs[index], TEST_DEPTH_SCALE)
        if self.full_res:
            return prepare_rgb(rgb), prepare_depth(depth), depth
        return prepare_rgb(rgb), prepare_depth(depth)


def create_train_dataset(data_dir, batch_size, rank=0, group_size=1, shuffle=True, augment_data=True,
                         seed=0, num_parallel_workers=1):
    """Batched training ``GeneratorDataset`` over ``data_dir/Train``, sharded by rank."""
    import mindspore.dataset as ds

    source = TrainDatasetGenerator(resolve_split_dir(data_dir, "Train"), augment_data, seed + rank)
    if len(source) < group_size * batch_size:
        raise DatasetError(
            "%d training images cannot fill one batch of %d on each of %d ranks; lower --batch_size"
            % (len(source), batch_size, group_size)
        )
    kw = {"num_shards": group_size, "shard_id": rank} if group_size > 1 else {}
    dataset = ds.GeneratorDataset(source, ["rgb", "ground_truth"], shuffle=shuffle,
                                  num_parallel_workers=num_parallel_workers, python_multiprocessing=False, **kw)
    return dataset.batch(batch_size, drop_remainder=True)


def create_test_dataset(data_dir, batch_size=1, full_res=False):
    """Evaluation ``GeneratorDataset`` over ``data_dir/Test`` (or ``data_dir`` if it is Test)."""
    import mindspore.dataset as ds

    source = TestDatasetGenerator(resolve_split_dir(data_dir, "Test"), full_res)
    columns = ["rgb", "ground_truth"] + (["full_depth"] if full_res else [])
    dataset = ds.GeneratorDataset(source, columns, shuffle=False, python_multiprocessing=False)
    return dataset.batch(batch_size)
