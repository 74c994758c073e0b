"""Checkpoint folders: network weights, Adam state, trainer state and the options they were made
with, written atomically; fine-tuning loads weights only, --resume restores everything."""
import json
import os
import re
import shutil

import numpy as np
import paddle

from model_io import load_state
from utils import atomic_save

STATE_FILE = "trainer_state.json"
OPTS_FILE = "opt.json"
OPTIMIZER_FILE = "adam.pdopt"
STEP_PREFIX = "step_"
# options a resumed run must share with the run it continues (shapes, data order, losses)
RESUME_KEYS = ("height", "width", "batch_size", "frame_ids", "use_stereo", "num_layers", "scales",
               "pose_model_type", "pose_model_input", "predictive_mask", "seed", "v1_multiscale",
               "avg_reprojection", "disable_automasking", "no_ssim", "learning_rate",
               "scheduler_step_size")
# Paddle names Adam's state "<parameter name>_<accumulator>_<n>"
_ACCUMULATOR = re.compile(r"^(.*)_((?:moment1|moment2|beta1_pow_acc|beta2_pow_acc)_\d+)$")


def _write_json(obj, path):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=2)
    os.replace(tmp, path)


def parameter_names(models):
    """Paddle's creation-order parameter name (conv2d_17.w_0) -> '<model>/<structured name>'."""
    return {p.name: "{}/{}".format(m, k) for m, model in models.items()
            for k, p in model.named_parameters()}


def portable_optimizer_state(optimizer, models):
    """Adam state keyed by structured names, so it loads into a process that created its
    parameters in another order."""
    names = parameter_names(models)
    out = {}
    for k, v in optimizer.state_dict().items():
        m = _ACCUMULATOR.match(k)
        out[names[m.group(1)] + "@" + m.group(2) if m and m.group(1) in names else k] = v
    return out


def load_portable_optimizer_state(optimizer, models, state, path):
    back = {stable: auto for auto, stable in parameter_names(models).items()}
    out = {}
    for k, v in state.items():
        if "@" in k:
            stable, acc = k.split("@", 1)
            if stable not in back:
                raise ValueError("{}: optimizer state for unknown parameter {}".format(path, stable))
            k = back[stable] + "_" + acc
        out[k] = v
    optimizer.set_state_dict(out)


def save_checkpoint(folder, models, optimizer, trainer_state, opts, meta):
    """One complete checkpoint folder; every file is written to a temporary name first."""
    os.makedirs(folder, exist_ok=True)
    for name, model in models.items():
        state = dict(model.state_dict())
        if name == "encoder":
            state.update({k: np.array(v) for k, v in meta.items()})
        atomic_save(state, os.path.join(folder, name + ".pdparams"))
    atomic_save(portable_optimizer_state(optimizer, models), os.path.join(folder, OPTIMIZER_FILE))
    _write_json(opts, os.path.join(folder, OPTS_FILE))
    _write_json(trainer_state, os.path.join(folder, STATE_FILE))  # last: marks it complete


def prune_step_checkpoints(models_dir, keep):
    """Keep the newest ``keep`` step_<n> folders."""
    steps = sorted((int(d[len(STEP_PREFIX):]), d) for d in os.listdir(models_dir)
                   if d.startswith(STEP_PREFIX) and d[len(STEP_PREFIX):].isdigit())
    for _, d in steps[:max(len(steps) - keep, 0)]:
        shutil.rmtree(os.path.join(models_dir, d), ignore_errors=True)


def load_weights(models, folder, names, log):
    """Fine-tuning: network weights only (optimizer, epoch and schedule start fresh)."""
    folder = os.path.expanduser(folder)
    if not os.path.isdir(folder):
        raise FileNotFoundError("--load_weights_folder not found: {}".format(folder))
    log("-> loading weights from {} ({}); training starts at epoch 0".format(
        folder, ", ".join(n for n in names if n in models)))
    for name in names:
        if name in models:
            load_state(models[name], os.path.join(folder, name + ".pdparams"))


def read_resume_state(folder, opts):
    """trainer_state.json of a checkpoint, after checking it was made with compatible options."""
    folder = os.path.expanduser(folder)
    state_file = os.path.join(folder, STATE_FILE)
    if not os.path.isfile(state_file):
        raise FileNotFoundError("--resume {}: no {} there (not a complete checkpoint folder; "
                                "use --load_weights_folder to fine-tune from weights)".format(
                                    folder, STATE_FILE))
    try:
        with open(state_file) as f:
            state = json.load(f)
        with open(os.path.join(folder, OPTS_FILE)) as f:
            saved = json.load(f)
        for key in ("next_epoch", "next_batch", "step", "best_val", "lr_epoch"):
            state[key]
    except (OSError, ValueError, KeyError) as e:
        raise ValueError("--resume {}: unreadable checkpoint ({})".format(folder, e))
    diff = ["--{} {} (checkpoint: {})".format(k, opts.get(k), saved.get(k))
            for k in RESUME_KEYS if k in saved and saved.get(k) != opts.get(k)]
    if diff:
        raise ValueError("--resume {} was made with other options: {}; resume with the same "
                         "options or fine-tune with --load_weights_folder".format(folder, "; ".join(diff)))
    return state


def restore(models, optimizer, folder):
    """Weights and Adam state of a checkpoint folder (after read_resume_state)."""
    for name, model in models.items():
        load_state(model, os.path.join(folder, name + ".pdparams"))
    path = os.path.join(folder, OPTIMIZER_FILE)
    if not os.path.isfile(path):
        raise FileNotFoundError("--resume {}: {} missing".format(folder, OPTIMIZER_FILE))
    load_portable_optimizer_state(optimizer, models, paddle.load(path), path)
