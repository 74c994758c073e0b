"""Stand-in ``npu_bridge.npu_init``: loss scaling and distributed wrappers that pass through."""
import tensorflow as tf
from tensorflow.core.protobuf.rewriter_config_pb2 import RewriterConfig  # noqa: F401  (re-exported like the adapter)

CALLS = []


class ExponentialUpdateLossScaleManager(object):
    def __init__(self, init_loss_scale, incr_every_n_steps, decr_every_n_nan_or_inf=2,
                 incr_ratio=2.0, decr_ratio=0.8):
        self.settings = dict(init_loss_scale=init_loss_scale, incr_every_n_steps=incr_every_n_steps,
                             decr_every_n_nan_or_inf=decr_every_n_nan_or_inf,
                             incr_ratio=incr_ratio, decr_ratio=decr_ratio)
        CALLS.append(("manager", self.settings))


class _PassThrough(tf.compat.v1.train.Optimizer):
    def __init__(self, opt, name):
        super(_PassThrough, self).__init__(use_locking=False, name=name)
        self._opt = opt

    def compute_gradients(self, *args, **kwargs):
        return self._opt.compute_gradients(*args, **kwargs)

    def apply_gradients(self, *args, **kwargs):
        return self._opt.apply_gradients(*args, **kwargs)

    def variables(self):
        return self._opt.variables()


class NPULossScaleOptimizer(_PassThrough):
    def __init__(self, opt, loss_scale_manager, is_distributed=False):
        super(NPULossScaleOptimizer, self).__init__(opt, "NPULossScaleOptimizer")
        CALLS.append(("loss_scale", is_distributed))


class NPUDistributedOptimizer(_PassThrough):
    def __init__(self, opt):
        super(NPUDistributedOptimizer, self).__init__(opt, "NPUDistributedOptimizer")
