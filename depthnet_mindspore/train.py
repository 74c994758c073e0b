"""Train DepthNet: CoarseNet first, then FineNet against the frozen CoarseNet.

    python train.py --data_url ~/NYU --device_target CPU
    msrun --worker_num=2 --local_worker_num=2 train.py --data_url ~/NYU --is_distributed 1 --device_target CPU

Each stage runs ``Model.train`` with the shared callbacks (progress with images/s and ETA,
checkpoints that record their settings and keep the last K, step/time caps: the flags below,
DEPTHZOO_MAX_STEPS / DEPTHZOO_TIME_LIMIT, or Ctrl-C, each still writing the checkpoints).
"""
import mindspore_common  # noqa: F401  (ONEDNN_MAX_CPU_ISA / GLOG_v before mindspore is imported)

import argparse
import os
import types

from mindspore import nn

from mindspore_common import runtime
from mindspore_common.checkpoint import load_into
from mindspore_common.cli import main_guard

from src.data_loader import create_train_dataset
from src.loss import CustomLoss, FineWithLossCell
from src.net import CoarseNet, FineNet
from src.stage import run_stage, stage_steps


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Train DepthNet (coarse + fine) on NYU Depth v2", allow_abbrev=False)
    p.add_argument("--data_url", required=True, help="dataset root containing Train/ (and Test/)")
    p.add_argument("--train_url", default="./Model", help="output folder; checkpoints go to <train_url>/Ckpt")
    p.add_argument("--device_target", default="auto", choices=["auto", "Ascend", "GPU", "CPU"],
                   help="auto: Ascend, else GPU, else CPU")
    p.add_argument("--device_id", type=int, default=0, help="device to use (this flag wins over a DEVICE_ID variable)")
    p.add_argument("--mode", default="graph", choices=["graph", "pynative"], help="pynative for debugging")
    p.add_argument("--is_distributed", type=int, default=0, choices=[0, 1], help="1: data parallel (msrun / rank table)")
    p.add_argument("--stage", default="both", choices=["both", "coarse", "fine"])
    p.add_argument("--epochs_coarse", type=int, default=20)
    p.add_argument("--epochs_fine", type=int, default=10)
    p.add_argument("--coarse_net_train_step", type=int, default=0, help="stop CoarseNet after this many steps (0: all epochs)")
    p.add_argument("--fine_net_train_step", type=int, default=0, help="stop FineNet after this many steps (0: all epochs)")
    p.add_argument("--time_limit_coarse", type=float, default=0, help="stop CoarseNet after this many seconds (0: none)")
    p.add_argument("--time_limit_fine", type=float, default=0, help="stop FineNet after this many seconds (0: none)")
    p.add_argument("--batch_size", type=int, default=32, help="images per device (global batch = this x devices)")
    p.add_argument("--learning_rate_max", type=float, default=1e-4, help="CoarseNet Adam learning rate")
    p.add_argument("--learning_rate_min", type=float, default=1e-5, help="FineNet Adam learning rate")
    p.add_argument("--lr_schedule", default="constant", choices=["constant", "cosine"],
                   help="constant (upstream) or cosine decay to 0 over each stage's steps")
    p.add_argument("--coarse_ckpt_model", default="", help="frozen CoarseNet for --stage fine (default <train_url>/Ckpt/FinalCoarseNet.ckpt)")
    p.add_argument("--resume", "--continue_training", dest="resume", type=int, default=0, choices=[0, 1],
                   help="1: continue each stage from its newest checkpoint made with the same settings")
    p.add_argument("--save_checkpoint_steps", type=int, default=1000,
                   help="checkpoint interval in steps (0: only at the end of each stage)")
    p.add_argument("--keep_checkpoint_max", type=int, default=3, help="checkpoints kept per stage (newest)")
    p.add_argument("--log_every", type=int, default=10)
    p.add_argument("--mixed_precision", type=int, default=1, choices=[0, 1], help="fp16 on Ascend/GPU; CPU stays fp32")
    p.add_argument("--amp_level", default="O2", choices=["O0", "O1", "O2", "O3"])
    p.add_argument("--num_parallel_works", type=int, default=min(16, os.cpu_count() or 1),
                   help="dataset workers (upstream 16; default: min(16, CPU cores))")
    p.add_argument("--no_augment", action="store_true", help="disable flip / brightness / sharpness augmentation")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    for flag in ("batch_size", "log_every", "keep_checkpoint_max", "num_parallel_works"):
        if getattr(args, flag) < 1:
            p.error("--%s must be positive" % flag)
    for flag in ("save_checkpoint_steps", "coarse_net_train_step", "fine_net_train_step",
                 "time_limit_coarse", "time_limit_fine"):
        if getattr(args, flag) < 0:
            p.error("--%s must not be negative" % flag)
    for stage in ("coarse", "fine"):
        if args.stage in ("both", stage) and getattr(args, "epochs_" + stage) < 1:
            p.error("--epochs_%s must be at least 1 to train the %s stage (use --stage to skip a stage)"
                    % (stage, stage))
    if args.is_distributed and (args.time_limit_coarse or args.time_limit_fine):
        p.error("--time_limit_* would stop ranks at different steps; use step caps with --is_distributed 1")
    if not os.path.isdir(args.data_url):
        p.error("--data_url: dataset folder not found: %s" % args.data_url)
    return args


def learning_rate(base, schedule, total_steps):
    """A float (constant) or a per-step list (cosine decay to 0); resumed runs continue it."""
    if schedule == "constant" or total_steps < 2:
        return base
    return nn.cosine_decay_lr(0.0, base, total_steps, 1, total_steps)


def stage_settings(args, stage, lr, total, world_size, extra=None):
    """What a checkpoint records and a resume must match (not the step caps or time limits)."""
    settings = {"stage": stage, "batch_size": args.batch_size, "world_size": world_size, "learning_rate": lr,
                "lr_schedule": args.lr_schedule, "augment": not args.no_augment, "seed": args.seed,
                "data_url": os.path.abspath(args.data_url)}
    if args.lr_schedule != "constant":
        settings["total_steps"] = total  # the schedule depends on it
    settings.update(extra or {})
    return settings


def train_stage(args, stage, ctx, log):
    dataset = ctx.make_dataset()  # Model.train needs a dataset object of its own per stage
    spe = dataset.get_dataset_size()
    if stage == "coarse":
        net, lr = CoarseNet(), args.learning_rate_max
        total = stage_steps(spe, args.epochs_coarse, args.coarse_net_train_step)
        extra, time_limit = {}, args.time_limit_coarse
    else:
        net, lr = FineNet(), args.learning_rate_min
        total = stage_steps(spe, args.epochs_fine, args.fine_net_train_step)
        extra, time_limit = {"coarse_ckpt": os.path.abspath(ctx.coarse_ckpt)}, args.time_limit_fine
        coarse = CoarseNet()
        load_into(coarse, ctx.coarse_ckpt, "CoarseNet checkpoint (--coarse_ckpt_model)")
    name = "CoarseNet" if stage == "coarse" else "FineNet"
    net, fp16 = runtime.mixed_precision(net, args.amp_level if args.mixed_precision else "O0", ctx.target, log)
    optim = nn.Adam(net.trainable_params(), learning_rate=learning_rate(lr, args.lr_schedule, total))
    with_loss = nn.WithLossCell(net, CustomLoss()) if stage == "coarse" else FineWithLossCell(net, coarse, CustomLoss())
    cell = runtime.train_cell(with_loss, optim, fp16)
    cell.set_train()
    opts = types.SimpleNamespace(ckpt_dir=ctx.ckpt_dir, resume=args.resume, save_every=args.save_checkpoint_steps,
                                 keep=args.keep_checkpoint_max, batch_size=args.batch_size, world_size=ctx.size,
                                 rank=ctx.rank, log_every=args.log_every, time_limit=time_limit,
                                 final=os.path.join(ctx.ckpt_dir, "Final%s%s.ckpt" % (name, ctx.suffix)))
    settings = stage_settings(args, stage, lr, total, ctx.size, extra)
    return run_stage("%s net" % stage, name, net, cell, dataset, total, settings, opts, log)


@main_guard
def main(argv=None):
    args = parse_args(argv)
    rank_prefix = []

    def log(msg):
        print("".join(rank_prefix) + msg, flush=True)

    target = runtime.setup_context(None if args.device_target == "auto" else args.device_target,
                                   args.device_id, args.mode, log)
    rank, size = runtime.setup_distributed() if args.is_distributed else (0, 1)
    if args.is_distributed:
        rank_prefix.append("[rank %d] " % rank)
    runtime.set_seed(args.seed)
    ckpt_dir = os.path.join(args.train_url, "Ckpt")
    os.makedirs(ckpt_dir, exist_ok=True)

    def make_dataset():
        return create_train_dataset(args.data_url, args.batch_size, rank, size, shuffle=True,
                                    augment_data=not args.no_augment, seed=args.seed,
                                    num_parallel_workers=args.num_parallel_works)

    dataset = make_dataset()
    log("%d device(s), %d batches of %d per epoch on this rank (global batch %d), %d data workers"
        % (size, dataset.get_dataset_size(), args.batch_size, args.batch_size * size, args.num_parallel_works))
    suffix = "_rank%d" % rank if args.is_distributed else ""
    ctx = types.SimpleNamespace(target=target, rank=rank, size=size, suffix=suffix, ckpt_dir=ckpt_dir,
                                make_dataset=make_dataset,
                                coarse_ckpt=args.coarse_ckpt_model or os.path.join(ckpt_dir, "FinalCoarseNet%s.ckpt" % suffix))
    if args.stage in ("both", "coarse"):
        ctx.coarse_ckpt = train_stage(args, "coarse", ctx, log)
    if args.stage in ("both", "fine"):
        train_stage(args, "fine", ctx, log)


if __name__ == "__main__":
    main()
