"""The constant mean-training-depth predictor that every DepthNet report is compared with."""
import numpy as np

from src.data_loader import TRAIN_DEPTH_SCALE, list_train_pairs, read_depth


def mean_train_depth(train_dir):
    """Mean of the valid (> 0) training depth pixels of ``train_dir`` (``Train/<scene>/<n>.png``), metres."""
    total, count = 0.0, 0
    for _, depth_path in list_train_pairs(train_dir):
        depth = read_depth(depth_path, TRAIN_DEPTH_SCALE)
        valid = depth[depth > 0]
        total += float(valid.sum(dtype=np.float64))
        count += valid.size
    if not count:
        raise ValueError("no valid training depth in %s to form the mean-depth baseline" % train_dir)
    return total / count
