"""Train MiDaS v2.1 on ReDWeb (Model.train; progress, checkpoints, resume, AMP, data parallel)."""
import mindspore_common  # noqa: F401  (caps the oneDNN ISA, quiets GLOG; before mindspore)

import os

from mindspore.train import Model
from mindspore_common.callbacks import CheckpointSaver, GlobalStep, ProgressMonitor, StopAt
from mindspore_common.checkpoint import find_resume, load_into
from mindspore_common.cli import main_guard
from mindspore_common.runtime import (mixed_precision, set_seed, setup_context, setup_distributed,
                                      train_cell)

from src.config import get_config
from src.loss import MidasWithLoss, ScaleAndShiftInvariantLoss
from src.midas_net import midas_from_config
from src.trainer import create_optimizer, lr_at, train_settings
from src.utils.loadImgDepth import create_dataset
from src.weights import resolve_checkpoint


@main_guard
def main(argv=None):
    cfg = get_config(argv, "Train MiDaS v2.1 on ReDWeb")
    if cfg.is_modelarts:
        raise ValueError("--is_modelarts True: ModelArts (moxing) is not supported by this port")
    target = setup_context(cfg.device_target, cfg.device_id)
    rank, size = setup_distributed() if cfg.run_distribute else (0, 1)
    log = print if rank == 0 else (lambda *a, **k: None)
    set_seed(cfg.seed)

    data = create_dataset(cfg, rank, size)
    steps_per_epoch = data.get_dataset_size()
    total_steps = steps_per_epoch * cfg.epoch_size
    net = midas_from_config(cfg)
    if cfg.model_weights:  # fine-tuning / backbone init: weights only, a fresh run
        load_into(net, resolve_checkpoint(cfg.model_weights, "model_weights"), "--model_weights",
                  strict=False)
        log("initial weights: %s" % cfg.model_weights)
    net, fp16 = mixed_precision(net, cfg.amp_level, target, log=log)
    optimizer = create_optimizer(net, cfg, total_steps)
    train_net = train_cell(MidasWithLoss(net, ScaleAndShiftInvariantLoss()), optimizer, fp16)

    settings = train_settings(cfg, size)
    start_epoch = 0
    prefix = "Midas_%d" % rank  # every rank keeps its own checkpoints, as the model zoo did
    if cfg.resume:
        path, meta = find_resume(cfg.ckpt_dir, prefix, settings)
        if path:
            load_into(train_net, path, "resume checkpoint")
            # a run stopped mid-epoch restarts that epoch (weights, optimizer state and the lr
            # schedule position come from the checkpoint)
            start_epoch = min(meta["step"] // steps_per_epoch, cfg.epoch_size)
            log("resumed from %s (step %d, epoch %d)" % (path, meta["step"], start_epoch))
    start_step = start_epoch * steps_per_epoch
    if start_epoch >= cfg.epoch_size:
        log("nothing to do: the checkpoint in %s already finished %d epochs" % (cfg.ckpt_dir, cfg.epoch_size))
        return

    log("training on %s: %d image(s) per step x %d device(s), %d steps/epoch, epochs %d-%d, "
        "output %s" % (target, cfg.batch_size, size, steps_per_epoch, start_epoch + 1,
                       cfg.epoch_size, os.path.abspath(cfg.ckpt_dir)))
    callbacks = [GlobalStep(start_step), StopAt(start_step=start_step, log=log),
                 ProgressMonitor(total_steps, cfg.batch_size, size, start_step, cfg.log_every,
                                 "train", rank, log=print, lr_fn=lr_at(cfg, total_steps)),
                 CheckpointSaver(cfg.ckpt_dir, prefix, cfg.save_checkpoint_steps,
                                 cfg.keep_checkpoint_max, settings)]
    Model(train_net).train(cfg.epoch_size, data, callbacks=callbacks, dataset_sink_mode=False,
                           initial_epoch=start_epoch)
    log("checkpoints in %s" % os.path.abspath(cfg.ckpt_dir))


if __name__ == "__main__":
    main()
