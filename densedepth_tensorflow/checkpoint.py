"""Checkpoint directory: atomic per-epoch Keras weights + optimizer state + checkpoint.json.

    ckptdir/epoch_0005.h5            model weights (Keras h5)
    ckptdir/epoch_0005_optimizer.npz optimizer state (np.load(allow_pickle=False))
    ckptdir/checkpoint.json          {"epoch", "weights", "optimizer", "model_config"}

Every file is written under a temporary name and moved in place with os.replace;
checkpoint.json is written last, so a crash never leaves it pointing at a partial file.
"""
import json
import logging
import os

import numpy as np

from model import DEFAULT_HEIGHT, DEFAULT_WIDTH, create_model

LOG = logging.getLogger("densedepth")
INDEX = "checkpoint.json"
MODEL_CONFIG_KEYS = ("decoder_width", "single_leaky")


def _atomic_json(path, payload):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(payload, f, indent=2, sort_keys=True)
    os.replace(tmp, path)


def save_weights_h5(model, path):
    """Keras-layout weights .h5 (readable by model.load_weights, also by_name).

    Keras' own save_weights fetches every layer in a separate session run, which takes
    minutes for DenseNet-169 in graph mode; here all values come from one run.
    """
    import h5py
    import tensorflow as tf

    layers = [layer for layer in model.layers]
    tensors = [w for layer in layers for w in layer.weights]
    values = tf.keras.backend.batch_get_value(tensors)
    pos = 0
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = [layer.name.encode("utf8") for layer in layers]
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = tf.keras.__version__.encode("utf8")
        for layer in layers:
            group = f.create_group(layer.name)
            names = [w.name.encode("utf8") for w in layer.weights]
            group.attrs["weight_names"] = names
            for name in names:
                group.create_dataset(name.decode("utf8"), data=values[pos])
                pos += 1


def save(ckptdir, model, epoch, model_config, optimizer_weights=None, extra=None):
    os.makedirs(ckptdir, exist_ok=True)
    stem = "epoch_%04d" % epoch
    weights = stem + ".h5"
    tmp = os.path.join(ckptdir, stem + ".tmp.h5")
    save_weights_h5(model, tmp)
    os.replace(tmp, os.path.join(ckptdir, weights))
    opt_name = None
    if optimizer_weights is not None:
        opt_name = stem + "_optimizer.npz"
        tmp = os.path.join(ckptdir, stem + "_optimizer.tmp.npz")
        with open(tmp, "wb") as f:
            np.savez(f, *[np.asarray(w) for w in optimizer_weights])
        os.replace(tmp, os.path.join(ckptdir, opt_name))
    index = {"epoch": int(epoch), "weights": weights, "optimizer": opt_name,
             "model_config": dict(model_config)}
    if extra:
        index.update(extra)
    _atomic_json(os.path.join(ckptdir, INDEX), index)
    LOG.info("checkpoint epoch %d -> %s", epoch, os.path.join(ckptdir, weights))
    return os.path.join(ckptdir, weights)


def read_index(ckptdir):
    path = os.path.join(ckptdir, INDEX)
    if not os.path.isfile(path):
        return None
    try:
        with open(path) as f:
            index = json.load(f)
    except ValueError as exc:
        raise ValueError("%s: not valid JSON (%s)" % (path, exc))
    for key in ("epoch", "weights", "model_config"):
        if key not in index:
            raise ValueError("%s: missing key %r" % (path, key))
    return index


def load_optimizer_weights(ckptdir, index):
    if not index.get("optimizer"):
        return None
    path = os.path.join(ckptdir, index["optimizer"])
    with np.load(path, allow_pickle=False) as npz:
        return [npz["arr_%d" % i] for i in range(len(npz.files))]


def resolve(ckptdir, decoder_width=None, single_leaky=None):
    """--ckptdir (a training checkpoint dir or an .h5 such as nyu.h5) -> (weights file, config)."""
    if os.path.isfile(ckptdir):
        if not ckptdir.endswith(".h5"):
            raise ValueError("--ckptdir %s: expected a checkpoint directory or a Keras .h5" % ckptdir)
        config = {"decoder_width": 0.5 if decoder_width is None else decoder_width,
                  "single_leaky": bool(single_leaky)}
        return ckptdir, config
    if not os.path.isdir(ckptdir):
        raise FileNotFoundError("--ckptdir %s: no such checkpoint directory or file" % ckptdir)
    index = read_index(ckptdir)
    if index is None:
        raise FileNotFoundError("--ckptdir %s: no %s (not a train.py checkpoint directory)"
                                % (ckptdir, INDEX))
    weights = os.path.join(ckptdir, index["weights"])
    if not os.path.isfile(weights):
        raise FileNotFoundError("--ckptdir %s: %s names missing file %s" % (ckptdir, INDEX, weights))
    config = dict(index["model_config"])
    if decoder_width is not None:
        config["decoder_width"] = decoder_width
    if single_leaky:
        config["single_leaky"] = True
    return weights, config


def load_model(ckptdir, input_shape=None, decoder_width=None, single_leaky=None):
    """Build the model described by the checkpoint and load its weights."""
    weights, config = resolve(ckptdir, decoder_width, single_leaky)
    LOG.info("loading %s (decoder_width %s, single_leaky %s)", weights,
             config["decoder_width"], config["single_leaky"])
    return create_model(existing=weights, decoder_width=float(config["decoder_width"]),
                        single_leaky=bool(config["single_leaky"]), input_shape=input_shape)


def default_shape():
    return DEFAULT_HEIGHT, DEFAULT_WIDTH
