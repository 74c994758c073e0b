"""Callbacks of train.py beyond the shared ones: validation keeping the best checkpoint."""
import os

from mindspore.train import Callback
from mindspore_common.checkpoint import meta_dict, save_atomic

from src.tools.evaluation import predict, score, topk_for


def evaluate(net, dataset, num_classes):
    """top-1 (and top-5 with >= 5 classes) of ``net`` on a validation dataset, in eval mode."""
    net.set_train(False)
    try:
        metrics, _, _ = score(predict(net, dataset, log=lambda *a: None), topk_for(num_classes))
    finally:
        net.set_train(True)
    return metrics


class EvalCallback(Callback):
    """Every ``every_epochs`` epochs (and after the last): top-1/top-5 on val; the best network
    (weights only, loadable with eval.py --pretrained) goes to ``best_path`` atomically."""

    def __init__(self, net, dataset, num_classes, every_epochs, total_epochs, best_path, settings,
                 rank=0, log=print):
        super().__init__()
        self.net, self.dataset, self.num_classes = net, dataset, num_classes
        self.every, self.total = every_epochs, total_epochs
        self.best_path, self.settings, self.rank, self.log = best_path, settings, rank, log
        self.best = -1.0

    def on_train_epoch_end(self, run_context):
        cb = run_context.original_args()
        epoch = int(cb.cur_epoch_num)
        if self.rank != 0 or not (epoch % self.every == 0 or epoch == self.total):
            return
        result = evaluate(self.net, self.dataset, self.num_classes)
        line = "eval epoch %d: top-1 %.4f" % (epoch, result["top1"])
        if "top5" in result:
            line += ", top-5 %.4f" % result["top5"]
        if result["top1"] > self.best:
            self.best = result["top1"]
            meta = meta_dict(self.settings, int(cb.cur_step_num), epoch)
            meta["top1"] = float(result["top1"])
            save_atomic(self.net, self.best_path, append_dict=meta)
            line += " (best so far, saved %s)" % os.path.basename(self.best_path)
        self.log(line + " on %d images" % result["num_samples"])
