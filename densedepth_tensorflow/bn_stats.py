"""BatchNorm statistics re-estimation ("precise BN") before evaluation and saving.

Keras BatchNormalization keeps moving averages with momentum 0.99: after a few hundred
training steps (a short run, or a few epochs of fine-tuning) they still hold mostly their
initial values (mean 0, variance 1), so inference-mode predictions saturate while the
training-mode network is fine. Keras has no pass that recomputes them, so this module
runs the network in training mode over some training batches, pools every BatchNorm input's
mean and variance over all those pixels, and writes them into the moving statistics.
"""
import logging

import numpy as np
import tensorflow as tf

LOG = logging.getLogger("densedepth")


def batchnorm_layers(model):
    return [layer for layer in model.layers
            if isinstance(layer, tf.keras.layers.BatchNormalization)]


def _moment_tensors(layers):
    """Per layer: channel means of x and x**2 over batch and space (float64 sums later)."""
    outs = []
    for layer in layers:
        x = tf.cast(layer.input, tf.float32)
        axes = list(range(x.shape.ndims - 1))
        outs.append(tf.reduce_mean(x, axes))
        outs.append(tf.reduce_mean(tf.square(x), axes))
    return outs


def reestimate(model, batches, session=None):
    """Set every BatchNorm layer's moving mean/variance to the pooled statistics of its input
    over ``batches`` (an iterable of float32 input arrays, RGB / 255), the network running in
    training mode. Returns the number of images used; 0 leaves the model unchanged."""
    layers = batchnorm_layers(model)
    if not layers:
        return 0
    sess = session or tf.compat.v1.keras.backend.get_session()
    if getattr(model, "_bn_moment_tensors", None) is None:  # built once per model
        model._bn_moment_tensors = _moment_tensors(layers)
    fetches = model._bn_moment_tensors
    phase = tf.keras.backend.learning_phase()
    # Inside a distribution strategy's fit, Keras fixes the learning phase to the Python int 1
    # (training): there is nothing to feed then, and the graph already runs in training mode.
    feed_phase = tf.is_tensor(phase)
    if not feed_phase and not phase:
        LOG.warning("BatchNorm re-estimation skipped: the learning phase is fixed to inference")
        return 0
    sums = [np.zeros(int(t.shape[-1]), np.float64) for t in fetches]
    images = 0
    for batch in batches:
        feed = {model.input: batch}
        if feed_phase:
            feed[phase] = True
        values = sess.run(fetches, feed)
        n = len(batch)
        for acc, value in zip(sums, values):
            acc += n * value
        images += n
    if images == 0:
        return 0
    assignments = []
    for i, layer in enumerate(layers):
        mean = sums[2 * i] / images
        var = np.maximum(sums[2 * i + 1] / images - mean ** 2, 0.0)
        assignments += [(layer.moving_mean, mean.astype(np.float32)),
                        (layer.moving_variance, var.astype(np.float32))]
    tf.keras.backend.batch_set_value(assignments)
    LOG.info("BatchNorm statistics re-estimated on %d training images (%d layers)",
             images, len(layers))
    return images
