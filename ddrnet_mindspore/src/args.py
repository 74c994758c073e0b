"""Every setting of train.py / eval.py / export.py: its default and what it means (one place).

A yaml file given with ``--ddr_config`` overrides the defaults, ``--key value`` flags override
the yaml; a key that is not listed here is an error naming it (src/configs/parser.py).
"""
import sys

# (default, help) per key; the seed README's keys first, in its order
SETTINGS = {
    # ===== architecture ===== #
    "arch": ("DDRNet23", "DDRNet23 | DDRNet23slim | DDRNet39"),
    # ===== dataset ===== #
    "data_url": ("./data/imagenet", "dataset root holding train/<class>/ and val/<class>/ "
                 "(${REPO_ROOT} expands to the repository root)"),
    "set": ("ImageNet", "dataset kind (ImageFolder layout)"),
    "num_classes": (1000, "number of classes; the dataset may not have more class folders"),
    "mix_up": (0.8, "Mixup alpha (Beta(alpha, alpha) mixing weight); 0 turns Mixup off"),
    "cutmix": (1.0, "CutMix alpha; 0 turns CutMix off"),
    "color_jitter": (0.4, "brightness/contrast/saturation jitter; as in timm, only applied when "
                     "auto_augment is empty"),
    "auto_augment": ("rand-m9-mstd0.5-inc1", "RandAugment policy string (timm syntax); '' = off"),
    "interpolation": ("bicubic", "resize interpolation: bicubic | bilinear | nearest"),
    "re_prob": (0.25, "random erasing probability per image (0 = off)"),
    "re_mode": ("pixel", "random erasing fill: pixel (per-pixel normal noise) | const (zeros)"),
    "re_count": (1, "random erasing: erased boxes per image (only 1 is supported)"),
    "mixup_prob": (1.0, "probability that a batch is mixed at all"),
    "switch_prob": (0.5, "probability of CutMix instead of Mixup when both are on"),
    "mixup_mode": ("batch", "mixing granularity (only 'batch': one weight and box per batch)"),
    "mixup_off_epoch": (0.0, "stop mixing from this epoch on (0 = mix in every epoch)"),
    "image_size": (224, "training crop / evaluation input size"),
    "crop_min_scale": (0.08, "random-resized crop: smallest crop, as a share of the image area"),
    "crop_pct": (0.875, "evaluation: the shorter side is resized to image_size / crop_pct"),
    "eval_resize": ("crop", "evaluation resize: crop (shorter side + centre crop, timm) | "
                    "square (the model-zoo port: resize straight to image_size x image_size)"),
    # ===== learning-rate policy ===== #
    "optimizer": ("momentum", "momentum (SGD, Nesterov with use_nesterov) | adamw"),
    "use_nesterov": (True, "Nesterov momentum"),
    "base_lr": (0.1, "peak learning rate for a global batch of 256; scaled linearly by "
                "batch_size x devices / 256"),
    "warmup_lr": (0.000001, "learning rate at step 0 of the warm-up (also scaled)"),
    "min_lr": (0.00001, "final learning rate of the cosine schedule (also scaled)"),
    "lr_scheduler": ("cosine_lr", "cosine_lr | multistep_lr | constant_lr"),
    "warmup_length": (10, "warm-up epochs (linear, per step)"),
    "lr_adjust": (30, "multistep_lr: multiply by lr_gamma every lr_adjust epochs"),
    "lr_gamma": (0.1, "multistep_lr decay factor"),
    # ===== network training ===== #
    "amp_level": ("O2", "mixed precision on Ascend/GPU (BatchNorm kept float32); CPU stays float32"),
    "keep_bn_fp32": (True, "keep BatchNorm in float32 under AMP (always on: O2 does it)"),
    "beta": ([0.9, 0.999], "AdamW betas"),
    "eps": (1e-8, "AdamW epsilon"),
    "clip_global_norm_value": (5.0, "global gradient-norm clip threshold"),
    "clip_global_norm": (True, "clip gradients by global norm"),
    "is_dynamic_loss_scale": (True, "dynamic loss scale under AMP (step skipped on overflow)"),
    "epochs": (300, "training epochs"),
    "label_smoothing": (0.1, "label smoothing, folded into the (mixed) soft targets"),
    "loss_scale": (1024, "initial (dynamic) or fixed loss scale under AMP"),
    "weight_decay": (0.0001, "weight decay (not on BatchNorm gamma/beta and biases)"),
    "decay": (0.9, "kept for config compatibility (rmsprop decay; unused)"),
    "momentum": (0.9, "momentum"),
    "batch_size": (64, "batch size per device"),
    # ===== hardware ===== #
    "num_parallel_workers": (16, "data pipeline workers per map"),
    "device_target": ("Ascend", "Ascend | GPU | CPU | auto"),
    "device_id": (0, "device index on this machine (single-device runs)"),
    "run_distribute": (False, "data-parallel training (set by the run_distribute_train scripts)"),
    # ===== model ===== #
    "drop_path_rate": (0.1, "stochastic depth on residual branches (training only)"),
    # ===== run control (DepthZoo) ===== #
    "seed": (0, "random seed (weights, shuffling, augmentation)"),
    "pretrained": ("", "checkpoint to start from: weights only, training starts at step 0"),
    "ckpt_dir": ("./ckpt", "checkpoint folder: rank 0 writes <arch>-<epoch>_<step>.ckpt and "
                 "best_<arch>.ckpt (weights of the best validation top-1); every rank resumes from it"),
    "keep_checkpoint_max": (10, "keep this many newest step checkpoints"),
    "save_every_steps": (0, "checkpoint every N steps (0 = once per epoch)"),
    "resume": (True, "continue from the newest checkpoint in ckpt_dir (made with the same "
               "settings) with optimizer and loss-scale state"),
    "exact_resume": (False, "on resume, replay the data pipeline up to the resume step so that "
                     "shuffling and augmentation continue exactly (costs one pass over that data)"),
    "eval_every_epochs": (1, "evaluate on val every N epochs, keeping the best checkpoint "
                          "(0 = never)"),
    "log_every": (10, "log line every N steps when not on a terminal"),
    "mode": ("graph", "graph | pynative"),
    "file_format": ("MINDIR", "export.py: MINDIR | AIR | ONNX"),
}

DEFAULTS = {key: value[0] for key, value in SETTINGS.items()}
HELP = {key: "%s (default: %%(default)s)" % value[1] for key, value in SETTINGS.items()}


def parse_args(argv=None, description="DDRNet ImageNet classifier"):
    """Namespace of DEFAULTS < --ddr_config yaml < command-line flags, checked and resolved."""
    from src.configs.parser import parse_config

    return parse_config(DEFAULTS, sys.argv[1:] if argv is None else argv, description, HELP)
