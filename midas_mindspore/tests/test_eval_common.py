"""For the test_eval* files (no tests here): small samples of the six MiDaS test-set formats."""
import os

from sample_data.api import write_dataset

# (sample_data format, config key, small size)
FORMATS = {"Kitti": ("midas_kitti", "datapath_Kitti", 4, 48, 160),
           "TUM": ("midas_tum", "datapath_TUM", 3, 48, 64),
           "Sintel": ("midas_sintel", "datapath_Sintel", 2, 44, 96),
           "ETH3D": ("midas_eth3d", "datapath_ETH3D", 2, 48, 72),
           "NYU": ("midas_nyu", "datapath_NYU", 4, 48, 64),
           "DIW": ("midas_diw", "datapath_DIW", 4, 48, 64)}


def write_all(root):
    for fmt, _, num, h, w in FORMATS.values():
        write_dataset(fmt, os.path.join(str(root), fmt), num=num, height=h, width=w)
    return str(root)


def dataset_path(root, name):
    fmt = FORMATS[name][0]
    if name == "NYU":
        return [os.path.join(root, fmt, "nyu.mat"), os.path.join(root, fmt, "splits.mat")]
    return os.path.join(root, fmt)


def path_flags(root):
    """Command-line flags pointing every datapath_* key at ``root``."""
    flags = []
    for name, (_, key, _, _, _) in FORMATS.items():
        path = dataset_path(root, name)
        flags += ["--" + key, ",".join(path) if isinstance(path, list) else path]
    return flags
