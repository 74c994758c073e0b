"""MindSpore context: device, execution mode, data-parallel setup, mixed precision."""
import os

import numpy as np
import mindspore as ms
from mindspore import nn

MODES = {"graph": ms.GRAPH_MODE, "pynative": ms.PYNATIVE_MODE}


def setup_context(device_target="CPU", mode="graph", device_id=0):
    """Select device and execution mode (graph by default; pynative for debugging)."""
    ms.set_context(mode=MODES[mode])
    if device_target == "CPU":
        ms.set_device("CPU")
    else:
        ms.set_device(device_target, int(os.getenv("DEVICE_ID", device_id)))


def setup_distributed():
    """Initialise communication (msrun / rank table) and data parallelism; return (rank, size)."""
    from mindspore.communication import init, get_rank, get_group_size

    init()
    rank, size = get_rank(), get_group_size()
    ms.reset_auto_parallel_context()
    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True, device_num=size)
    return rank, size


def set_seed(seed):
    """Same seed on every rank gives identical initial weights; also seeds dataset shuffling."""
    import mindspore.dataset as ds

    ms.set_seed(seed)
    np.random.seed(seed)
    ds.config.set_seed(seed)


def apply_mixed_precision(net, enabled, amp_level, device_target, log=print):
    """fp16 via ``amp_level`` on Ascend/GPU; on CPU the network stays float32 (logged)."""
    if not enabled or amp_level == "O0":
        log("mixed precision: off (float32)")
        return net, False
    if device_target == "CPU":
        log("mixed precision: not used on CPU, training stays float32")
        return net, False
    net = ms.amp.auto_mixed_precision(net, amp_level)
    log("mixed precision: %s (float16 compute) on %s" % (amp_level, device_target))
    return net, True


def train_one_step_cell(net_with_loss, optimizer, fp16):
    """One optimisation step; dynamic loss scaling when computing in float16."""
    if fp16:
        scale = nn.DynamicLossScaleUpdateCell(loss_scale_value=2 ** 16, scale_factor=2, scale_window=1000)
        return nn.TrainOneStepWithLossScaleCell(net_with_loss, optimizer, scale_sense=scale)
    return nn.TrainOneStepCell(net_with_loss, optimizer)
