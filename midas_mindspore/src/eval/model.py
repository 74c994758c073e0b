"""The network to evaluate: built with the architecture its checkpoint recorded, weights loaded."""
from mindspore_common.checkpoint import read_meta

from ..weights import load_midas, resolve_checkpoint

ARCH_KEYS = ("features", "layers", "groups", "width_per_group", "in_channels")


def recorded_architecture(path):
    """Architecture keys a training checkpoint recorded with its settings ({} if none)."""
    try:
        settings = read_meta(path)["settings"] or {}
    except ValueError:
        # read_meta cannot filter a checkpoint without bookkeeping entries (converted or
        # exported weights); such a file records no architecture, and a corrupt one is
        # reported by load_midas below
        return {}
    arch = {k: settings[k] for k in ARCH_KEYS if k in settings}
    if "layers" in arch:
        arch["layers"] = tuple(arch["layers"])
    return arch


def load_for_eval(cfg, log=print):
    """MidasNet with every weight of ``--ckpt_path``; a training checkpoint's recorded
    architecture wins over config.yaml, so a reduced CPU run evaluates without extra flags."""
    path = resolve_checkpoint(cfg.ckpt_path, "ckpt_path")
    arch = recorded_architecture(path)
    differ = {k: v for k, v in arch.items()
              if (tuple(getattr(cfg, k)) if k == "layers" else getattr(cfg, k)) != v}
    if differ:
        log("architecture recorded in the checkpoint: %s"
            % ", ".join("%s %s" % (k, list(v) if k == "layers" else v)
                        for k, v in sorted(differ.items())))
    net = load_midas(cfg, path, "ckpt_path", **arch)
    log("weights: %s" % path)
    return net
