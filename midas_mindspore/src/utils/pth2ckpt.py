"""Convert PyTorch MiDaS weights to a MindSpore checkpoint, mapping every tensor by its name.

    python src/utils/pth2ckpt.py --src midas_v21-f6b98070.pt --dst midas_v21.ckpt
    python src/utils/pth2ckpt.py --src ig_resnext101_32x8-c38310e5.pth --dst resnext101_wsl.ckpt

Accepted: a full MiDaS v2.1 state dict (keys ``pretrained.*`` and ``scratch.*``, or upstream
``base_model.py``'s ``{"model": state_dict, "optimizer": ...}``), or a torchvision/WSL ResNeXt
state dict (``conv1``, ``bn1``, ``layerN.M...``, ``fc``), which becomes the encoder
(``pretrained.*``; ``fc`` is dropped). BatchNorm weight/bias/running_mean/running_var become
gamma/beta/moving_mean/moving_variance. The file is read with ``torch.load(weights_only=True)``.
"""
import mindspore_common  # noqa: F401

import argparse
import os
import re
import sys

import numpy as np

BN_RENAME = {"weight": "gamma", "bias": "beta", "running_mean": "moving_mean",
             "running_var": "moving_variance"}
SKIPPED_SUFFIX = ".num_batches_tracked"


def read_state_dict(path):
    """name -> float32 numpy array of a PyTorch weights file."""
    import torch

    if not os.path.isfile(path):
        raise FileNotFoundError("--src not found: %s" % path)
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # pickle/zip errors: corrupt, truncated or not a PyTorch file
        raise ValueError("--src %s is not a readable PyTorch weights file: %s"
                         % (path, str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__))
    if isinstance(obj, dict) and isinstance(obj.get("model"), dict):
        obj = obj["model"]
    if not isinstance(obj, dict) or not obj:
        raise ValueError("--src %s does not hold a state dict" % path)
    out = {}
    for name, value in obj.items():
        if not hasattr(value, "detach"):
            raise ValueError("--src %s: entry %s is not a tensor" % (path, name))
        out[name[len("module."):] if name.startswith("module.") else name] = \
            value.detach().cpu().float().numpy()
    return out


def backbone_name(name):
    """torchvision ResNeXt name -> MiDaS encoder name (None for the classifier ``fc``)."""
    if name.startswith("fc."):
        return None
    if name.startswith("conv1."):
        return "pretrained.layer1.0." + name[len("conv1."):]
    if name.startswith("bn1."):
        return "pretrained.layer1.1." + name[len("bn1."):]
    if name.startswith("layer1."):
        return "pretrained.layer1.4." + name[len("layer1."):]
    if re.match(r"layer[234]\.", name):
        return "pretrained." + name
    raise ValueError("unexpected key in a ResNeXt backbone file: %s" % name)


def kind_of(state):
    names = list(state)
    if any(n.startswith(("pretrained.", "scratch.")) for n in names):
        return "midas"
    if "conv1.weight" in state and any(n.startswith("layer1.") for n in names):
        return "backbone"
    raise ValueError("neither a MiDaS v2.1 checkpoint (pretrained.*/scratch.* keys) nor a ResNeXt "
                     "backbone (conv1/layerN keys); first keys: %s" % ", ".join(names[:3]))


def convert(state):
    """[(mindspore name, array)] of a MiDaS or backbone state dict, and its kind."""
    kind = kind_of(state)
    bn_modules = {n[:-len(".running_mean")] for n in state if n.endswith(".running_mean")}
    out = []
    for name, value in state.items():
        if name.endswith(SKIPPED_SUFFIX):
            continue
        if kind == "backbone":
            target = backbone_name(name)
            if target is None:
                continue
        else:
            if not name.startswith(("pretrained.", "scratch.")):
                raise ValueError("unexpected key in a MiDaS checkpoint: %s" % name)
            target = name
        module, _, leaf = name.rpartition(".")
        if module in bn_modules:
            if leaf not in BN_RENAME:
                raise ValueError("unexpected BatchNorm entry: %s" % name)
            target = target.rpartition(".")[0] + "." + BN_RENAME[leaf]
        out.append((target, value))
    return out, kind


def save(pairs, dst):
    import mindspore as ms
    from mindspore_common.checkpoint import save_atomic

    params = [{"name": n, "data": ms.Tensor(np.ascontiguousarray(v, np.float32))} for n, v in pairs]
    save_atomic(params, dst)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", required=True, help="PyTorch .pt/.pth file")
    parser.add_argument("--dst", required=True, help="MindSpore .ckpt to write")
    args = parser.parse_args(argv)
    try:
        pairs, kind = convert(read_state_dict(args.src))
        save(pairs, args.dst)
    except (FileNotFoundError, ValueError) as exc:
        print("error: %s" % exc, file=sys.stderr)
        return 2
    print("%s: %d tensors (%s) -> %s" % (args.src, len(pairs),
                                         "full MiDaS v2.1" if kind == "midas" else "ResNeXt encoder",
                                         args.dst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
