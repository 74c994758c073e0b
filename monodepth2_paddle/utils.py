"""Small helpers: split files, seeding, weight files, atomic saves, timing strings."""
import os
import random

import numpy as np
import paddle


def readlines(filename):
    """Lines of a text file; a clear error naming the file when it is missing."""
    if not os.path.isfile(filename):
        raise FileNotFoundError("split file not found: {}".format(filename))
    with open(filename, "r") as f:
        return [line for line in f.read().splitlines() if line.strip()]


def setup_seed(seed=42):
    random.seed(seed)
    np.random.seed(seed)
    paddle.seed(seed)


def sec_to_hm_str(t):
    """10239 -> '02h50m39s'."""
    t = int(t)
    return "{:02d}h{:02d}m{:02d}s".format(t // 3600, (t // 60) % 60, t % 60)


def set_checked_state(model, state, path):
    """Load ``state`` into ``model``; a missing key or a wrong shape is an error naming ``path``."""
    own = model.state_dict()
    missing = [k for k in own if k not in state]
    if missing:
        raise ValueError("{} lacks {} entries, e.g. {}".format(path, len(missing), missing[:3]))
    for k, v in own.items():
        if tuple(state[k].shape) != tuple(v.shape):
            raise ValueError("{}: {} has shape {}, the model expects {}".format(
                path, k, tuple(state[k].shape), tuple(v.shape)))
    model.set_state_dict({k: state[k] for k in own})


def atomic_save(obj, path):
    """paddle.save to a temporary file next to ``path``, then os.replace."""
    tmp = path + ".tmp"
    paddle.save(obj, tmp)
    os.replace(tmp, path)


def torch_names_to_paddle(state, fc_prefix="fc."):
    """torchvision BN / fc names and layouts -> Paddle; non-array entries pass through."""
    out = {}
    for k, v in state.items():
        if k.endswith("num_batches_tracked"):
            continue
        if not isinstance(v, np.ndarray):
            out[k] = v
            continue
        k = k.replace("running_mean", "_mean").replace("running_var", "_variance")
        v = v.astype(np.float32)
        if k.startswith(fc_prefix) and k.endswith("weight") and v.ndim == 2:
            v = v.T  # torch Linear is (out, in); Paddle Linear is (in, out)
        out[k] = v
    return out


def read_torch_state_dict(path):
    """A PyTorch ``.pth`` state dict as numpy arrays (torch is an optional, lazy import)."""
    try:
        import torch
    except ImportError:
        raise RuntimeError("reading {} needs PyTorch (pip install torch==2.13.0, CPU)".format(path))
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:  # corrupt file, pickled code, ...
        raise RuntimeError("cannot read PyTorch weights {}: {}".format(path, e))
    if isinstance(state, dict) and "state_dict" in state and isinstance(state["state_dict"], dict):
        state = state["state_dict"]
    out = {}
    for k, v in state.items():
        if hasattr(v, "detach"):
            out[k] = v.detach().cpu().numpy()
        else:
            out[k] = v  # non-tensor entries such as encoder.pth's height / width
    return out


def read_weight_file(path):
    """ResNet weights from ``.pdparams``, torchvision ``.pth`` or the Paddle port's ``.h5``,
    returned as a dict name -> numpy array with Paddle names and layouts."""
    if not os.path.isfile(path):
        raise FileNotFoundError("--weights_init file not found: {}".format(path))
    ext = os.path.splitext(path)[1].lower()
    if ext == ".pdparams":
        try:
            state = paddle.load(path)
        except Exception as e:
            raise RuntimeError("cannot read Paddle weights {}: {}".format(path, e))
        return {k: np.asarray(v.numpy() if hasattr(v, "numpy") else v) for k, v in state.items()}
    if ext in (".pth", ".pt"):
        return {k: v for k, v in torch_names_to_paddle(read_torch_state_dict(path)).items()
                if isinstance(v, np.ndarray)}
    if ext == ".h5":
        try:
            import h5py
        except ImportError:
            raise RuntimeError("reading {} needs h5py (pip install h5py)".format(path))
        with h5py.File(path, "r") as f:
            return torch_names_to_paddle({k: np.asarray(f[k][()]) for k in f.keys()})
    raise ValueError("unknown weight file type {!r} (use .pdparams, .pth or .h5)".format(path))


def load_resnet_weights(resnet, path, num_input_images=1):
    """Load ImageNet ResNet weights into ``resnet``; conv1 repeated and divided by N for
    multi-frame input. Shape mismatches and missing keys are errors naming the file."""
    state = read_weight_file(path)
    if "conv1.weight" in state and num_input_images > 1:
        state["conv1.weight"] = np.concatenate([state["conv1.weight"]] * num_input_images, 1) \
            / num_input_images
    set_checked_state(resnet, {k: np.asarray(v, dtype=np.float32) for k, v in state.items()}, path)
