"""Reads the settings: defaults < yaml (--ddr_config) < flags, then checks values and resolves paths."""
import os

from mindspore_common.config import parse_with_config

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CHOICES = {
    "arch": ("DDRNet23", "DDRNet23slim", "DDRNet39"),
    "interpolation": ("bicubic", "bilinear", "nearest"),
    "eval_resize": ("crop", "square"),
    "optimizer": ("momentum", "adamw"),
    "lr_scheduler": ("cosine_lr", "multistep_lr", "constant_lr"),
    "re_mode": ("pixel", "const"),
    "mixup_mode": ("batch",),
    "amp_level": ("O0", "O1", "O2", "O3"),
    "file_format": ("MINDIR", "AIR", "ONNX"),
    "mode": ("graph", "pynative"),
}
POSITIVE = ("num_classes", "image_size", "batch_size", "epochs", "num_parallel_workers",
            "keep_checkpoint_max", "log_every", "lr_adjust")
PROBABILITIES = ("mixup_prob", "switch_prob", "re_prob", "label_smoothing", "drop_path_rate",
                 "crop_min_scale")
NON_NEGATIVE = ("mix_up", "cutmix", "color_jitter", "base_lr", "warmup_lr", "min_lr",
                "warmup_length", "weight_decay", "mixup_off_epoch", "save_every_steps",
                "eval_every_epochs", "clip_global_norm_value")


def expand_path(path):
    """``${REPO_ROOT}`` → this repository's root, ``~`` and $VARS expanded."""
    path = str(path).replace("${REPO_ROOT}", REPO_ROOT)
    return os.path.expanduser(os.path.expandvars(path))


def check_values(args):
    """ValueError naming the key for a value out of its range or set."""
    for key, allowed in CHOICES.items():
        if getattr(args, key) not in allowed:
            raise ValueError("%s: %r is not one of %s" % (key, getattr(args, key), ", ".join(allowed)))
    for key in POSITIVE:
        if getattr(args, key) <= 0:
            raise ValueError("%s must be positive, got %r" % (key, getattr(args, key)))
    for key in PROBABILITIES:
        if not 0.0 <= getattr(args, key) <= 1.0:
            raise ValueError("%s must be in [0, 1], got %r" % (key, getattr(args, key)))
    for key in NON_NEGATIVE:
        if getattr(args, key) < 0:
            raise ValueError("%s must not be negative, got %r" % (key, getattr(args, key)))
    if not 0.0 < args.crop_pct <= 1.0:
        raise ValueError("crop_pct must be in (0, 1], got %r" % args.crop_pct)
    if args.re_count != 1:
        raise ValueError("re_count: only 1 erased box per image is supported, got %r" % args.re_count)
    if len(args.beta) != 2 or not all(0.0 <= b < 1.0 for b in args.beta):
        raise ValueError("beta must be two numbers in [0, 1), got %r" % (args.beta,))


def parse_config(defaults, argv, description, help_text):
    """Namespace of the settings (see src/args.py); ValueError naming a bad key or value."""
    args = parse_with_config(defaults, argv, description, config_flag="--ddr_config",
                             help=help_text)
    check_values(args)
    args.data_url = expand_path(args.data_url)
    args.ckpt_dir = expand_path(args.ckpt_dir)
    if args.pretrained:
        args.pretrained = expand_path(args.pretrained)
    return args
