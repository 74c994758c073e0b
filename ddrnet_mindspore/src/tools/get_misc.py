"""Factories train.py wires together: device/ranks, model, datasets, starting weights, resume."""
import hashlib

import mindspore.dataset as ds
import mindspore_common.runtime as runtime
from mindspore_common.checkpoint import find_resume, load_into

from src.data import create_dataset_imagenet
from src.models import get_model as _model_by_arch

# settings that do not change what a run computes: a resumed run may differ in these
RUN_CONTROL = ("device_target", "device_id", "num_parallel_workers", "data_url", "ckpt_dir",
               "keep_checkpoint_max", "save_every_steps", "resume", "exact_resume",
               "eval_every_epochs", "log_every", "pretrained", "file_format", "eval_resize",
               "crop_pct", "mode")


def set_device(args, log=print):
    """(device target, rank, group size); data parallel when launched by msrun / a rank table."""
    target = runtime.setup_context(args.device_target, args.device_id, args.mode, log=log)
    if args.run_distribute or runtime.launched_distributed():
        rank, size = runtime.setup_distributed()
        log("data parallel: rank %d of %d" % (rank, size))
    else:
        rank, size = 0, 1
    return target, rank, size


def get_model(args):
    return _model_by_arch(args.arch, args.num_classes, args.drop_path_rate)


def get_dataset(args, training=True, rank=0, group_size=1):
    return create_dataset_imagenet(args.data_url, args, training=training, rank=rank,
                                   group_size=group_size)


def recipe_settings(args, world_size):
    """What a checkpoint records: every setting that changes the computation."""
    settings = {k: v for k, v in vars(args).items() if k not in RUN_CONTROL and k != "ddr_config"}
    settings["world_size"] = int(world_size)
    return settings


def load_pretrained(args, net, log=print):
    """Start from ``args.pretrained`` (weights only: step 0, fresh optimizer)."""
    if args.pretrained:
        load_into(net, args.pretrained, "pretrained checkpoint")
        log("weights: %s (fine-tuning from step 0)" % args.pretrained)


def resume(args, train_net, train_data, prefix, settings, log=print):
    """Global step to start from: that of the newest checkpoint of this run (0 if none).

    The train network (weights, optimizer state, loss scale) is loaded from it and the data
    pipeline positioned at that step; with exact_resume the pipeline replays the skipped steps
    so that shuffling and random augmentation continue as in an uninterrupted run.
    """
    if not args.resume:
        return 0
    path, meta = find_resume(args.ckpt_dir, prefix, settings)
    if path is None:
        return 0
    load_into(train_net, path, "resume checkpoint")
    step = int(meta["step"])
    ds.config.set_fast_recovery(not args.exact_resume)
    train_data.set_init_step(step)
    log("resume: %s, continuing at step %d (weights, optimizer and loss scale restored)"
        % (path, step))
    return step


def weights_fingerprint(net):
    """sha1 of the trainable weights: equal on every rank when data parallelism kept them in sync."""
    digest = hashlib.sha1()
    for p in net.trainable_params():
        digest.update(p.asnumpy().tobytes())
    return digest.hexdigest()
