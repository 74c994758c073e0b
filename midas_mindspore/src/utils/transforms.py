"""Sample-dict transforms shared by training, evaluation and inference (MiDaS v2.1 semantics).

A sample is a dict with ``image`` (H, W, 3 float RGB in [0, 1]) and optionally ``disparity``,
``depth`` and ``mask``; each transform returns the updated dict.
"""
import math

import cv2
import numpy as np

RESIZE_METHODS = ("upper_bound", "lower_bound", "minimal")
TARGET_KEYS = ("disparity", "depth", "mask")


def constrain_to_multiple_of(x, multiple, min_val=0, max_val=None):
    """Nearest multiple of ``multiple``, moved down/up to respect max_val/min_val."""
    y = int(round(x / multiple) * multiple)
    if max_val is not None and y > max_val:
        y = int(math.floor(x / multiple) * multiple)
    if y < min_val:
        y = int(math.ceil(x / multiple) * multiple)
    return y


class Resize:
    """Resize to (width, height), optionally keeping the aspect ratio.

    With keep_aspect_ratio the one scale used is chosen by ``resize_method``: upper_bound = the
    output fits inside (width, height), lower_bound = it covers it, minimal = the scale closest
    to 1. Sizes are multiples of ``ensure_multiple_of``. Targets (disparity, depth, mask) follow
    the image with nearest-neighbour sampling when ``resize_target``.
    """

    def __init__(self, width, height, resize_target=True, keep_aspect_ratio=False,
                 ensure_multiple_of=1, resize_method="lower_bound",
                 image_interpolation_method=cv2.INTER_CUBIC):
        if resize_method not in RESIZE_METHODS:
            raise ValueError("resize_method %r: expected one of %s"
                             % (resize_method, ", ".join(RESIZE_METHODS)))
        self.width, self.height = int(width), int(height)
        self.resize_target = resize_target
        self.keep_aspect_ratio = keep_aspect_ratio
        self.multiple = int(ensure_multiple_of)
        self.method = resize_method
        self.interpolation = image_interpolation_method

    def get_size(self, width, height):
        """(new_width, new_height) for an input of (width, height)."""
        sh, sw = self.height / height, self.width / width
        if self.keep_aspect_ratio:
            if self.method == "lower_bound":
                sh = sw = max(sh, sw)
            elif self.method == "upper_bound":
                sh = sw = min(sh, sw)
            else:
                sh = sw = sw if abs(1 - sw) < abs(1 - sh) else sh
        if self.method == "lower_bound":
            bounds = [dict(min_val=self.height), dict(min_val=self.width)]
        elif self.method == "upper_bound":
            bounds = [dict(max_val=self.height), dict(max_val=self.width)]
        else:
            bounds = [{}, {}]
        new_h = constrain_to_multiple_of(sh * height, self.multiple, **bounds[0])
        new_w = constrain_to_multiple_of(sw * width, self.multiple, **bounds[1])
        return new_w, new_h

    def __call__(self, sample):
        h, w = sample["image"].shape[:2]
        size = self.get_size(w, h)
        sample["image"] = cv2.resize(sample["image"], size, interpolation=self.interpolation)
        if self.resize_target:
            for key in TARGET_KEYS:
                if key in sample:
                    sample[key] = cv2.resize(sample[key].astype(np.float32), size,
                                             interpolation=cv2.INTER_NEAREST)
        return sample


class NormalizeImage:
    """(image - mean) / std per channel."""

    def __init__(self, mean, std):
        self.mean = np.asarray(mean, np.float32)
        self.std = np.asarray(std, np.float32)

    def __call__(self, sample):
        sample["image"] = (sample["image"].astype(np.float32) - self.mean) / self.std
        return sample


class PrepareForNet:
    """Image to (3, H, W) float32; targets to contiguous float32."""

    def __call__(self, sample):
        sample["image"] = np.ascontiguousarray(np.transpose(sample["image"], (2, 0, 1)),
                                               dtype=np.float32)
        for key in TARGET_KEYS:
            if key in sample:
                sample[key] = np.ascontiguousarray(sample[key], dtype=np.float32)
        return sample


class Compose:
    def __init__(self, transforms):
        self.transforms = list(transforms)

    def __call__(self, sample):
        for t in self.transforms:
            sample = t(sample)
        return sample


def midas_transform(cfg, width=None, height=None, keep_aspect_ratio=None, resize_method=None,
                    interpolation=cv2.INTER_CUBIC):
    """Resize -> NormalizeImage -> PrepareForNet with the config's keys (overridable)."""
    return Compose([
        Resize(width or cfg.img_width, height or cfg.img_height, resize_target=cfg.resize_target,
               keep_aspect_ratio=cfg.keep_aspect_ratio if keep_aspect_ratio is None else keep_aspect_ratio,
               ensure_multiple_of=cfg.ensure_multiple_of,
               resize_method=resize_method or cfg.resize_method,
               image_interpolation_method=interpolation),
        NormalizeImage(cfg.nm_img_mean, cfg.nm_img_std),
        PrepareForNet(),
    ])
