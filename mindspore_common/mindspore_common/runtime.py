"""Device selection, execution mode, data parallelism, mixed precision, the train-step cell."""
import os

import numpy as np
import mindspore as ms
from mindspore import nn, ops

DEVICES = ("Ascend", "GPU", "CPU")
MODES = {"graph": ms.GRAPH_MODE, "pynative": ms.PYNATIVE_MODE}
_DEVICE_SET = []  # (target, device_id) once set_device has been called in this process


def _available(target):
    """Whether this MindSpore build and machine can run on ``target``."""
    if target == "CPU":
        return True
    from mindspore import device_context
    module = getattr(device_context, target.lower())
    try:
        return bool(module.is_available())
    except Exception:  # a build without that backend raises instead of answering False
        return False


def resolve_device(requested=None):
    """``requested`` checked against the machine; None/"auto": Ascend, else GPU, else CPU."""
    if requested in (None, "", "auto", "None"):
        return next(t for t in DEVICES if _available(t))
    canon = {t.lower(): t for t in DEVICES}.get(str(requested).lower())
    if canon is None:
        raise ValueError("--device_target %r: expected one of %s" % (requested, ", ".join(DEVICES)))
    if not _available(canon):
        have = ", ".join(t for t in DEVICES if _available(t))
        raise ValueError("--device_target %s: this MindSpore install/machine has no %s backend "
                         "(available: %s)" % (canon, canon, have))
    return canon


def setup_context(device_target=None, device_id=0, mode="graph", log=print):
    """Select device and execution mode; return the device target in use (logged)."""
    target = resolve_device(device_target)
    if mode not in MODES:
        raise ValueError("mode %r: expected one of %s" % (mode, ", ".join(MODES)))
    ms.set_context(mode=MODES[mode])
    # MindSpore refuses a second set_device once it has run anything: same device again is a
    # no-op (tests, several stages in one process), another device is a clear error.
    wanted = (target, 0 if target == "CPU" else int(device_id))
    if _DEVICE_SET and _DEVICE_SET[0] != wanted:
        raise ValueError("this process already runs on %s %d; cannot switch to %s %d"
                         % (_DEVICE_SET[0] + wanted))
    if not _DEVICE_SET:
        try:
            if target == "CPU":
                ms.set_device("CPU")
            else:
                ms.set_device(target, int(device_id))
        except RuntimeError:  # kernels already ran (library use): fine if on that device
            if ms.get_context("device_target") != target:
                raise ValueError("MindSpore already runs on %s in this process; cannot switch "
                                 "to %s" % (ms.get_context("device_target"), target))
        _DEVICE_SET.append(wanted)
    log("device: %s%s, %s mode" % (target, "" if target == "CPU" else " %d" % int(device_id), mode))
    return target


def launched_distributed():
    """True when this process was started by msrun or with an Ascend rank table."""
    return any(os.environ.get(k) for k in ("MS_ROLE", "RANK_TABLE_FILE", "MINDSPORE_HCCL_CONFIG_PATH"))


def setup_distributed():
    """Initialise communication and data parallelism (gradients averaged); return (rank, size)."""
    if not launched_distributed():
        raise ValueError("distributed training needs a launcher: msrun on CPU/GPU "
                         "(scripts/run_distribute_train*.sh) or RANK_TABLE_FILE on Ascend")
    from mindspore.communication import get_group_size, get_rank, init

    init()
    rank, size = get_rank(), get_group_size()
    ms.reset_auto_parallel_context()
    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True,
                                 device_num=size)
    return rank, size


def set_seed(seed):
    """Same seed on every rank: identical initial weights; also seeds dataset shuffling."""
    import mindspore.dataset as ds

    ms.set_seed(seed)
    np.random.seed(seed)
    ds.config.set_seed(seed)


def mixed_precision(net, amp_level, target, log=print):
    """float16 compute with BatchNorm kept float32 on Ascend/GPU; float32 on CPU (logged)."""
    level = str(amp_level or "O0").upper()
    if level not in ("O0", "O1", "O2", "O3"):
        raise ValueError("amp_level %r: expected O0, O1, O2 or O3" % amp_level)
    if level == "O0":
        log("mixed precision: off (float32)")
        return net, False
    if target == "CPU":
        log("mixed precision: %s requested, but CPU training stays float32" % level)
        return net, False
    if level == "O3":  # O3 would run BatchNorm in float16 too; the recipes keep it float32
        log("mixed precision: O3 requested; using O2 (BatchNorm kept float32)")
        level = "O2"
    net = ms.amp.auto_mixed_precision(net, level)
    log("mixed precision: %s on %s (float16 compute, BatchNorm float32, dynamic loss scale)"
        % (level, target))
    return net, True


_grad_scale = ops.MultitypeFuncGraph("grad_scale")


@_grad_scale.register("Tensor", "Tensor")
def _unscale(scale, grad):
    return grad * ops.cast(ops.Reciprocal()(scale), ops.dtype(grad))


class TrainStep(nn.TrainOneStepWithLossScaleCell):
    """One optimiser step: loss scaling, overflow check, optional global-norm clip.

    MindSpore's TrainOneStepWithLossScaleCell has no gradient clipping; this adds it between
    unscaling and the update. On overflow the update is skipped (the weights stay) and the
    dynamic scale shrinks. Returns (loss, overflow, scale).
    """

    def __init__(self, network, optimizer, scale_sense, clip_norm=None):
        super().__init__(network, optimizer, scale_sense)
        self.clip = clip_norm is not None
        self.clip_norm = float(clip_norm) if clip_norm is not None else 1.0
        # MindSpore's overflow check uses Ascend status registers unless the target is GPU; on
        # CPU (tests, and fp16 forced on CPU) the gradients are checked for inf/nan directly.
        self.on_cpu = ms.get_context("device_target") == "CPU"
        self.is_finite = ops.IsFinite()

    def start_overflow_check(self, pre_cond, compute_input):
        if self.on_cpu:
            return ops.zeros((), ms.float32), compute_input
        return super().start_overflow_check(pre_cond, compute_input)

    def get_overflow_status(self, status, compute_output):
        if self.on_cpu:
            bad = [ops.logical_not(self.is_finite(g)).any() for g in compute_output]
            overflow = ops.stack(bad).any()
            return self.allreduce(overflow.astype(ms.float32)) > 0 if self.reducer_flag else overflow
        return super().get_overflow_status(status, compute_output)

    def construct(self, *inputs):
        loss = self.network(*inputs)
        scaling_sens = self.scale_sense
        status, scaling_sens = self.start_overflow_check(loss, scaling_sens)
        sens = ops.ones_like(loss) * ops.cast(scaling_sens, ops.dtype(loss))
        grads = self.grad(self.network, self.weights)(*inputs, sens)
        grads = self.hyper_map(ops.partial(_grad_scale, scaling_sens), grads)
        grads = self.grad_reducer(grads)
        cond = self.get_overflow_status(status, grads)
        overflow = self.process_loss_scale(cond)
        if self.clip:
            grads = ops.clip_by_global_norm(grads, self.clip_norm)
        if not overflow:
            loss = ops.depend(loss, self.optimizer(grads))
        return loss, cond, scaling_sens


def train_cell(net_with_loss, optimizer, fp16, clip_norm=None, loss_scale=2 ** 16):
    """The train-step cell: dynamic loss scale in float16, fixed scale 1 in float32."""
    if fp16:
        scale = nn.DynamicLossScaleUpdateCell(loss_scale_value=float(loss_scale), scale_factor=2,
                                              scale_window=1000)
        return TrainStep(net_with_loss, optimizer, scale, clip_norm)
    if clip_norm is None:
        return nn.TrainOneStepCell(net_with_loss, optimizer)
    return TrainStep(net_with_loss, optimizer, ms.Tensor(1.0, ms.float32), clip_norm)


def _env_number(name, kind):
    text = os.environ.get(name, "").strip()
    if not text:
        return None
    try:
        value = kind(text)
    except ValueError:
        raise ValueError("environment variable %s=%r: expected a positive number" % (name, text))
    if value <= 0:
        raise ValueError("environment variable %s=%r: expected a positive number" % (name, text))
    return value


def max_steps_from_env():
    """DEPTHZOO_MAX_STEPS: stop training after this many optimiser steps (None: no cap)."""
    return _env_number("DEPTHZOO_MAX_STEPS", int)


def time_limit_from_env():
    """DEPTHZOO_TIME_LIMIT: stop training after this many seconds (None: no limit)."""
    return _env_number("DEPTHZOO_TIME_LIMIT", float)
