"""Device paths in one place: Ascend NPU (``npu_bridge``), GPU mixed precision, CPU float32.

``npu_bridge`` is optional: without it the same graph runs on GPU/CPU and the log says which
path is used. Each path gives Keras an optimizer with an ``lr`` variable (what the learning-rate
callbacks set) and a list of state variables (what checkpoints save and resume).
"""
import logging

import tensorflow as tf
from tensorflow.core.protobuf.rewriter_config_pb2 import RewriterConfig
from tensorflow.python.keras.backend import track_tf_optimizer
from tensorflow.python.keras.optimizers import TFOptimizer
from tensorflow.python.training.experimental.loss_scale import get_loss_scale_weights

LOG = logging.getLogger("densedepth")

try:  # Ascend TF adapter (only on Ascend machines)
    from npu_bridge.estimator import npu_ops  # noqa: F401  (registers NPU ops)
    from npu_bridge.npu_init import (NPULossScaleOptimizer, ExponentialUpdateLossScaleManager,
                                     NPUDistributedOptimizer)
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
    """tf.ConfigProto for ``path``.

    npu: the NpuOptimizer custom optimizer carries the precision options.
    gpu: Grappler's auto_mixed_precision rewrite (float16 where safe).
    cpu: Grappler off: for DenseNet-169's training graph it costs over a minute before the
         first step and gains little on CPU.
    """
    if precision_mode not in PRECISION_MODES:
        raise ValueError("--precision_mode must be one of %s, got %r" % (PRECISION_MODES, precision_mode))
    if op_select_implmode not in IMPL_MODES:
        raise ValueError("--op_select_implmode must be one of %s, got %r" % (IMPL_MODES, op_select_implmode))
    path = path or device_path()
    config = tf.compat.v1.ConfigProto(allow_soft_placement=True)
    rewrite = config.graph_options.rewrite_options
    if path == "npu":
        custom_op = rewrite.custom_optimizers.add()
        custom_op.name = "NpuOptimizer"
        custom_op.parameter_map["use_off_line"].b = True
        custom_op.parameter_map["precision_mode"].s = tf.compat.as_bytes(precision_mode)
        custom_op.parameter_map["op_select_implmode"].s = tf.compat.as_bytes(op_select_implmode)
        custom_op.parameter_map["hcom_parallel"].b = bool(hcom_parallel)
        rewrite.remapping = RewriterConfig.OFF
        rewrite.memory_optimization = RewriterConfig.OFF
    elif path == "gpu":
        rewrite.auto_mixed_precision = RewriterConfig.ON
    else:
        rewrite.disable_meta_optimizer = True
    return config


def use_session(path, precision_mode="allow_mix_precision", op_select_implmode="high_precision",
                hcom_parallel=False):
    """Make Keras use a session configured for ``path``; returns it. Under
    MultiWorkerMirroredStrategy Keras merges this session's config into the sessions it
    creates, so the same call configures distributed runs."""
    sess = tf.compat.v1.Session(config=session_config(precision_mode, op_select_implmode,
                                                      hcom_parallel, path))
    tf.compat.v1.keras.backend.set_session(sess)
    return sess


class KerasTrainOptimizer(TFOptimizer):
    """A tf.train optimizer as Keras sees it, plus the ``lr`` variable it reads, so that
    Keras' LearningRateScheduler / ReduceLROnPlateau work on the Ascend path too."""

    def __init__(self, optimizer, lr_variable):
        super(KerasTrainOptimizer, self).__init__(optimizer)
        self.lr = lr_variable
        # as Keras does for the tf.train optimizers it wraps itself: lets it initialise the
        # optimizer's own variables (Adam's beta powers) in its session
        track_tf_optimizer(self)


def make_optimizer(lr, path, is_loss_scale=True, is_distributed=False, epsilon=1e-7):
    """Adam for the given path (amsgrad as upstream where the optimizer has it).

    npu: tf.train Adam (no amsgrad there) (+ NPUDistributedOptimizer) + NPULossScaleOptimizer
         with ExponentialUpdateLossScaleManager(2**32, 500, 2, 2.0, 0.8); mixed precision
         comes from --precision_mode in the session config.
    gpu: Keras Adam in a dynamic LossScaleOptimizer; the session config turns on the
         auto_mixed_precision graph rewrite.
    cpu: Keras Adam in float32.
    """
    if path == "npu":
        lr_variable = tf.keras.backend.variable(lr, name="learning_rate")
        opt = tf.compat.v1.train.AdamOptimizer(learning_rate=lr_variable, epsilon=epsilon)
        if is_distributed:
            opt = NPUDistributedOptimizer(opt)
        if is_loss_scale:
            manager = ExponentialUpdateLossScaleManager(init_loss_scale=2 ** 32, incr_every_n_steps=500,
                                                        decr_every_n_nan_or_inf=2, incr_ratio=2.0,
                                                        decr_ratio=0.8)
            opt = NPULossScaleOptimizer(opt, manager, is_distributed=is_distributed)
        LOG.info("precision: Ascend NPU, precision_mode from session config, loss scale %s",
                 "on" if is_loss_scale else "off")
        return KerasTrainOptimizer(opt, lr_variable)
    opt = tf.keras.optimizers.Adam(learning_rate=lr, epsilon=epsilon, amsgrad=True)
    if path == "gpu":
        opt = tf.keras.mixed_precision.experimental.LossScaleOptimizer(opt, "dynamic")
        LOG.info("precision: GPU mixed precision graph rewrite, dynamic loss scale")
    else:
        LOG.info("precision: CPU float32 (no mixed precision on CPU)")
    return opt


def optimizer_variables(opt):
    """The variables that hold an optimizer's state (moments, step count, loss scale), for
    every optimizer ``make_optimizer`` returns; empty before the first training step."""
    if isinstance(opt, TFOptimizer):
        return [opt.iterations] + list(opt.optimizer.variables())
    if isinstance(opt, tf.keras.mixed_precision.experimental.LossScaleOptimizer):
        inner = opt._optimizer  # the wrapper exposes no public accessor in TF 1.15
        return list(inner.variables()) + list(get_loss_scale_weights(opt.loss_scale))
    return list(opt.variables())


def log_path(path):
    if path == "npu":
        LOG.info("npu_bridge found: training on Ascend NPU")
    else:
        LOG.info("npu_bridge not importable: running the same graph on %s", path.upper())
