"""Base dataset: target frame, temporal / stereo neighbours, intrinsics per scale, augmentation."""
import os
import random

import cv2
import numpy as np
from paddle.io import Dataset

from .augment import ColorJitter


def read_rgb(path):
    """uint8 RGB image; a clear error naming the file when missing or unreadable."""
    if not os.path.isfile(path):
        raise FileNotFoundError("image not found: {}".format(path))
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        raise ValueError("cannot decode image (corrupt or not an image): {}".format(path))
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


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
    """

    K = None
    full_res_shape = (1242, 375)

    def __init__(self, data_path, filenames, height, width, frame_ids, num_scales,
                 is_train=False, img_ext=".jpg"):
        super().__init__()
        if not os.path.isdir(data_path):
            raise FileNotFoundError("--data_path is not a folder: {}".format(data_path))
        self.data_path = data_path
        self.filenames = [parse_split_line(l, "the split list") for l in filenames]
        self.height, self.width = height, width
        self.num_scales = num_scales
        self.frame_ids = list(frame_ids)
        self.is_train = is_train
        self.img_ext = img_ext

    def __len__(self):
        return len(self.filenames)

    def get_image_path(self, folder, frame_index, side):
        raise NotImplementedError

    def get_color(self, folder, frame_index, side, do_flip):
        img = read_rgb(self.get_image_path(folder, frame_index, side))
        return img[:, ::-1] if do_flip else img

    def check_depth(self):
        return False

    def _pyramid(self, img):
        out = []
        for s in range(self.num_scales):
            h, w = self.height // (2 ** s), self.width // (2 ** s)
            out.append(cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA))
        return out

    def __getitem__(self, index):
        folder, frame_index, side = self.filenames[index]
        do_color_aug = self.is_train and random.random() > 0.5
        do_flip = self.is_train and random.random() > 0.5
        inputs = {}
        jitter = ColorJitter() if do_color_aug else None
        other = {"r": "l", "l": "r"}[side]
        for f in self.frame_ids:
            if f == "s":
                raw = self.get_color(folder, frame_index, other, do_flip)
            else:
                raw = self.get_color(folder, frame_index + f, side, do_flip)
            for s, im in enumerate(self._pyramid(np.ascontiguousarray(raw))):
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
