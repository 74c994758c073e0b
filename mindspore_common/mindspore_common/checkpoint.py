"""Checkpoints: atomic writes, checked loading, recorded settings, resume lookup, keep-last-K.

Settings, step and epoch are stored inside the checkpoint (``append_dict`` entries
``meta_settings`` (JSON), ``step_num`` and ``epoch_num``), so a checkpoint says how it was made.
"""
import glob
import json
import os
import re

import mindspore as ms

META_KEYS = ("meta_settings", "step_num", "epoch_num")


def save_atomic(cell_or_params, path, append_dict=None):
    """Write a checkpoint to ``path`` through a temporary file and ``os.replace``."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, ".%s.%d.part.ckpt" % (os.path.basename(path), os.getpid()))
    try:
        ms.save_checkpoint(cell_or_params, tmp, append_dict=append_dict)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def meta_dict(settings, step, epoch):
    """The ``append_dict`` that records how and when a checkpoint was made."""
    return {"meta_settings": json.dumps(settings, sort_keys=True), "step_num": int(step),
            "epoch_num": int(epoch)}


def _first_line(exc):
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def load_params(path, what="checkpoint", choice_func=None):
    """Parameter dict of a checkpoint; FileNotFoundError / ValueError naming the file."""
    if not path or not os.path.isfile(path):
        raise FileNotFoundError("%s not found: %s" % (what, path))
    try:
        return ms.load_checkpoint(path, choice_func=choice_func)
    except Exception as exc:  # MindSpore raises ValueError/RuntimeError on corrupt files
        raise ValueError("cannot read %s %s: %s" % (what, path, _first_line(exc)))


def _scalar(value):
    if isinstance(value, (ms.Parameter, ms.Tensor)):
        value = value.asnumpy()
        return value.item() if value.size == 1 else value
    return value


def read_meta(path_or_params):
    """{'settings': dict or None, 'step': int or None, 'epoch': int or None} of a checkpoint."""
    params = path_or_params
    if isinstance(path_or_params, str):
        try:
            params = load_params(path_or_params, choice_func=lambda name: name in META_KEYS)
        except ValueError as exc:
            if "empty" not in str(exc):  # MindSpore: "parameter dict is empty after filter"
                raise
            params = {}  # a checkpoint without bookkeeping (e.g. converted official weights)
    settings = params.get("meta_settings")
    if settings is not None:
        settings = json.loads(str(_scalar(settings)))
    step, epoch = params.get("step_num"), params.get("epoch_num")
    return {"settings": settings, "step": None if step is None else int(_scalar(step)),
            "epoch": None if epoch is None else int(_scalar(epoch))}


def strip_meta(params):
    """``params`` without the bookkeeping entries (for loading into a network)."""
    return {k: v for k, v in params.items() if k not in META_KEYS}


def load_into(net, path_or_params, what="checkpoint", strict=True):
    """Load into ``net``: every parameter must be present (when ``strict``) with the right shape."""
    params = path_or_params
    name = "<params>"
    if isinstance(path_or_params, str):
        name = path_or_params
        params = load_params(path_or_params, what)
    net_params = list(net.get_parameters())
    missing = [p.name for p in net_params if p.name not in params]
    if strict and missing:
        raise ValueError("%s %s lacks %d parameter(s) of %s, e.g. %s (wrong model or settings?)"
                         % (what, name, len(missing), type(net).__name__, ", ".join(missing[:3])))
    if len(missing) == len(net_params):
        raise ValueError("%s %s has none of the parameters of %s (wrong model?)"
                         % (what, name, type(net).__name__))
    for p in net_params:
        if p.name in params and tuple(params[p.name].shape) != tuple(p.shape):
            raise ValueError("%s %s: parameter %s has shape %s, %s expects %s"
                             % (what, name, p.name, tuple(params[p.name].shape),
                                type(net).__name__, tuple(p.shape)))
    ms.load_param_into_net(net, strip_meta(params), strict_load=False)
    return params


def _name_pattern(prefix):
    # ModelCheckpoint names: <prefix>-<epoch>_<step>.ckpt, and <prefix>_<n>-... when a folder
    # already held that prefix; save_atomic users: <prefix>_<step>.ckpt. "DDRNet23" must not
    # match "DDRNet23slim-1_5.ckpt".
    return re.compile(r"^%s(?:_\d+)?[-_]\d+[\d_]*\.ckpt$" % re.escape(prefix))


def list_checkpoints(ckpt_dir, prefix):
    """Checkpoint files of ``prefix`` in ``ckpt_dir`` (not temporary ones, not other prefixes)."""
    if not os.path.isdir(ckpt_dir):
        return []
    pattern = _name_pattern(prefix)
    paths = glob.glob(os.path.join(ckpt_dir, glob.escape(prefix) + "*.ckpt"))
    return [p for p in paths if pattern.match(os.path.basename(p))]


def _ranked(ckpt_dir, prefix):
    """[(step, mtime, path, meta)] of checkpoints carrying a step, newest first."""
    rows = []
    for path in list_checkpoints(ckpt_dir, prefix):
        try:
            meta = read_meta(path)
        except ValueError:
            continue  # unreadable (e.g. truncated by a crash): never resumed from
        if meta["step"] is not None:
            rows.append((meta["step"], os.path.getmtime(path), path, meta))
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return rows


def settings_diff(expected, found):
    """Keys whose values differ between two settings dicts, as 'key: found -> expected' lines."""
    keys = sorted(set(expected or {}) | set(found or {}))
    return ["%s: %r (checkpoint) vs %r (now)" % (k, (found or {}).get(k), (expected or {}).get(k))
            for k in keys if (found or {}).get(k) != (expected or {}).get(k)]


def find_resume(ckpt_dir, prefix, settings):
    """(path, meta) of the newest checkpoint of ``prefix`` by recorded step, ties by time.

    (None, None) when there is none. ValueError naming the differing settings when the newest
    one was made with other settings.
    """
    rows = _ranked(ckpt_dir, prefix)
    if not rows:
        return None, None
    _, _, path, meta = rows[0]
    diff = settings_diff(settings, meta["settings"])
    if diff:
        raise ValueError("cannot resume from %s: it was made with other settings (%s); use "
                         "another output folder, or load it as weights only to fine-tune"
                         % (path, "; ".join(diff)))
    return path, meta


def prune(ckpt_dir, prefix, keep):
    """Delete all but the ``keep`` newest checkpoints of ``prefix``; return the deleted paths."""
    if keep is None or keep <= 0:
        return []
    rows = _ranked(ckpt_dir, prefix)
    doomed = [r[2] for r in rows[keep:]]
    for path in doomed:
        os.remove(path)
    return doomed
