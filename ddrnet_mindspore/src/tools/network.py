"""The network of a config in inference mode, with weights from a checkpoint (eval/export/bench)."""
from mindspore_common.checkpoint import load_into

from src.models import get_model


def load_network(arch, num_classes, ckpt, what="--pretrained"):
    """get_model(arch, num_classes) with every parameter loaded from `ckpt`, in eval mode.

    A training checkpoint (optimizer state, loss scale, settings) loads too: only the network's
    parameters are taken. Missing or mis-shaped ones raise ValueError naming file and parameter.
    """
    if not ckpt:
        raise ValueError("%s: a checkpoint is required (a training .ckpt, or one made by "
                         "src/tools/pth2ckpt.py from the official .pth)" % what)
    net = get_model(arch, num_classes)
    load_into(net, ckpt, what)
    net.set_train(False)
    return net
