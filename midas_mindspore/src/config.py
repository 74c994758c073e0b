"""Configuration: config.yaml + command-line flags, data paths resolved against the repo root."""
import os

from mindspore_common.config import load_yaml, parse_with_config

PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(PROJECT_DIR)
DEFAULT_CONFIG = os.path.join(PROJECT_DIR, "config.yaml")

# Keys holding input data paths; relative values are taken from the repository root so the
# defaults (data/sample/...) work from any working folder.
DATA_PATH_KEYS = ("train_data_dir", "input_path", "datapath_TUM", "datapath_Sintel",
                  "datapath_ETH3D", "datapath_Kitti", "datapath_DIW", "datapath_NYU")

# Tests point the data/sample/... defaults at a temporary sample folder with this variable.
SAMPLE_ROOT_ENV = "MIDAS_SAMPLE_ROOT"
SAMPLE_PREFIX = "data/sample/"

# The command that writes a sample of each dataset key's format.
SAMPLE_COMMANDS = {
    "train_data_dir": "python -m sample_data redweb --out data/sample/redweb",
    "input_path": "python -m sample_data redweb --out data/sample/redweb",
}


def resolve_data_path(path):
    """Absolute path of a data path from the config (relative = from the repo root)."""
    if not path or os.path.isabs(path):
        return path
    path = os.path.expanduser(path)
    if os.path.isabs(path):
        return path
    sample_root = os.environ.get(SAMPLE_ROOT_ENV)
    if sample_root and path.replace(os.sep, "/").startswith(SAMPLE_PREFIX):
        return os.path.join(sample_root, path[len(SAMPLE_PREFIX):])
    return os.path.join(REPO_ROOT, path)


def get_config(argv=None, description="MiDaS v2.1 (MindSpore)"):
    """Namespace of every config key; CLI flags override the yaml; unknown keys raise ValueError."""
    cfg = parse_with_config(load_yaml(DEFAULT_CONFIG), argv, description,
                            config_path=DEFAULT_CONFIG)
    for key in DATA_PATH_KEYS:
        value = getattr(cfg, key)
        if isinstance(value, (list, tuple)):
            setattr(cfg, key, [resolve_data_path(v) for v in value])
        else:
            setattr(cfg, key, resolve_data_path(value))
    return cfg


def missing_data_message(key, path):
    """One line for a dataset folder that is not there."""
    hint = SAMPLE_COMMANDS.get(key)
    line = "%s not found: %s (set --%s or %s in config.yaml" % (key, path, key, key)
    if hint:
        line += "; a sample: %s" % hint
    return line + ")"
