"""Ascend NPU glue in one place. ``npu_bridge`` is optional: without it the same graph runs
on CPU/GPU and the log says which path is used."""
import logging

import tensorflow as tf

LOG = logging.getLogger("densedepth")

try:  # Ascend TF adapter (only on Ascend machines)
    from npu_bridge.estimator import npu_ops  # noqa: F401  (registers NPU ops)
    from npu_bridge.npu_init import (NPULossScaleOptimizer, ExponentialUpdateLossScaleManager,
                                     NPUDistributedOptimizer, RewriterConfig)
    HAVE_NPU = True
except ImportError:
    HAVE_NPU = False

PRECISION_MODES = ("allow_fp32_to_fp16", "force_fp16", "allow_mix_precision", "must_keep_origin_dtype")
IMPL_MODES = ("high_precision", "high_performance")


def device_path():
    """'npu', 'gpu' or 'cpu': the path this process trains on."""
    if HAVE_NPU:
        return "npu"
    if tf.config.experimental.list_physical_devices("GPU"):
        return "gpu"
    return "cpu"


def session_config(precision_mode="allow_mix_precision", op_select_implmode="high_precision",
                   hcom_parallel=False, path=None):
    """tf.ConfigProto; on Ascend it carries the NpuOptimizer custom optimizer.

    On CPU Grappler's graph optimisation is switched off: for DenseNet-169's training graph
    it costs over a minute before the first step and gains little on CPU. GPU keeps it
    (the mixed-precision rewrite is a Grappler pass).
    """
    if precision_mode not in PRECISION_MODES:
        raise ValueError("--precision_mode must be one of %s, got %r" % (PRECISION_MODES, precision_mode))
    if op_select_implmode not in IMPL_MODES:
        raise ValueError("--op_select_implmode must be one of %s, got %r" % (IMPL_MODES, op_select_implmode))
    config = tf.compat.v1.ConfigProto(allow_soft_placement=True)
    if HAVE_NPU:
        custom_op = config.graph_options.rewrite_options.custom_optimizers.add()
        custom_op.name = "NpuOptimizer"
        custom_op.parameter_map["use_off_line"].b = True
        custom_op.parameter_map["precision_mode"].s = tf.compat.as_bytes(precision_mode)
        custom_op.parameter_map["op_select_implmode"].s = tf.compat.as_bytes(op_select_implmode)
        custom_op.parameter_map["hcom_parallel"].b = bool(hcom_parallel)
        config.graph_options.rewrite_options.remapping = RewriterConfig.OFF
        config.graph_options.rewrite_options.memory_optimization = RewriterConfig.OFF
    elif (path or device_path()) == "cpu":
        config.graph_options.rewrite_options.disable_meta_optimizer = True
    return config


def use_session(path, precision_mode="allow_mix_precision", op_select_implmode="high_precision",
                hcom_parallel=False):
    """Make Keras use a session configured for ``path``; returns it."""
    sess = tf.compat.v1.Session(config=session_config(precision_mode, op_select_implmode,
                                                      hcom_parallel, path))
    tf.compat.v1.keras.backend.set_session(sess)
    return sess


def make_optimizer(lr, path, is_loss_scale=True, is_distributed=False, epsilon=1e-7):
    """Adam for the given path.

    npu: tf.train Adam (+ NPUDistributedOptimizer) + NPULossScaleOptimizer with
         ExponentialUpdateLossScaleManager(2**32, 500, 2, 2.0, 0.8); mixed precision comes from
         --precision_mode in the session config.
    gpu: Keras Adam under TF 1.15's mixed-precision graph rewrite with dynamic loss scale.
    cpu: Keras Adam in fp32.
    """
    if path == "npu":
        opt = tf.compat.v1.train.AdamOptimizer(learning_rate=lr, epsilon=epsilon)
        if is_distributed:
            opt = NPUDistributedOptimizer(opt)
        if is_loss_scale:
            manager = ExponentialUpdateLossScaleManager(init_loss_scale=2 ** 32, incr_every_n_steps=500,
                                                        decr_every_n_nan_or_inf=2, incr_ratio=2.0,
                                                        decr_ratio=0.8)
            opt = NPULossScaleOptimizer(opt, manager, is_distributed=is_distributed)
        LOG.info("precision: Ascend NPU, precision_mode from session config, loss scale %s",
                 "on" if is_loss_scale else "off")
        return opt
    opt = tf.keras.optimizers.Adam(learning_rate=lr, epsilon=epsilon)
    if path == "gpu":
        opt = tf.compat.v1.train.experimental.enable_mixed_precision_graph_rewrite(opt, "dynamic")
        LOG.info("precision: GPU mixed precision graph rewrite, dynamic loss scale")
    else:
        LOG.info("precision: CPU float32 (no mixed precision on CPU)")
    return opt


def log_path(path):
    if path == "npu":
        LOG.info("npu_bridge found: training on Ascend NPU")
    else:
        LOG.info("npu_bridge not importable: running the same graph on %s", path.upper())


def configure_distributed_sessions(path):
    """Sessions that Keras creates itself under MultiWorkerMirroredStrategy get the same
    config as single-process runs (on CPU: Grappler off).

    TF 1.15 builds those sessions from keras.backend.get_default_session_config(), which has
    no public setter, so it is replaced here.
    """
    from tensorflow.python.keras import backend as keras_backend

    def default_config():
        return session_config(path=path)
    keras_backend.get_default_session_config = default_config
