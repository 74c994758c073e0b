"""One training stage (CoarseNet or FineNet) with ``Model.train`` and the shared callbacks:
resume from the newest checkpoint made with the same settings, step/time caps, keep-last-K,
and a final weights-only checkpoint that an older state never overwrites."""
import math
import os

from mindspore.train import Model

from mindspore_common import callbacks, checkpoint


class GlobalStep(callbacks.GlobalStep):
    """The shared global-step callback (resumed runs keep counting), also remembering the
    step/epoch reached so the stage can write its final checkpoint."""

    def __init__(self, start_step=0, step=0, epoch=0):
        super().__init__(start_step)
        self.step, self.epoch = step, epoch

    def on_train_step_end(self, run_context):
        cb = run_context.original_args()
        self.step, self.epoch = int(cb.cur_step_num), int(cb.cur_epoch_num)


def stage_steps(steps_per_epoch, epochs, cap):
    """Optimiser steps of a stage: all epochs, or fewer when a step cap is given (cap > 0)."""
    total = steps_per_epoch * epochs
    return min(total, cap) if cap > 0 else total


def resume_point(train_cell, ckpt_dir, prefix, settings, steps_per_epoch, resume, log, rank=0):
    """(first epoch to run, step already done) after loading the newest matching checkpoint.

    Without ``resume`` the stage starts fresh and earlier periodic checkpoints of ``prefix`` are
    removed, so that a later resume can only pick up this run. A checkpoint written mid-epoch
    resumes at the start of the next epoch (Model.train counts whole epochs).
    """
    if not resume:
        old = checkpoint.list_checkpoints(ckpt_dir, prefix) if rank == 0 else []
        for path in old:
            os.remove(path)
        if old:
            log("fresh start: removed %d earlier %s checkpoint(s) from %s (use --resume 1 to continue one)"
                % (len(old), prefix, ckpt_dir))
        return 0, 0
    path, meta = checkpoint.find_resume(ckpt_dir, prefix, settings)
    if path is None:
        log("resume: no %s checkpoint in %s, starting at step 0" % (prefix, ckpt_dir))
        return 0, 0
    checkpoint.load_into(train_cell, path, "resume checkpoint")
    epoch = math.ceil(meta["step"] / steps_per_epoch)
    log("resume: loaded %s (step %d, epoch %d), continuing at step %d"
        % (path, meta["step"], meta["epoch"], epoch * steps_per_epoch))
    return epoch, meta["step"]


def write_final(net, path, settings, step, epoch, resumed, log):
    """Weights of ``net`` to ``path`` with their record; a resumed run never replaces a newer final."""
    if resumed and os.path.isfile(path):
        old = checkpoint.read_meta(path)
        if old["step"] is not None and old["step"] >= step and old["settings"] == settings:
            log("kept %s (step %d); this run ended at step %d" % (path, old["step"], step))
            return path
    checkpoint.save_atomic(net, path, append_dict=checkpoint.meta_dict(settings, step, epoch))
    log("saved %s (step %d)" % (path, step))
    return path


def run_stage(name, prefix, net, train_cell, dataset, total, settings, opts, log):
    """Train ``train_cell`` to global step ``total``; write ``opts.final`` from ``net``; return its path.

    ``opts``: ckpt_dir, resume, save_every, keep, batch_size, world_size, rank, log_every,
    time_limit, final (a namespace).
    """
    spe = dataset.get_dataset_size()
    if spe <= 0:
        raise ValueError("the %s training set gives no full batch" % name)
    start_epoch, done_step = resume_point(train_cell, opts.ckpt_dir, prefix, settings, spe, opts.resume, log,
                                           opts.rank)
    start_step = start_epoch * spe
    last = GlobalStep(start_step, done_step, start_epoch)
    if start_step >= total:
        log("%s: already at step %d of %d, nothing to train" % (name, done_step, total))
    else:
        cbs = [last,
               callbacks.StopAt(max_steps=total - start_step, time_limit=opts.time_limit or None,
                                start_step=start_step, log=log),
               callbacks.ProgressMonitor(total, opts.batch_size, opts.world_size, start_step, opts.log_every,
                                         desc=name, rank=opts.rank, log=log),
               callbacks.CheckpointSaver(opts.ckpt_dir, prefix, opts.save_every, opts.keep, settings,
                                         rank=opts.rank)]
        Model(train_cell).train(math.ceil(total / spe), dataset, callbacks=cbs, dataset_sink_mode=False,
                                initial_epoch=start_epoch)
    return write_final(net, opts.final, settings, last.step, last.epoch, opts.resume, log)
