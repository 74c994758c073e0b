"""Load / save Monodepth2 weight folders (encoder.pdparams, depth.pdparams, ...)."""
import os

import numpy as np
import paddle

import networks
from utils import set_checked_state

META_KEYS = ("height", "width", "use_stereo")


def load_state(model, path):
    """Load a .pdparams into ``model``; missing file / key / shape -> error naming the file.
    Returns the raw dict (so callers can read extra entries such as height / width)."""
    if not os.path.isfile(path):
        raise FileNotFoundError("weights file not found: {}".format(path))
    try:
        state = paddle.load(path)
    except Exception as e:
        raise RuntimeError("cannot read weights {}: {}".format(path, e))
    set_checked_state(model, state, path)
    return state


def read_meta(state):
    """height / width / use_stereo stored next to the encoder weights."""
    meta = {}
    for k in META_KEYS:
        if k in state:
            v = state[k]
            v = v.numpy() if hasattr(v, "numpy") else np.asarray(v)
            meta[k] = v.item()
    return meta


def load_depth_model(folder, num_layers=18):
    """(encoder, depth decoder, meta) from a weights folder, in eval mode."""
    folder = os.path.expanduser(folder)
    if not os.path.isdir(folder):
        raise FileNotFoundError("--load_weights_folder not found: {}".format(folder))
    encoder = networks.ResnetEncoder(num_layers, False)
    depth = networks.DepthDecoder(encoder.num_ch_enc, range(4))
    meta = read_meta(load_state(encoder, os.path.join(folder, "encoder.pdparams")))
    load_state(depth, os.path.join(folder, "depth.pdparams"))
    if "height" not in meta or "width" not in meta:
        raise ValueError("{} has no height/width entries (not a Monodepth2 encoder file)".format(
            os.path.join(folder, "encoder.pdparams")))
    encoder.eval()
    depth.eval()
    return encoder, depth, meta
