"""DIW reader: ``DIW_Annotations/DIW_test.csv`` (path row, then y_A,x_A,y_B,x_B,rel,width,height).

Coordinates are 1-based and refer to the annotated image size (width, height of the row);
the prediction is resized to that size (as the model-zoo port does) and coordinates are
clipped into it. ``>`` = point A is farther than point B, ``<`` = closer.
"""
import csv
import os

import numpy as np

from ..util import read_image
from .errors import DatasetError, missing, require_dir

KEY = "datapath_DIW"
CSV = os.path.join("DIW_Annotations", "DIW_test.csv")


def index(root):
    require_dir(KEY, root)
    path = os.path.join(root, CSV)
    if not os.path.isfile(path):
        raise missing(KEY, path, "has no annotation file")
    with open(path) as f:
        rows = [r for r in csv.reader(f) if r]
    if not rows or len(rows) % 2:
        raise DatasetError("%s: expected pairs of rows (image path, annotation), got %d rows"
                           % (path, len(rows)))
    entries = []
    for k in range(0, len(rows), 2):
        image = os.path.join(root, *rows[k][0].replace("\\", "/").split("/")[-2:])
        ann = rows[k + 1]
        if len(ann) != 7 or ann[4] not in ("<", ">"):
            raise DatasetError("%s row %d: expected y_A,x_A,y_B,x_B,</>,width,height, got %s"
                               % (path, k + 2, ",".join(ann)))
        try:
            ya, xa, yb, xb, w, h = (int(ann[j]) for j in (0, 1, 2, 3, 5, 6))
        except ValueError:
            raise DatasetError("%s row %d: coordinates must be integers, got %s"
                               % (path, k + 2, ",".join(ann)))
        if w <= 0 or h <= 0:
            raise DatasetError("%s row %d: image size must be positive, got %dx%d"
                               % (path, k + 2, w, h))
        def clip_y(v):
            return min(max(v - 1, 0), h - 1)

        def clip_x(v):
            return min(max(v - 1, 0), w - 1)
        # common_metrics.whdr: rel +1 when point 1 is closer
        pair = (clip_y(ya), clip_x(xa), clip_y(yb), clip_x(xb), 1 if ann[4] == "<" else -1)
        entries.append((image, pair, (h, w)))
    return entries


def load(entry):
    image_path, pair, size = entry
    return {"name": os.path.basename(image_path), "image": read_image(image_path),
            "pairs": np.array([pair], np.int64), "size": size}
