"""Optimizer of the recipe: Momentum (Nesterov) or AdamW; no weight decay on norms and biases."""
from mindspore import nn

NO_DECAY_SUFFIXES = (".bias", ".gamma", ".beta")


def no_decay(param):
    """BatchNorm gamma/beta, biases and any other 1-d parameter are not decayed."""
    return len(param.shape) <= 1 or param.name.endswith(NO_DECAY_SUFFIXES)


def get_param_groups(network, weight_decay):
    params = network.trainable_params()
    groups = [{"params": [p for p in params if not no_decay(p)], "weight_decay": weight_decay},
              {"params": [p for p in params if no_decay(p)], "weight_decay": 0.0}]
    return [g for g in groups if g["params"]] + [{"order_params": params}]


def get_optimizer(args, network, learning_rate):
    """``learning_rate``: a per-step array (src/tools/schedulers.py) or a number."""
    groups = get_param_groups(network, args.weight_decay)
    if args.optimizer == "momentum":
        # nn.SGD rather than nn.Momentum: MindSpore 2.10's CPU ApplyMomentum kernel ignores
        # use_nesterov (measured: plain momentum updates); SGD's nesterov is exact on every device.
        return nn.SGD(groups, learning_rate, args.momentum, dampening=0.0, nesterov=args.use_nesterov)
    return nn.AdamWeightDecay(groups, learning_rate, beta1=args.beta[0], beta2=args.beta[1],
                              eps=args.eps)
