"""TUM RGB-D reader: ``*_person/associate.txt`` pairs, depth PNGs uint16 with metres * 5000.

associate.txt lines are ``t_rgb rgb/<t>.png t_depth depth/<t>.png`` (TUM's associate.py);
the two-column ``rgb/<t>.png depth/<t>.png`` form of the model-zoo port is accepted too.
"""
import glob
import os

from common_metrics.io import read_png16

from ..util import read_image
from .errors import DatasetError, missing, require_dir

KEY = "datapath_TUM"
DEPTH_SCALE = 5000.0


def _pair(line, path, lineno):
    fields = line.split()
    if len(fields) == 4:
        return fields[1], fields[3]
    if len(fields) == 2:
        return fields[0], fields[1]
    raise DatasetError("%s line %d: expected 't_rgb rgb_file t_depth depth_file', got %r"
                       % (path, lineno, line.strip()))


def index(root):
    require_dir(KEY, root)
    entries = []
    for assoc in sorted(glob.glob(os.path.join(root, "*_person", "associate.txt"))):
        seq = os.path.dirname(assoc)
        with open(assoc) as f:
            for lineno, line in enumerate(f, 1):
                if line.strip() and not line.startswith("#"):
                    rgb, depth = _pair(line, assoc, lineno)
                    entries.append((os.path.join(seq, rgb), os.path.join(seq, depth)))
    if not entries:
        raise missing(KEY, root, "has no *_person/associate.txt pairs")
    return entries


def load(entry):
    rgb_path, depth_path = entry
    depth = read_png16(depth_path, scale=DEPTH_SCALE)
    return {"name": os.path.basename(rgb_path), "image": read_image(rgb_path),
            "depth": depth, "mask": depth > 0}
