"""Finding and loading MiDaS weights: a .ckpt file, or the newest training checkpoint in a folder."""
import os

from mindspore_common.checkpoint import _ranked, load_into

from .midas_net import midas_from_config

TRAIN_PREFIX = "Midas_0"


def resolve_checkpoint(path, key):
    """``path`` itself, or the newest Midas_0*.ckpt (by recorded step) when it is a folder."""
    if not path:
        raise ValueError("no weights given: set --%s to a .ckpt file (or a training ckpt folder)" % key)
    if os.path.isdir(path):
        rows = _ranked(path, TRAIN_PREFIX)
        if not rows:
            raise FileNotFoundError("%s %s: no %s*.ckpt checkpoint in this folder" % (key, path, TRAIN_PREFIX))
        return rows[0][2]
    if not os.path.isfile(path):
        raise FileNotFoundError("%s not found: %s" % (key, path))
    return path


def load_midas(cfg, path, key, **overrides):
    """MidasNet built from the config's architecture keys with every weight loaded from ``path``."""
    net = midas_from_config(cfg, **overrides)
    load_into(net, resolve_checkpoint(path, key), "--%s" % key, strict=True)
    net.set_train(False)
    return net
