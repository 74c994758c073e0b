"""Base dataset: target frame, temporal / stereo neighbours, intrinsics per scale, augmentation."""
import os

import numpy as np
from paddle.io import Dataset
from PIL import Image

from .augment import ColorJitter


class DataError(RuntimeError):
    """An image that cannot be used; the message names the file."""


def read_rgb(path):
    """uint8 RGB (H, W, 3) decoded with Pillow, as upstream's pil_loader; missing, corrupt or
    truncated files raise DataError naming the file."""
    if not os.path.isfile(path):
        raise DataError("image not found: {}".format(path))
    try:
        with Image.open(path) as img:
            return np.asarray(img.convert("RGB"))
    except Exception as e:  # PIL raises OSError, SyntaxError, ValueError... for bad files
        raise DataError("cannot decode image (corrupt, truncated or not an image): {} ({})".format(
            path, e))


def resize_rgb(img, width, height):
    """uint8 RGB -> (height, width) with Pillow's LANCZOS, upstream's resampling
    (torchvision Resize(interpolation=ANTIALIAS) in mono_dataset.py, pil.LANCZOS in demo.py)."""
    return np.asarray(Image.fromarray(img).resize((width, height), Image.LANCZOS))


def parse_split_line(line, where=""):
    """'<folder> <frame> <side>' -> (folder, frame_index, side)."""
    parts = line.split()
    if len(parts) != 3:
        raise ValueError("bad split line {!r}{}: expected '<folder> <frame_index> l|r'".format(
            line, " in " + where if where else ""))
    folder, frame, side = parts
    if side not in ("l", "r") or not frame.lstrip("-").isdigit():
        raise ValueError("bad split line {!r}{}: expected '<folder> <frame_index> l|r'".format(
            line, " in " + where if where else ""))
    return folder, int(frame), side


class MonoDataset(Dataset):
    """Items are dicts keyed like upstream:
    ("color", f, s) / ("color_aug", f, s): float32 (3, H/2^s, W/2^s) in [0, 1];
    ("K", s) / ("inv_K", s): float32 (4, 4); "stereo_T": (4, 4) when "s" in frame_ids.

    Augmentation draws come from a generator seeded by (seed, epoch, index): the same item gets
    the same flip / jitter whatever the worker count, and a resumed run repeats them exactly.
    """

    K = None

    def __init__(self, data_path, filenames, height, width, frame_ids, num_scales,
                 is_train=False, img_ext=".jpg", seed=0):
        super().__init__()
        if not os.path.isdir(data_path):
            raise FileNotFoundError("--data_path is not a folder: {}".format(data_path))
        self.data_path = data_path
        self.filenames = [self.parse_line(l) for l in filenames]
        self.height, self.width = height, width
        self.num_scales = num_scales
        self.frame_ids = list(frame_ids)
        self.is_train = is_train
        self.img_ext = img_ext
        self.seed = seed
        self.epoch = 0

    def __len__(self):
        return len(self.filenames)

    def parse_line(self, line):
        return parse_split_line(line, "the split list")

    def get_image_path(self, folder, frame_index, side):
        raise NotImplementedError

    def check_files(self, split_file):
        """Every image the split's lines need must exist: one error naming the first missing."""
        other = {"l": "r", "r": "l", None: None}
        missing = []
        for folder, idx, side in self.filenames:
            for f in self.frame_ids:
                path = self.get_image_path(folder, idx, other[side]) if f == "s" else \
                    self.get_image_path(folder, idx + f, side)
                if not os.path.isfile(path):
                    missing.append(path)
        if missing:
            raise FileNotFoundError("{} image(s) needed by {} are missing, first: {}".format(
                len(missing), split_file, missing[0]))

    def get_color(self, folder, frame_index, side, do_flip):
        img = read_rgb(self.get_image_path(folder, frame_index, side))
        return img[:, ::-1] if do_flip else img

    def _pyramid(self, img):
        """Scale s from scale s-1, as upstream's chain of Resize transforms."""
        out = []
        for s in range(self.num_scales):
            img = resize_rgb(np.ascontiguousarray(img), self.width // (2 ** s), self.height // (2 ** s))
            out.append(img)
        return out

    def __getitem__(self, index):
        folder, frame_index, side = self.filenames[index]
        rng = np.random.default_rng([self.seed, self.epoch, index])
        do_color_aug = self.is_train and rng.random() > 0.5
        do_flip = self.is_train and rng.random() > 0.5
        inputs = {}
        jitter = ColorJitter(rng=rng) if do_color_aug else None
        other = {"r": "l", "l": "r"}[side]
        for f in self.frame_ids:
            if f == "s":
                raw = self.get_color(folder, frame_index, other, do_flip)
            else:
                raw = self.get_color(folder, frame_index + f, side, do_flip)
            for s, im in enumerate(self._pyramid(raw)):
                im = im.astype(np.float32) / 255.0
                inputs[("color", f, s)] = im.transpose(2, 0, 1).copy()
                aug = jitter(im) if jitter is not None else im
                inputs[("color_aug", f, s)] = aug.transpose(2, 0, 1).copy()
        for s in range(self.num_scales):
            K = self.K.copy()
            K[0, :] *= self.width // (2 ** s)
            K[1, :] *= self.height // (2 ** s)
            inputs[("K", s)] = K
            inputs[("inv_K", s)] = np.linalg.pinv(K).astype(np.float32)
        if "s" in self.frame_ids:
            stereo_T = np.eye(4, dtype=np.float32)
            baseline_sign = -1 if do_flip else 1
            side_sign = -1 if side == "l" else 1
            stereo_T[0, 3] = side_sign * baseline_sign * 0.1
            inputs["stereo_T"] = stereo_T
        return inputs
