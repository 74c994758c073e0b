"""DenseDepth training loss: SSIM + image-gradient (edge) + weighted L1 on DepthNorm targets."""
import tensorflow as tf

MIN_DEPTH = 10.0      # centimetres (0.1 m)
MAX_DEPTH = 1000.0    # centimetres (10 m)


def depth_norm(depth, max_depth=MAX_DEPTH, min_depth=MIN_DEPTH):
    """DepthNorm: max_depth / depth, with depth first clipped to [min_depth, max_depth].

    The clip keeps invalid (zero) depth from turning into inf/NaN targets.
    """
    return max_depth / tf.clip_by_value(depth, min_depth, max_depth)


def depth_loss_function(y_true, y_pred, theta=0.1, max_depth_val=MAX_DEPTH / 10.0):
    """Scalar loss = mean(clip((1 - SSIM) / 2, 0, 1)) + mean(edge diff) + theta * mean|pred - true|.

    ``max_depth_val`` is the SSIM dynamic range (1000 / 10 as upstream).
    """
    y_true = tf.cast(y_true, tf.float32)
    y_pred = tf.cast(y_pred, tf.float32)
    l_depth = tf.reduce_mean(tf.abs(y_pred - y_true))
    dy_true, dx_true = tf.image.image_gradients(y_true)
    dy_pred, dx_pred = tf.image.image_gradients(y_pred)
    l_edges = tf.reduce_mean(tf.abs(dy_pred - dy_true) + tf.abs(dx_pred - dx_true))
    ssim = tf.image.ssim(y_true, y_pred, max_val=max_depth_val)
    l_ssim = tf.reduce_mean(tf.clip_by_value((1.0 - ssim) * 0.5, 0.0, 1.0))
    return l_ssim + l_edges + theta * l_depth
