"""The train-step cell of the recipe: loss scale, global-norm clip, update skipped on overflow."""
import mindspore as ms
from mindspore_common.runtime import TrainStep, train_cell


def get_train_one_step(args, net_with_loss, optimizer, fp16):
    """Dynamic (is_dynamic_loss_scale) or fixed loss scale under float16; scale 1 in float32.

    Overflowing gradients (inf/NaN) never reach the weights in either precision.
    """
    clip = args.clip_global_norm_value if args.clip_global_norm else None
    if fp16 and not args.is_dynamic_loss_scale:
        return TrainStep(net_with_loss, optimizer, ms.Tensor(float(args.loss_scale), ms.float32), clip)
    if not fp16:  # keep the overflow check (a NaN batch must not reach the weights)
        return TrainStep(net_with_loss, optimizer, ms.Tensor(1.0, ms.float32), clip)
    return train_cell(net_with_loss, optimizer, fp16, clip_norm=clip, loss_scale=args.loss_scale)
