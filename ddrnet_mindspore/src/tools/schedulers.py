"""Per-step learning-rate schedules (a NumPy array with one value per optimiser step)."""
import math

import numpy as np


def lr_scale(batch_size, world_size):
    """Linear scaling rule: the configured rates are for a global batch of 256."""
    return batch_size * world_size / 256.0


def _warmup(warmup_lr, base_lr, warmup_steps, step):
    return warmup_lr + (base_lr - warmup_lr) * step / float(warmup_steps)


def cosine_lr(base_lr, warmup_lr, min_lr, warmup_steps, total_steps):
    """Linear warm-up warmup_lr → base_lr, then half a cosine base_lr → min_lr at the last step."""
    lrs = np.empty(total_steps, np.float32)
    decay_steps = max(total_steps - warmup_steps, 1)
    for step in range(total_steps):
        if step < warmup_steps:
            lrs[step] = _warmup(warmup_lr, base_lr, warmup_steps, step)
        else:
            t = (step - warmup_steps) / float(max(decay_steps - 1, 1))
            lrs[step] = min_lr + 0.5 * (base_lr - min_lr) * (1.0 + math.cos(math.pi * t))
    return lrs


def multistep_lr(base_lr, warmup_lr, warmup_steps, total_steps, steps_per_epoch, every_epochs, gamma):
    """Warm-up, then base_lr x gamma^(epoch // every_epochs)."""
    lrs = np.empty(total_steps, np.float32)
    for step in range(total_steps):
        if step < warmup_steps:
            lrs[step] = _warmup(warmup_lr, base_lr, warmup_steps, step)
        else:
            lrs[step] = base_lr * gamma ** (step // steps_per_epoch // every_epochs)
    return lrs


def get_lr(args, steps_per_epoch, world_size=1):
    """The per-step schedule the settings describe, rates scaled by batch_size x devices / 256."""
    scale = lr_scale(args.batch_size, world_size)
    base, warm, low = args.base_lr * scale, args.warmup_lr * scale, args.min_lr * scale
    total = steps_per_epoch * args.epochs
    warmup_steps = min(int(round(args.warmup_length * steps_per_epoch)), total)
    if args.lr_scheduler == "cosine_lr":
        return cosine_lr(base, warm, low, warmup_steps, total)
    if args.lr_scheduler == "multistep_lr":
        return multistep_lr(base, warm, warmup_steps, total, steps_per_epoch, args.lr_adjust,
                            args.lr_gamma)
    return np.full(total, base, np.float32)


def describe_lr(args, steps_per_epoch, world_size=1):
    """One log line: how the peak rate follows from the settings (the scaling rule made visible)."""
    return ("learning rate: base %g x batch %d x devices %d / 256 = %g peak, %s, %d warm-up steps"
            % (args.base_lr, args.batch_size, world_size,
               args.base_lr * lr_scale(args.batch_size, world_size), args.lr_scheduler,
               int(round(args.warmup_length * steps_per_epoch))))
