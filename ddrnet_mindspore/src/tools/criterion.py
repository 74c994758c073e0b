"""Loss of the recipe: cross entropy against soft (mixed, smoothed) targets, and the loss cell."""
import mindspore as ms
from mindspore import nn, ops


class SoftTargetCrossEntropy(nn.Cell):
    """mean over the batch of sum_k -target_k * log_softmax(logits)_k (computed in float32)."""

    def __init__(self):
        super().__init__()
        self.log_softmax = nn.LogSoftmax(axis=-1)

    def construct(self, logits, target):
        logits = ops.cast(logits, ms.float32)
        target = ops.cast(target, ms.float32)
        return ops.mean(ops.sum(-target * self.log_softmax(logits), -1))


class NetWithLoss(nn.Cell):
    """network + criterion → scalar loss (what the train-step cell differentiates)."""

    def __init__(self, network, criterion):
        super().__init__(auto_prefix=False)
        self.network, self.criterion = network, criterion

    def construct(self, image, target):
        return self.criterion(self.network(image), target)


def get_criterion(args):
    """The recipe's loss: label smoothing and mixing already live in the targets (src/data)."""
    return SoftTargetCrossEntropy()
