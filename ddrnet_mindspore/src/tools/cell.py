"""Mixed precision for the training network (float16 with BatchNorm in float32 on Ascend/GPU)."""
from mindspore_common.runtime import mixed_precision


def cast_amp(net, args, target, log=print):
    """(net, fp16): AMP at args.amp_level on Ascend/GPU, float32 on CPU (logged either way).

    keep_bn_fp32 is always honoured: the shared helper never runs BatchNorm in float16.
    """
    return mixed_precision(net, args.amp_level, target, log=log)
