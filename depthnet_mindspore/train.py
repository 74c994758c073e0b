"""Train DepthNet: CoarseNet first, then FineNet against the frozen CoarseNet.

    python train.py --data_url ~/NYU --device_target CPU
    msrun --worker_num=2 --local_worker_num=2 train.py --data_url ~/NYU --is_distributed 1 --device_target CPU
"""
import src.cpu_isa  # noqa: F401  (sets ONEDNN_MAX_CPU_ISA before mindspore is imported)

import argparse
import os

import mindspore as ms
from mindspore import nn

from src.checkpoint import load_into, save_atomic
from src.cli import main_guard
from src.data_loader import create_train_dataset
from src.loss import CustomLoss, FineWithLossCell
from src.net import CoarseNet, FineNet
from src.runtime import apply_mixed_precision, set_seed, setup_context, setup_distributed, train_one_step_cell
from src.trainer import resume_step, run_stage


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Train DepthNet (coarse + fine) on NYU Depth v2", allow_abbrev=False)
    p.add_argument("--data_url", required=True, help="dataset root containing Train/ (and Test/)")
    p.add_argument("--train_url", default="./Model", help="output folder; checkpoints go to <train_url>/Ckpt")
    p.add_argument("--device_target", default="CPU", choices=["Ascend", "GPU", "CPU"])
    p.add_argument("--device_id", type=int, default=0)
    p.add_argument("--mode", default="graph", choices=["graph", "pynative"], help="pynative for debugging")
    p.add_argument("--is_distributed", type=int, default=0, choices=[0, 1], help="1: data parallel (msrun / rank table)")
    p.add_argument("--stage", default="both", choices=["both", "coarse", "fine"])
    p.add_argument("--epochs_coarse", type=int, default=20)
    p.add_argument("--epochs_fine", type=int, default=10)
    p.add_argument("--coarse_net_train_step", type=int, default=0, help="stop CoarseNet after this many steps (0: all epochs)")
    p.add_argument("--fine_net_train_step", type=int, default=0, help="stop FineNet after this many steps (0: all epochs)")
    p.add_argument("--time_limit_coarse", type=float, default=0, help="stop CoarseNet after this many seconds (0: none)")
    p.add_argument("--time_limit_fine", type=float, default=0, help="stop FineNet after this many seconds (0: none)")
    p.add_argument("--batch_size", type=int, default=32, help="per device")
    p.add_argument("--learning_rate_max", type=float, default=1e-4, help="CoarseNet Adam learning rate")
    p.add_argument("--learning_rate_min", type=float, default=1e-5, help="FineNet Adam learning rate")
    p.add_argument("--lr_schedule", default="constant", choices=["constant", "cosine"],
                   help="constant (upstream) or cosine decay to 0 over each stage's steps")
    p.add_argument("--coarse_ckpt_model", default="", help="frozen CoarseNet for --stage fine (default <train_url>/Ckpt/FinalCoarseNet.ckpt)")
    p.add_argument("--resume", "--continue_training", dest="resume", type=int, default=0, choices=[0, 1],
                   help="1: continue each stage from its newest periodic checkpoint")
    p.add_argument("--save_checkpoint_steps", type=int, default=1000, help="periodic checkpoint interval (steps)")
    p.add_argument("--log_every", type=int, default=10)
    p.add_argument("--mixed_precision", type=int, default=1, choices=[0, 1], help="fp16 on Ascend/GPU; CPU stays fp32")
    p.add_argument("--amp_level", default="O2", choices=["O0", "O1", "O2", "O3"])
    p.add_argument("--num_parallel_works", type=int, default=1, help="dataset worker threads")
    p.add_argument("--no_augment", action="store_true", help="disable flip / brightness / sharpness augmentation")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--quiet", action="store_true", help="no progress bar (log lines only)")
    args = p.parse_args(argv)
    for flag in ("epochs_coarse", "epochs_fine", "batch_size", "save_checkpoint_steps", "log_every"):
        if getattr(args, flag) < 0 or (flag in ("batch_size", "log_every") and getattr(args, flag) == 0):
            p.error("--%s must be positive" % flag)
    if args.is_distributed and (args.time_limit_coarse or args.time_limit_fine):
        p.error("--time_limit_* would stop ranks at different steps; use step caps with --is_distributed 1")
    if not os.path.isdir(args.data_url):
        p.error("--data_url: dataset folder not found: %s" % args.data_url)
    return args


def _loss_of(out):
    return (out[0] if isinstance(out, tuple) else out).asnumpy()


def stage_steps(dataset, epochs, cap):
    total = dataset.get_dataset_size() * epochs
    return min(total, cap) if cap > 0 else total


def learning_rate(base, schedule, total_steps):
    """A float (constant) or a per-step list (cosine decay to 0); resumed runs continue it."""
    if schedule == "constant" or total_steps < 2:
        return base
    return nn.cosine_decay_lr(0.0, base, total_steps, 1, total_steps)


def train_coarse(args, dataset, ckpt_dir, suffix, log):
    net = CoarseNet()
    net, fp16 = apply_mixed_precision(net, args.mixed_precision, args.amp_level, args.device_target, log)
    total = stage_steps(dataset, args.epochs_coarse, args.coarse_net_train_step)
    optim = nn.Adam(net.trainable_params(), learning_rate=learning_rate(args.learning_rate_max, args.lr_schedule, total))
    cell = train_one_step_cell(nn.WithLossCell(net, CustomLoss()), optim, fp16)
    cell.set_train()
    start = resume_step(cell, ckpt_dir, "CoarseNet", suffix, args.resume, log)
    run_stage("coarse net", lambda rgb, gt: _loss_of(cell(rgb, gt)), cell, dataset, total, ckpt_dir, "CoarseNet",
              suffix, start, args.save_checkpoint_steps, args.log_every, args.batch_size, log, not args.quiet,
              args.time_limit_coarse)
    final = save_atomic(net, os.path.join(ckpt_dir, "FinalCoarseNet%s.ckpt" % suffix))
    log("saved %s" % final)
    return final


def train_fine(args, dataset, ckpt_dir, suffix, coarse_ckpt, log):
    coarse = CoarseNet()
    load_into(coarse, coarse_ckpt, "CoarseNet checkpoint")
    coarse.set_train(False)
    for p in coarse.get_parameters():
        p.requires_grad = False
    net = FineNet()
    net, fp16 = apply_mixed_precision(net, args.mixed_precision, args.amp_level, args.device_target, log)
    total = stage_steps(dataset, args.epochs_fine, args.fine_net_train_step)
    optim = nn.Adam(net.trainable_params(), learning_rate=learning_rate(args.learning_rate_min, args.lr_schedule, total))
    cell = train_one_step_cell(FineWithLossCell(net, CustomLoss()), optim, fp16)
    cell.set_train()
    start = resume_step(cell, ckpt_dir, "FineNet", suffix, args.resume, log)

    def step(rgb, gt):
        return _loss_of(cell(rgb, coarse(rgb), gt))

    run_stage("fine net", step, cell, dataset, total, ckpt_dir, "FineNet", suffix, start,
              args.save_checkpoint_steps, args.log_every, args.batch_size, log, not args.quiet, args.time_limit_fine)
    final = save_atomic(net, os.path.join(ckpt_dir, "FinalFineNet%s.ckpt" % suffix))
    log("saved %s" % final)
    return final


@main_guard
def main(argv=None):
    args = parse_args(argv)
    setup_context(args.device_target, args.mode, args.device_id)
    rank, size = setup_distributed() if args.is_distributed else (0, 1)
    suffix = "_rank%d" % rank if args.is_distributed else ""

    def log(msg):
        print(("[rank %d] " % rank if args.is_distributed else "") + msg, flush=True)

    set_seed(args.seed)
    ckpt_dir = os.path.join(args.train_url, "Ckpt")
    os.makedirs(ckpt_dir, exist_ok=True)
    dataset = create_train_dataset(args.data_url, args.batch_size, rank, size, shuffle=True,
                                   augment_data=not args.no_augment, seed=args.seed,
                                   num_parallel_workers=args.num_parallel_works)
    log("device %s, mode %s, %d device(s), %d batches of %d per epoch on this rank"
        % (args.device_target, args.mode, size, dataset.get_dataset_size(), args.batch_size))
    coarse_ckpt = args.coarse_ckpt_model or os.path.join(ckpt_dir, "FinalCoarseNet%s.ckpt" % suffix)
    if args.stage in ("both", "coarse"):
        coarse_ckpt = train_coarse(args, dataset, ckpt_dir, suffix, log)
    if args.stage in ("both", "fine"):
        train_fine(args, dataset, ckpt_dir, suffix, coarse_ckpt, log)


if __name__ == "__main__":
    main()
