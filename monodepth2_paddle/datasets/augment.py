"""Colour jitter on float RGB images in [0, 1] (brightness, contrast, saturation, hue)."""
import cv2
import numpy as np


def _gray(img):
    return img[..., 0] * 0.299 + img[..., 1] * 0.587 + img[..., 2] * 0.114


def _shift_hue(img, h):
    hsv = cv2.cvtColor(img.astype(np.float32), cv2.COLOR_RGB2HSV)  # H in [0, 360)
    hsv[..., 0] = np.mod(hsv[..., 0] + h * 360.0, 360.0)
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)


class ColorJitter(object):
    """One random draw of the four factors, applied identically to every frame of a sample."""

    def __init__(self, brightness=(0.8, 1.2), contrast=(0.8, 1.2), saturation=(0.8, 1.2),
                 hue=(-0.1, 0.1), rng=None):
        rng = rng or np.random
        self.b = rng.uniform(*brightness)
        self.c = rng.uniform(*contrast)
        self.s = rng.uniform(*saturation)
        self.h = rng.uniform(*hue)
        self.order = rng.permutation(4)

    def __call__(self, img):
        for op in self.order:
            if op == 0:
                img = img * self.b
            elif op == 1:
                img = (img - _gray(img).mean()) * self.c + _gray(img).mean()
            elif op == 2:
                g = _gray(img)[..., None]
                img = (img - g) * self.s + g
            else:
                img = _shift_hue(np.clip(img, 0, 1), self.h)
            img = np.clip(img, 0.0, 1.0)
        return img.astype(np.float32)
