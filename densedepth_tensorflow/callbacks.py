"""Keras callbacks: learning-rate schedules, progress logging, checkpoints, step/time caps."""
import logging
import time

import tensorflow as tf

LOG = logging.getLogger("densedepth")
PLATEAU_FIELDS = ("wait", "best", "cooldown_counter")


def exp_decay_schedule(base_lr, gamma=0.9):
    """lr * gamma ** epoch (the Ascend port's schedule)."""
    return lambda epoch, lr=None: float(base_lr * gamma ** epoch)


def lr_callback(kind, base_lr, monitor="val_loss"):
    if kind == "exp":
        return tf.keras.callbacks.LearningRateScheduler(exp_decay_schedule(base_lr))
    if kind == "plateau":  # upstream DenseDepth's schedule, on the validation loss as upstream
        return tf.keras.callbacks.ReduceLROnPlateau(monitor=monitor, factor=0.7, patience=5,
                                                    min_lr=9e-5, min_delta=1e-2)
    raise ValueError("--lr_schedule must be 'exp' or 'plateau', got %r" % kind)


def lr_state(model, schedule):
    """What a checkpoint stores of the schedule: current lr (+ the plateau counters)."""
    state = {"lr": float(tf.keras.backend.get_value(model.optimizer.lr))}
    if isinstance(schedule, tf.keras.callbacks.ReduceLROnPlateau):
        state["plateau"] = {k: float(getattr(schedule, k)) for k in PLATEAU_FIELDS}
    return state


class RestoreState(tf.keras.callbacks.Callback):
    """On resume: optimizer variables, current lr and plateau counters, put back once Keras
    has built the optimizer (and after ReduceLROnPlateau's own reset at train begin)."""

    def __init__(self, variables_fn, values, state, schedule):
        super(RestoreState, self).__init__()
        self.variables_fn, self.values, self.state, self.schedule = variables_fn, values, state, schedule

    def on_train_begin(self, logs=None):
        if self.state is None:  # done at the first fit() of this run
            return
        if self.values is not None:
            variables = self.variables_fn(self.model.optimizer)
            if len(variables) != len(self.values):
                raise ValueError("checkpoint optimizer state has %d arrays, this optimizer %d: "
                                 "made on another device path? use --weights_only"
                                 % (len(self.values), len(variables)))
            tf.keras.backend.batch_set_value(list(zip(variables, self.values)))
            LOG.info("restored optimizer state (%d arrays)", len(self.values))
        tf.keras.backend.set_value(self.model.optimizer.lr, self.state["lr"])
        for key, value in self.state.get("plateau", {}).items():
            setattr(self.schedule, key, value)
        self.state = None


class ProgressLogger(tf.keras.callbacks.Callback):
    """Logs loss, images/s and ETA every ``every`` steps (and the first) and at epoch end."""

    def __init__(self, counter, total_steps, batch_size, every=20):
        super(ProgressLogger, self).__init__()
        self.counter, self.total, self.batch_size, self.every = counter, total_steps, batch_size, every

    def on_train_begin(self, logs=None):
        self.start, self.first = time.time(), self.counter.global_step

    def on_batch_end(self, batch, logs=None):
        done = self.counter.global_step - self.first
        if done != 1 and self.counter.global_step % self.every and self.counter.global_step != self.total:
            return
        elapsed = time.time() - self.start
        eta = (self.total - self.counter.global_step) * elapsed / max(done, 1)
        LOG.info("epoch %d step %d/%d (total %d/%d) loss %.4f  %.2f img/s  %.0f ms/step  ETA %dm%02ds",
                 self.counter.epoch + 1, self.counter.step, self.counter.steps_per_epoch,
                 self.counter.global_step, self.total, float((logs or {}).get("loss", float("nan"))),
                 done * self.batch_size / max(elapsed, 1e-9), 1000.0 * elapsed / max(done, 1),
                 eta // 60, eta % 60)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        extra = "  val_loss %.4f" % logs["val_loss"] if "val_loss" in logs else ""
        LOG.info("epoch %d done: loss %.4f%s lr %.3g", epoch + 1, float(logs.get("loss", float("nan"))),
                 extra, float(tf.keras.backend.get_value(self.model.optimizer.lr)))


class StepCounter(tf.keras.callbacks.Callback):
    """Global optimizer step, epoch and step within the epoch; stops training at a step cap
    (DEPTHZOO_MAX_STEPS) or a time cap (DEPTHZOO_TIME_LIMIT seconds)."""

    def __init__(self, steps_per_epoch, global_step=0, max_steps=None, time_limit=None):
        super(StepCounter, self).__init__()
        self.steps_per_epoch, self.global_step = steps_per_epoch, global_step
        self.max_steps, self.time_limit = max_steps, time_limit
        self.stopped = None

    @property
    def epoch(self):
        return (self.global_step - 1) // self.steps_per_epoch if self.global_step else 0

    @property
    def step(self):
        return self.global_step - self.epoch * self.steps_per_epoch

    def on_train_begin(self, logs=None):
        if self.time_limit is not None and getattr(self, "deadline", None) is None:
            self.deadline = time.time() + self.time_limit
        elif self.time_limit is None:
            self.deadline = None

    def on_batch_end(self, batch, logs=None):
        self.global_step += 1
        if self.max_steps is not None and self.global_step >= self.max_steps:
            self.stopped = "DEPTHZOO_MAX_STEPS=%d reached" % self.max_steps
        elif self.deadline is not None and time.time() >= self.deadline:
            self.stopped = "DEPTHZOO_TIME_LIMIT=%gs reached" % self.time_limit
        if self.stopped:
            self.model.stop_training = True


class Checkpointer(tf.keras.callbacks.Callback):
    """Saves through ``save_fn()`` every ``every_steps`` steps (0: never mid-epoch), at every
    epoch end and when a cap stops training. Every worker writes (its own folder)."""

    def __init__(self, counter, save_fn, every_steps=0):
        super(Checkpointer, self).__init__()
        self.counter, self.save_fn, self.every_steps = counter, save_fn, every_steps
        self.saved_at = None

    def _save(self):
        if self.saved_at != self.counter.global_step:
            self.save_fn()
            self.saved_at = self.counter.global_step

    def on_batch_end(self, batch, logs=None):
        if self.counter.stopped or (self.every_steps and self.counter.global_step % self.every_steps == 0):
            self._save()

    def on_epoch_end(self, epoch, logs=None):
        self._save()
