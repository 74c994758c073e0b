"""Top-k accuracy for classification backbones (e.g. ImageNet pre-training)."""
import numpy as np


def _check_ks(ks):
    ks = tuple(int(k) for k in ks)
    if not ks or min(ks) < 1:
        raise ValueError("ks must be a non-empty sequence of integers >= 1, got %r" % (ks,))
    return ks


def topk_correct(logits, labels, ks=(1, 5)):
    """{k: number of samples whose label is within the top k} and N.

    The label's rank is the number of other classes scoring at least as high,
    so ties count against the label (a constant output scores no better than
    chance)."""
    ks = _check_ks(ks)
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    if logits.ndim != 2 or logits.shape[0] == 0:
        raise ValueError("logits must be (N, num_classes) with N > 0, got shape %s"
                         % (logits.shape,))
    n, c = logits.shape
    if labels.shape != (n,):
        raise ValueError("labels must have shape (%d,) to match logits %s, got %s"
                         % (n, logits.shape, labels.shape))
    if labels.dtype.kind not in "iu":
        raise ValueError("labels must be integers, got dtype %s" % labels.dtype)
    if labels.min() < 0 or labels.max() >= c:
        raise ValueError("labels must lie in [0, %d), got min %d max %d"
                         % (c, labels.min(), labels.max()))
    if max(ks) > c:
        raise ValueError("k=%d is larger than the number of classes %d" % (max(ks), c))
    if not np.all(np.isfinite(logits)):
        raise ValueError("logits contain NaN or inf")
    target = logits[np.arange(n), labels][:, None]
    rank = np.count_nonzero(logits >= target, axis=1) - 1
    return {k: int(np.count_nonzero(rank < k)) for k in ks}, n


def topk_accuracy(logits, labels, ks=(1, 5)):
    """{"top1": fraction, "top5": fraction} (keys "top{k}") of one batch."""
    correct, n = topk_correct(logits, labels, ks)
    return {"top%d" % k: correct[k] / float(n) for k in correct}


class TopKAccumulator(object):
    """Streaming top-k accuracy over batches."""

    def __init__(self, ks=(1, 5)):
        self.ks = _check_ks(ks)
        self.reset()

    def reset(self):
        self.num_samples = 0
        self._correct = dict.fromkeys(self.ks, 0)

    def update(self, logits, labels):
        correct, n = topk_correct(logits, labels, self.ks)
        for k in self.ks:
            self._correct[k] += correct[k]
        self.num_samples += n

    def result(self):
        if self.num_samples == 0:
            raise ValueError("TopKAccumulator.result(): no sample was added")
        out = {"top%d" % k: self._correct[k] / float(self.num_samples) for k in self.ks}
        out["num_samples"] = self.num_samples
        return out
