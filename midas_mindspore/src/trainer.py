"""Training pieces for midas_train.py: parameter groups, learning rates, settings, resume."""
import mindspore.nn as nn

BACKBONE_PREFIX = "pretrained."

# Keys a checkpoint must agree on to be resumed from (architecture, data shape, schedule).
SETTING_KEYS = ("features", "layers", "groups", "width_per_group", "in_channels", "img_width",
                "img_height", "batch_size", "epoch_size", "lr_decay", "power", "backbone_params_lr",
                "backbone_params_end_lr", "no_backbone_params_lr", "no_backbone_params_end_lr",
                "resize_method", "keep_aspect_ratio", "ensure_multiple_of")


def train_settings(cfg, world_size):
    settings = {k: getattr(cfg, k) for k in SETTING_KEYS}
    settings["world_size"] = int(world_size)
    return settings


def split_params(net):
    """(encoder parameters, everything else) among the trainable parameters."""
    params = net.trainable_params()
    backbone = [p for p in params if p.name.startswith(BACKBONE_PREFIX)]
    rest = [p for p in params if not p.name.startswith(BACKBONE_PREFIX)]
    return backbone, rest


def group_lr(lr, end_lr, total_steps, cfg):
    """A constant lr, or polynomial decay from lr to end_lr over the run when cfg.lr_decay."""
    if cfg.lr_decay:
        return nn.PolynomialDecayLR(float(lr), float(end_lr), max(1, int(total_steps)), float(cfg.power))
    return float(lr)


def create_optimizer(net, cfg, total_steps):
    """Adam with two groups: encoder (backbone_params_lr) and the rest (no_backbone_params_lr)."""
    backbone, rest = split_params(net)
    groups = [{"params": backbone, "lr": group_lr(cfg.backbone_params_lr, cfg.backbone_params_end_lr,
                                                  total_steps, cfg)},
              {"params": rest, "lr": group_lr(cfg.no_backbone_params_lr, cfg.no_backbone_params_end_lr,
                                              total_steps, cfg)},
              {"order_params": net.trainable_params()}]
    return nn.Adam(groups)


def lr_at(cfg, total_steps):
    """step -> (backbone lr, rest lr) for the progress display."""
    def value(lr, end, step):
        if not cfg.lr_decay:
            return lr
        frac = min(step, total_steps) / max(1, total_steps)
        return (lr - end) * (1.0 - frac) ** cfg.power + end
    return lambda step: value(cfg.no_backbone_params_lr, cfg.no_backbone_params_end_lr, step)
