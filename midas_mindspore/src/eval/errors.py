"""One-line errors for a missing dataset: the config key to set and the sample_data command."""
import os

SAMPLE_FORMATS = {"datapath_Kitti": "midas_kitti", "datapath_TUM": "midas_tum",
                  "datapath_Sintel": "midas_sintel", "datapath_ETH3D": "midas_eth3d",
                  "datapath_NYU": "midas_nyu", "datapath_DIW": "midas_diw"}


class DatasetError(FileNotFoundError):
    """A dataset file or folder is missing or unusable; the message is one line."""


def missing(key, path, what="not found"):
    fmt = SAMPLE_FORMATS[key]
    return DatasetError("%s %s: %s (set --%s or %s in config.yaml; a sample: "
                        "python -m sample_data %s --out data/sample/%s)"
                        % (key, what, path, key, key, fmt, fmt))


def require_dir(key, path):
    if not path or not os.path.isdir(path):
        raise missing(key, path)
    return path


def require_file(key, path):
    if not path or not os.path.isfile(path):
        raise missing(key, path)
    return path
