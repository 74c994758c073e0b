"""Demo picture of a classifier: validation crops captioned with predicted and true class."""
import numpy as np
from common_metrics.io import write_png
from common_metrics.panels import text_strip

from src.data.augment.transforms import IMAGENET_MEAN, IMAGENET_STD


def to_rgb(chw):
    """Normalised CHW float image of the eval pipeline -> HWC uint8 RGB."""
    hwc = np.transpose(chw, (1, 2, 0)) * np.array(IMAGENET_STD) + np.array(IMAGENET_MEAN)
    return np.clip(np.round(hwc * 255.0), 0, 255).astype(np.uint8)


def save_class_panel(path, images, logits, labels, classes, title, per_row=4, tile=160):
    """Grid of up to 2 rows: each tile the network's input crop, its prediction and the truth."""
    import cv2

    probs = np.exp(logits - logits.max(1, keepdims=True))
    probs /= probs.sum(1, keepdims=True)
    tiles = []
    for image, p, label in zip(images, probs, labels):
        rgb = cv2.resize(to_rgb(image), (tile, tile), interpolation=cv2.INTER_NEAREST)
        pred = int(p.argmax())
        mark = "ok" if pred == int(label) else "WRONG"
        caption = "pred %s (%.2f) %s\ntrue %s" % (classes[pred], p[pred], mark, classes[int(label)])
        strip = text_strip(caption, tile, scale=0.4)
        tiles.append(np.concatenate([rgb, strip], axis=0))
    h = max(t.shape[0] for t in tiles)
    tiles = [np.pad(t, ((0, h - t.shape[0]), (0, 0), (0, 0))) for t in tiles]
    while len(tiles) % per_row:
        tiles.append(np.zeros_like(tiles[0]))
    rows = [np.concatenate(tiles[i:i + per_row], axis=1) for i in range(0, len(tiles), per_row)]
    grid = np.concatenate(rows, axis=0)
    grid = np.concatenate([text_strip(title, grid.shape[1]), grid], axis=0)
    write_png(path, grid)
    return grid
