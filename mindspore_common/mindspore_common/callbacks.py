"""Callbacks for ``Model.train``: progress with images/s and ETA, checkpoints, step/time caps."""
import json
import math
import signal
import sys
import time

import numpy as np
from mindspore.train import Callback, CheckpointConfig, ModelCheckpoint

from .checkpoint import prune
from .runtime import max_steps_from_env, time_limit_from_env


def _loss_value(outputs):
    """The loss of a train step's outputs (a Tensor, or a tuple starting with it)."""
    if isinstance(outputs, (tuple, list)):
        outputs = outputs[0]
    value = outputs.asnumpy() if hasattr(outputs, "asnumpy") else np.asarray(outputs)
    return float(np.mean(value))


def _clock(seconds):
    seconds = int(max(0, seconds))
    return "%d:%02d:%02d" % (seconds // 3600, seconds % 3600 // 60, seconds % 60)


class GlobalStep(Callback):
    """Continue the global step count of a resumed run.

    MindSpore 2.10's ``Model.train(initial_epoch=e)`` restarts ``cur_step_num`` at 0; put this
    callback first so that every later callback (and the recorded checkpoint step) sees the
    global step.
    """

    def __init__(self, start_step):
        super().__init__()
        self.start_step = int(start_step)

    def on_train_begin(self, run_context):
        run_context.original_args().cur_step_num = self.start_step


class ProgressMonitor(Callback):
    """Loss, learning rate, images/s and ETA: a tqdm bar on a terminal, log lines otherwise.

    ``total_steps`` is the global step at which training ends; ``start_step`` where it
    (re)started. A NaN/inf loss stops training with a ValueError naming the step.
    """

    def __init__(self, total_steps, batch_size, world_size=1, start_step=0, log_every=10,
                 desc="train", rank=0, log=print, lr_fn=None, stream=None):
        super().__init__()
        self.total, self.start = int(total_steps), int(start_step)
        self.images_per_step = int(batch_size) * int(world_size)
        self.log_every, self.desc, self.rank, self.log, self.lr_fn = log_every, desc, rank, log, lr_fn
        self.stream = stream or sys.stderr
        self.bar = None
        self.last_loss = None
        self.t1 = None

    def on_train_begin(self, run_context):
        self.t0 = time.time()
        if self.rank == 0 and self.stream.isatty():
            from tqdm import tqdm
            self.bar = tqdm(total=self.total, initial=self.start, desc=self.desc, unit="step",
                            file=self.stream, dynamic_ncols=True)

    def on_train_step_end(self, run_context):
        cb = run_context.original_args()
        step = int(cb.cur_step_num)
        loss = _loss_value(cb.net_outputs)
        self.last_loss = loss
        if not math.isfinite(loss):
            raise ValueError("training loss became %s at step %d (learning rate too high, or bad "
                             "data?)" % (loss, step))
        if self.rank != 0:
            return
        done = step - self.start
        now = time.time()
        if done <= 1 or self.t1 is None:  # the first step includes graph compilation
            self.t1 = now
            elapsed, counted = max(now - self.t0, 1e-9), max(done, 1)
        else:
            elapsed, counted = max(now - self.t1, 1e-9), done - 1
        ips = counted * self.images_per_step / elapsed
        eta = (self.total - step) * elapsed / counted
        eta_text = "estimating" if self.t1 == now else _clock(eta)  # step 1 includes compiling
        lr = "" if self.lr_fn is None else " lr %.3g" % self.lr_fn(step)
        if self.bar is not None:
            self.bar.set_postfix_str("loss %.4f%s %.1f img/s" % (loss, lr, ips), refresh=False)
            self.bar.update(step - self.bar.n)
        elif done == 1 or step % self.log_every == 0 or step >= self.total:
            self.log("%s step %d/%d epoch %d loss %.5f%s | %.1f img/s, ETA %s"
                     % (self.desc, step, self.total, cb.cur_epoch_num, loss, lr, ips, eta_text))

    def on_train_end(self, run_context):
        if self.bar is not None:
            self.bar.close()
        if self.rank == 0:
            cb = run_context.original_args()
            self.log("%s finished at step %d in %s" % (self.desc, int(cb.cur_step_num),
                                                       _clock(time.time() - self.t0)))


class StopAt(Callback):
    """Stop cleanly after ``max_steps`` global steps, ``time_limit`` seconds, Ctrl-C or SIGTERM.

    Defaults come from DEPTHZOO_MAX_STEPS / DEPTHZOO_TIME_LIMIT. The stop happens after the
    current step; checkpoint callbacks then write their final checkpoint as usual.
    """

    def __init__(self, max_steps=None, time_limit=None, start_step=0, log=print):
        super().__init__()
        env_steps, env_time = max_steps_from_env(), time_limit_from_env()
        caps = [v for v in (max_steps, env_steps) if v]
        self.max_steps = min(caps) if caps else None
        limits = [v for v in (time_limit, env_time) if v]
        self.time_limit = min(limits) if limits else None
        self.start_step, self.log = start_step, log
        self.interrupted = False
        self._old_handler = None

    def _on_sigint(self, signum, frame):
        if self.interrupted:  # second Ctrl-C: stop now
            raise KeyboardInterrupt
        self.interrupted = True
        self.log("Ctrl-C: stopping after this step (press again to abort at once)")

    def _install(self):
        # MindSpore's runtime turns Ctrl-C into SIGTERM (and msrun forwards SIGTERM to its
        # workers), so both signals mean "stop after this step".
        try:
            return (signal.signal(signal.SIGINT, self._on_sigint),
                    signal.signal(signal.SIGTERM, self._on_sigint))
        except ValueError:  # not the main thread
            return None

    def on_train_begin(self, run_context):
        self.t0 = time.time()
        self._old_handler = self._install()

    def on_train_step_begin(self, run_context):
        # MindSpore's runtime and dataset engine install their own signal handling once the
        # graph and pipeline start (the process would end with SIGTERM, no checkpoint): take
        # it back before every step (a cheap call).
        self._install()

    def on_train_step_end(self, run_context):
        step = int(run_context.original_args().cur_step_num)
        why = None
        if self.interrupted:
            why = "interrupted"
        elif self.max_steps and step - self.start_step >= self.max_steps:
            why = "step cap %d reached (DEPTHZOO_MAX_STEPS / max_steps)" % self.max_steps
        elif self.time_limit and time.time() - self.t0 >= self.time_limit:
            why = "time limit %.0f s reached (DEPTHZOO_TIME_LIMIT / time_limit)" % self.time_limit
        if why:
            self.log("stopping at step %d: %s" % (step, why))
            run_context.request_stop()

    def on_train_end(self, run_context):
        if self._old_handler is not None:
            signal.signal(signal.SIGINT, self._old_handler[0])
            signal.signal(signal.SIGTERM, self._old_handler[1])


class _NoOp(Callback):
    """Stands in for rank-0-only callbacks on the other ranks."""


class _BoundedModelCheckpoint(ModelCheckpoint):
    """ModelCheckpoint whose keep-last-K spans runs, without per-run graph files.

    ModelCheckpoint renames its prefix to ``<prefix>_1`` when the folder already holds
    checkpoints (a resumed run) and counts ``keep_checkpoint_max`` per prefix, so resumed runs
    would pile up files; after each save the whole folder is pruned by recorded step instead.
    The ``-graph.meta`` file it writes once per run is not needed to resume and is skipped.
    """

    def __init__(self, prefix, directory, config, keep):
        super().__init__(prefix=prefix, directory=directory, config=config)
        self._graph_saved = True
        self._base_prefix, self._keep = prefix, keep

    def _save_ckpt(self, cb_params, force_to_save=False):
        super()._save_ckpt(cb_params, force_to_save)
        prune(self._directory, self._base_prefix, self._keep)


def CheckpointSaver(ckpt_dir, prefix, every_steps, keep, settings, rank=0, save_on_end=True):
    """MindSpore's ModelCheckpoint, configured the DepthZoo way.

    Saves the whole train network (weights, optimizer moments, loss scale) every
    ``every_steps`` steps and at the end of training, through a temporary file (MindSpore
    renames it into place), keeps the ``keep`` newest across runs, and records ``settings``
    (JSON), the global step and the epoch in each file (read back by ``checkpoint.read_meta``).
    Only rank 0 writes. ``save_on_end`` is kept for symmetry: ModelCheckpoint always saves the
    last step.
    """
    if rank != 0:
        return _NoOp()
    keep = max(1, int(keep))
    config = CheckpointConfig(save_checkpoint_steps=max(1, int(every_steps or 10 ** 9)),
                              keep_checkpoint_max=keep,
                              append_info=["epoch_num", "step_num",
                                           {"meta_settings": json.dumps(settings, sort_keys=True)}])
    return _BoundedModelCheckpoint(prefix, ckpt_dir, config, keep)
