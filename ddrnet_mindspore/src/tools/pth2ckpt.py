"""Convert an official ydhongHIT/DDRNet ImageNet .pth into a MindSpore checkpoint, by name.

    python src/tools/pth2ckpt.py --pth DDRNet23_imagenet.pth --ckpt DDRNet23.ckpt [--arch auto]

Accepts a flat state dict, one under `state_dict` (or `model`), and `module.`-prefixed keys.
BatchNorm weight/bias/running_mean/running_var become gamma/beta/moving_mean/moving_variance.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import mindspore_common  # noqa: E402,F401  (oneDNN cap before mindspore loads)
import argparse  # noqa: E402

import numpy as np  # noqa: E402

BN_NAMES = {"running_mean": "moving_mean", "running_var": "moving_variance",
            "weight": "gamma", "bias": "beta"}


def read_state_dict(path):
    """name -> float32 array of a PyTorch checkpoint (torch.load with weights_only=True)."""
    try:
        import torch
    except ImportError as exc:
        raise ValueError("%s: reading .pth files needs torch (pip install -r requirements-test.txt)"
                         % path) from exc
    if not os.path.isfile(path):
        raise FileNotFoundError("--pth %s: no such file" % path)
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # corrupt/truncated/pickled-object files: one line, not a traceback
        raise ValueError("--pth %s: not a readable PyTorch state dict (%s)"
                         % (path, str(exc).splitlines()[0])) from exc
    for key in ("state_dict", "model"):
        if isinstance(obj, dict) and isinstance(obj.get(key), dict):
            obj = obj[key]
    if not isinstance(obj, dict) or not obj:
        raise ValueError("--pth %s: holds no state dict" % path)
    out = {}
    for name, value in obj.items():
        if not hasattr(value, "numpy"):
            continue
        name = name[len("module."):] if name.startswith("module.") else name
        if name.endswith("num_batches_tracked"):
            continue
        out[name] = value.detach().float().numpy()
    return out


def detect_arch(state):
    """DDRNet39 has layer3_1; slim has 32 stem channels; otherwise DDRNet23."""
    if any(k.startswith("layer3_1.") for k in state):
        return "DDRNet39"
    stem = state.get("conv1.0.weight")
    if stem is None:
        raise ValueError("not a DDRNet classification checkpoint: no conv1.0.weight")
    return "DDRNet23slim" if stem.shape[0] == 32 else "DDRNet23"


def to_mindspore_names(state, ms_shapes, source="checkpoint"):
    """Rename PyTorch keys to the network's parameter names; every parameter must be matched
    exactly once with its shape, else ValueError naming the first offending parameter."""
    out = {}
    for name, value in state.items():
        prefix, leaf = name.rsplit(".", 1)
        bn_name = "%s.%s" % (prefix, BN_NAMES.get(leaf, leaf))
        target = bn_name if bn_name in ms_shapes else name
        if target not in ms_shapes:
            raise ValueError("%s: parameter %s has no counterpart in the network" % (source, name))
        if tuple(value.shape) != tuple(ms_shapes[target]):
            raise ValueError("%s: parameter %s has shape %s, the network expects %s"
                             % (source, name, tuple(value.shape), tuple(ms_shapes[target])))
        out[target] = value
    missing = [n for n in ms_shapes if n not in out]
    if missing:
        raise ValueError("%s: %d network parameters missing, first %s" % (source, len(missing), missing[0]))
    return out


def convert(pth_path, ckpt_path, arch="auto", num_classes=None):
    """Write `ckpt_path` (atomically) from `pth_path`; returns the arch used."""
    from mindspore import Tensor
    from mindspore_common.checkpoint import save_atomic
    from src.models import get_model

    state = read_state_dict(pth_path)
    arch = detect_arch(state) if arch == "auto" else arch
    classes = num_classes or int(state.get("linear.weight", np.zeros((1000, 1))).shape[0])
    net = get_model(arch, classes)
    shapes = {p.name: p.shape for p in net.get_parameters()}
    params = to_mindspore_names(state, shapes, source="--pth %s" % pth_path)
    save_atomic([{"name": n, "data": Tensor(v)} for n, v in params.items()], ckpt_path,
                append_dict={"arch": arch, "num_classes": classes, "source": os.path.basename(pth_path)})
    return arch


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pth", required=True, help="official PyTorch checkpoint (.pth)")
    parser.add_argument("--ckpt", required=True, help="MindSpore checkpoint to write")
    parser.add_argument("--arch", default="auto", help="DDRNet23, DDRNet23slim, DDRNet39 or auto")
    parser.add_argument("--num_classes", type=int, default=None, help="default: from linear.weight")
    args = parser.parse_args(argv)
    arch = convert(args.pth, args.ckpt, args.arch, args.num_classes)
    print("wrote %s (%s)" % (args.ckpt, arch))


if __name__ == "__main__":
    from mindspore_common.cli import main_guard
    main_guard(main)()
