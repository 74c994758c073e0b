"""Atomic checkpoint writing, lookup of the latest periodic checkpoint, checked loading."""
import glob
import os
import re

import mindspore as ms


def save_atomic(cell_or_params, path, append_dict=None):
    """Write a MindSpore checkpoint to ``path`` via a temporary file and ``os.replace``."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, ".%s.tmp%d.ckpt" % (os.path.basename(path), os.getpid()))
    try:
        ms.save_checkpoint(cell_or_params, tmp, append_dict=append_dict)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def periodic_name(prefix, step, rank_suffix=""):
    return "%s_%d%s.ckpt" % (prefix, step, rank_suffix)


def find_latest(ckpt_dir, prefix, rank_suffix=""):
    """Path of ``<prefix>_<step><rank_suffix>.ckpt`` with the highest step, or None."""
    pattern = re.compile(r"^%s_(\d+)%s\.ckpt$" % (re.escape(prefix), re.escape(rank_suffix)))
    best, best_step = None, -1
    for path in glob.glob(os.path.join(ckpt_dir, "%s_*.ckpt" % prefix)):
        match = pattern.match(os.path.basename(path))
        if match and int(match.group(1)) > best_step:
            best, best_step = path, int(match.group(1))
    return best


def load_params(path, what="checkpoint"):
    """Parameter dict of a checkpoint; FileNotFoundError / ValueError naming the file."""
    if not path or not os.path.isfile(path):
        raise FileNotFoundError("%s not found: %s" % (what, path))
    try:
        return ms.load_checkpoint(path)
    except Exception as exc:  # MindSpore raises ValueError/RuntimeError on corrupt files
        raise ValueError("cannot read %s %s: %s" % (what, path, str(exc).splitlines()[0] if str(exc) else exc))


def load_into(net, path, what="checkpoint"):
    """Load ``path`` into ``net``; every network parameter must be present with the right shape."""
    params = load_params(path, what)
    missing = [p.name for p in net.get_parameters() if p.name not in params]
    if missing:
        raise ValueError("%s %s lacks %d parameter(s) of %s, e.g. %s (wrong model?)"
                         % (what, path, len(missing), type(net).__name__, missing[:3]))
    for p in net.get_parameters():
        if tuple(params[p.name].shape) != tuple(p.shape):
            raise ValueError("%s %s: parameter %s has shape %s, %s expects %s"
                             % (what, path, p.name, tuple(params[p.name].shape), type(net).__name__, tuple(p.shape)))
    ms.load_param_into_net(net, params, strict_load=False)
    return params
