"""Keras callbacks: learning-rate schedules, progress logging, checkpoints and resume."""
import logging
import time

import tensorflow as tf

import checkpoint

LOG = logging.getLogger("densedepth")


def exp_decay_schedule(base_lr, gamma=0.9):
    """lr * gamma ** epoch (the Ascend port's schedule)."""
    return lambda epoch, lr=None: float(base_lr * gamma ** epoch)


def lr_callback(kind, base_lr):
    if kind == "exp":
        return tf.keras.callbacks.LearningRateScheduler(exp_decay_schedule(base_lr))
    if kind == "plateau":  # upstream DenseDepth's original schedule
        return tf.keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.7, patience=5,
                                                    min_lr=9e-5, min_delta=1e-2)
    raise ValueError("--lr_schedule must be 'exp' or 'plateau', got %r" % kind)


def should_save(epoch, epochs):
    """1-based epoch: every 5 epochs up to 10, every epoch after 10, always the last one."""
    return epoch > 10 or epoch % 5 == 0 or epoch == epochs


class ProgressLogger(tf.keras.callbacks.Callback):
    """Logs loss, images/s and ETA every ``every`` steps and at each epoch end."""

    def __init__(self, steps, epochs, batch_size, every=20, initial_epoch=0):
        super(ProgressLogger, self).__init__()
        self.steps, self.epochs, self.batch_size, self.every = steps, epochs, batch_size, every
        self.initial_epoch = initial_epoch
        self.done = 0
        self.losses = []

    def on_train_begin(self, logs=None):
        self.start = time.time()

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        self.epoch_losses = []

    def on_batch_end(self, batch, logs=None):
        self.done += 1
        loss = float((logs or {}).get("loss", float("nan")))
        self.epoch_losses.append(loss)
        if self.done % self.every == 0 or batch + 1 == self.steps:
            elapsed = time.time() - self.start
            rate = self.done * self.batch_size / max(elapsed, 1e-9)
            left = (self.epochs - self.initial_epoch) * self.steps - self.done
            eta = left * elapsed / self.done
            LOG.info("epoch %d/%d step %d/%d loss %.4f  %.2f img/s  %.0f ms/step  ETA %dm%02ds",
                     self.epoch + 1, self.epochs, batch + 1, self.steps, loss, rate,
                     1000.0 * elapsed / self.done, eta // 60, eta % 60)

    def on_epoch_end(self, epoch, logs=None):
        loss = float((logs or {}).get("loss", float("nan")))
        self.losses.append(loss)
        LOG.info("epoch %d done: loss %.4f lr %.3g", epoch + 1, loss,
                 float(tf.keras.backend.get_value(self.model.optimizer.lr)))


class EpochCheckpoint(tf.keras.callbacks.Callback):
    """Atomic checkpoint at the epochs chosen by ``should_save`` (chief worker only)."""

    def __init__(self, ckptdir, epochs, model_config, is_chief=True, on_saved=None,
                 save_optimizer=True):
        super(EpochCheckpoint, self).__init__()
        self.ckptdir, self.epochs, self.model_config = ckptdir, epochs, model_config
        self.is_chief, self.on_saved, self.save_optimizer = is_chief, on_saved, save_optimizer

    def on_epoch_end(self, epoch, logs=None):
        if not self.is_chief or not should_save(epoch + 1, self.epochs):
            return
        opt_weights = self.model.optimizer.get_weights() if self.save_optimizer else None
        checkpoint.save(self.ckptdir, self.model, epoch + 1, self.model_config, opt_weights)
        if self.on_saved is not None:
            self.on_saved(self.ckptdir, epoch + 1)


class RestoreOptimizer(tf.keras.callbacks.Callback):
    """Puts saved optimizer state back once Keras has created the optimizer slots."""

    def __init__(self, weights):
        super(RestoreOptimizer, self).__init__()
        self.weights = weights

    def on_train_begin(self, logs=None):
        if self.weights is None:
            return
        current = self.model.optimizer.get_weights()
        if len(current) != len(self.weights):
            LOG.warning("optimizer state in checkpoint has %d arrays, optimizer has %d: "
                        "restarting Adam moments", len(self.weights), len(current))
            return
        self.model.optimizer.set_weights(self.weights)
        LOG.info("restored optimizer state (%d arrays)", len(self.weights))
