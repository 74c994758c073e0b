"""Train a DDRNet ImageNet classifier: python train.py --ddr_config <config>.yaml [--key value]."""
import mindspore_common  # noqa: F401  (first: oneDNN ISA cap and quiet GLOG before mindspore loads)

import os
import sys
import warnings

from mindspore.train import Model
from mindspore_common.callbacks import CheckpointSaver, GlobalStep, ProgressMonitor, StopAt
from mindspore_common.checkpoint import prune
from mindspore_common.cli import main_guard
from mindspore_common.runtime import set_seed

from src.args import parse_args
from src.tools.callback import EvalCallback
from src.tools.cell import cast_amp
from src.tools.criterion import NetWithLoss, get_criterion
from src.tools.get_misc import (get_dataset, get_model, load_pretrained, recipe_settings, resume,
                                set_device, weights_fingerprint)
from src.tools.optimizer import get_optimizer
from src.tools.schedulers import describe_lr, get_lr
from src.trainers.train_one_step_with_scale_and_clip_global_norm import get_train_one_step


def quiet_known_warnings():
    """Known-harmless third-party warnings; DEPTHZOO_VERBOSE=1 shows them again."""
    if not mindspore_common.verbose():  # MindSpore 2.10's checkpoint writer uses Thread.getName()
        warnings.filterwarnings("ignore", message=r"getName\(\) is deprecated",
                                category=DeprecationWarning)


@main_guard
def main(argv=None):
    quiet_known_warnings()
    args = parse_args(argv)
    target, rank, world = set_device(args)
    log = print if rank == 0 else (lambda *a, **k: None)
    set_seed(args.seed)
    train_data = get_dataset(args, True, rank, world)
    val_data = get_dataset(args, False) if args.eval_every_epochs and rank == 0 else None
    steps_per_epoch = train_data.get_dataset_size()
    total_steps = steps_per_epoch * args.epochs

    net = get_model(args)
    load_pretrained(args, net, log)
    net, fp16 = cast_amp(net, args, target, log)
    lrs = get_lr(args, steps_per_epoch, world)
    log(describe_lr(args, steps_per_epoch, world))
    optimizer = get_optimizer(args, net, lrs)
    train_net = get_train_one_step(args, NetWithLoss(net, get_criterion(args)), optimizer, fp16)

    settings = recipe_settings(args, world)
    start_step = resume(args, train_net, train_data, args.arch, settings, log)
    if start_step >= total_steps:
        log("training already finished (%d steps) in %s" % (start_step, args.ckpt_dir))
        return 0

    callbacks = [GlobalStep(start_step),
                 ProgressMonitor(total_steps, args.batch_size, world, start_step, args.log_every,
                                 desc="train %s" % args.arch, rank=rank, log=log,
                                 lr_fn=lambda step: float(lrs[min(step, total_steps) - 1])),
                 CheckpointSaver(args.ckpt_dir, args.arch, args.save_every_steps or steps_per_epoch,
                                 args.keep_checkpoint_max, settings, rank)]
    if val_data is not None:
        best = os.path.join(args.ckpt_dir, "best_%s.ckpt" % args.arch)
        callbacks.append(EvalCallback(net, val_data, args.num_classes, args.eval_every_epochs,
                                      args.epochs, best, settings, rank, log))
    callbacks.append(StopAt(start_step=start_step, log=log))
    log("training %s on %s: %d images/device, %d steps/epoch, %d epochs, checkpoints in %s"
        % (args.arch, args.data_url, steps_per_epoch * args.batch_size, steps_per_epoch,
           args.epochs, args.ckpt_dir))
    Model(train_net).train(args.epochs, train_data, callbacks=callbacks, dataset_sink_mode=False,
                           initial_epoch=start_step // steps_per_epoch)
    if rank == 0:  # ModelCheckpoint counts keep_checkpoint_max per run (a resumed run saves
        # under "<prefix>_1"): bound the folder as a whole
        prune(args.ckpt_dir, args.arch, args.keep_checkpoint_max)
    if world > 1:  # every rank, so that the logs show the replicas stayed identical
        print("rank %d: trained weights sha1 %s" % (rank, weights_fingerprint(net)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
