"""Training augmentation of the DenseDepth port: horizontal mirror and RGB channel permutation.

Both act on (rgb, target) pairs inside the tf.data pipeline of data.py; the mirror is applied to
the image and its depth target together so that they stay aligned.
"""
import tensorflow as tf


def augment(rgb, target, seed=None):
    """Mirror both images with p=0.5; permute the RGB channels with p=0.5."""
    flip = tf.random.uniform([], seed=seed) < 0.5
    rgb = tf.cond(flip, lambda: tf.reverse(rgb, [1]), lambda: rgb)
    target = tf.cond(flip, lambda: tf.reverse(target, [1]), lambda: target)
    permute = tf.random.uniform([], seed=None if seed is None else seed + 1) < 0.5
    order = tf.random.shuffle(tf.range(3), seed=None if seed is None else seed + 2)
    rgb = tf.cond(permute, lambda: tf.gather(rgb, order, axis=-1), lambda: rgb)
    return rgb, target
