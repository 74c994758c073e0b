"""NYU Depth v2 reader: ``nyu.mat`` (v7.3: images, depths) + ``splits.mat`` (1-based testNdxs)."""
import h5py
import numpy as np
from scipy.io import loadmat

from .errors import DatasetError, require_file

KEY = "datapath_NYU"


def _paths(paths):
    if not isinstance(paths, (list, tuple)) or len(paths) != 2:
        raise DatasetError("%s must be two paths [nyu.mat, splits.mat], got %r" % (KEY, paths))
    return require_file(KEY, paths[0]), require_file(KEY, paths[1])


def index(paths):
    mat, splits = _paths(paths)
    try:
        test = loadmat(splits)["testNdxs"]
    except (ValueError, KeyError, OSError) as exc:
        raise DatasetError("%s: cannot read testNdxs (%s)" % (splits, str(exc).splitlines()[0]))
    try:
        with h5py.File(mat, "r") as f:
            n = f["images"].shape[0]
            f["depths"]
    except (OSError, KeyError) as exc:
        raise DatasetError("%s: not a MATLAB v7.3 file with images and depths (%s)"
                           % (mat, str(exc).splitlines()[0]))
    idx = np.asarray(test, np.float64).ravel().astype(np.int64) - 1
    if idx.size == 0 or idx.min() < 0 or idx.max() >= n:
        raise DatasetError("%s: testNdxs must be 1-based indices into the %d images of %s"
                           % (splits, n, mat))
    return [(mat, int(i)) for i in idx]


def load(entry):
    mat, i = entry
    with h5py.File(mat, "r") as f:
        image = np.transpose(f["images"][i], (2, 1, 0))    # (3, W, H) -> (H, W, 3)
        depth = np.transpose(f["depths"][i]).astype(np.float32)
    return {"name": "nyu_%04d" % (i + 1), "image": image.astype(np.float32) / 255.0,
            "depth": depth, "mask": depth > 0}
