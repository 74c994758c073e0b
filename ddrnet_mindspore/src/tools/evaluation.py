"""Scoring a classifier on the validation pipeline: every image, top-1/top-5 via common_metrics,
the constant-class baseline, and the report (common_metrics.report)."""
import os
import sys
import time

import numpy as np
from common_metrics.classification import TopKAccumulator
from common_metrics.report import write_report

MODEL_NAME = "ddrnet_mindspore"


def topk_for(num_classes):
    """(1, 5), or (1,) when there are fewer than 5 classes (top-5 would be meaningless)."""
    return (1, 5) if num_classes >= 5 else (1,)


def predict(net, dataset, log=print, log_every=20):
    """Yield (logits, labels) numpy batches of `dataset` with images/s and ETA (bar on a TTY)."""
    import mindspore as ms

    total = dataset.get_dataset_size()
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm
        bar = tqdm(total=total, desc="eval", unit="batch", file=sys.stderr, dynamic_ncols=True)
    start, seen = time.time(), 0
    for step, (images, labels) in enumerate(dataset.create_tuple_iterator(num_epochs=1, output_numpy=True), 1):
        logits = net(ms.Tensor(images)).asnumpy()
        if not np.isfinite(logits).all():
            raise ValueError("the network produced NaN/inf logits at batch %d (broken checkpoint?)" % step)
        seen += len(labels)
        if bar is not None:
            bar.update(1)
        elif step == 1 or step % log_every == 0 or step == total:
            rate = seen / max(time.time() - start, 1e-9)
            eta = (total - step) * (time.time() - start) / step
            log("eval batch %d/%d | %.1f img/s, ETA %ds" % (step, total, rate, eta))
        yield logits, labels
    if bar is not None:
        bar.close()


def score(batches, ks):
    """TopKAccumulator result over (logits, labels) batches, plus the stacked logits/labels."""
    acc = TopKAccumulator(ks)
    all_logits, all_labels = [], []
    for logits, labels in batches:
        acc.update(logits, labels)
        all_logits.append(logits)
        all_labels.append(labels)
    if not all_labels:
        raise ValueError("the validation set yielded no images")
    return acc.result(), np.concatenate(all_logits), np.concatenate(all_labels)


def class_counts(folder, classes):
    """Images per class folder (for the constant-class baseline)."""
    return np.array([len(os.listdir(os.path.join(folder, c))) for c in classes], np.int64)


def constant_logits(train_counts, n):
    """n identical rows ranking the classes by training frequency (ties: lower index first).

    The best constant prediction: its top-1 is the share of the most frequent class, i.e. chance
    on a balanced set. Scores are distinct so that ties never decide a rank.
    """
    order = sorted(range(len(train_counts)), key=lambda c: (-train_counts[c], c))
    row = np.zeros(len(train_counts), np.float32)
    row[order] = -np.arange(len(order), dtype=np.float32)
    return np.tile(row, (n, 1))


def write_eval_report(path, args, metrics, checkpoint, model=MODEL_NAME, extra=None):
    """common_metrics report of an ImageNet-style evaluation under args' resize protocol."""
    crop = ("square %d" % args.image_size if args.eval_resize == "square" else
            "shorter side %d + centre crop %d" % (int(args.image_size / args.crop_pct), args.image_size))
    info = {"arch": args.arch, "eval_resize": args.eval_resize, "image_size": args.image_size,
            "crop_pct": args.crop_pct, "interpolation": args.interpolation}
    info.update(extra or {})
    return write_report(path, model=model, framework="mindspore", dataset=args.dataset_name,
                        split="val", metrics=metrics, protocol={"crop": crop}, checkpoint=checkpoint,
                        task="classification", extra=info)
