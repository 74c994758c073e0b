"""Evaluate a DDRNet checkpoint on an ImageFolder validation set: top-1/top-5 of every image.

    python eval.py --device_id 0 --device_target CPU --ddr_config src/configs/ddrnet23_imagenet_cpu.yaml \
        --pretrained ckpt_cpu/ckpt_0/DDRNet23slim.ckpt [--report eval_report.json]

Preprocessing: shorter side to image_size/crop_pct (bicubic) + centre crop (--eval_resize crop),
or the model-zoo port's straight resize to image_size x image_size (--eval_resize square).
"""
import mindspore_common  # noqa: F401  (first: oneDNN ISA cap and quiet logs before mindspore)

import os

from mindspore_common.cli import main_guard
from mindspore_common.runtime import setup_context

from src.data.imagenet import class_folders, create_dataset_imagenet
from src.tools.entry_args import parse_entry_args
from src.tools.evaluation import (class_counts, constant_logits, predict, score, topk_for,
                                  write_eval_report)
from src.tools.network import load_network

EVAL_KEYS = {
    "report": ("eval_report.json", "common_metrics report written here"),
    "dataset_name": ("imagenet", "dataset name recorded in the report"),
    "baseline_report": ("", "also write the constant-class (chance) baseline's report here"),
    "picture": ("", "also write a picture of the first val images with their predictions"),
}


def evaluate(args, log=print):
    """Score --pretrained on data_url/val; write the report(s); return the metrics."""
    setup_context(args.device_target, args.device_id, args.mode, log=log)
    net = load_network(args.arch, args.num_classes, args.pretrained)
    folder, classes = class_folders(args.data_url, "val", args.num_classes)
    dataset = create_dataset_imagenet(args.data_url, args, training=False)
    ks = topk_for(args.num_classes)
    metrics, logits, labels = score(predict(net, dataset, log), ks)
    log("%s on %s val (%d images): %s" % (args.arch, args.data_url, metrics["num_samples"],
        ", ".join("top%d %.4f" % (k, metrics["top%d" % k]) for k in ks)))
    write_eval_report(args.report, args, metrics, args.pretrained)
    log("wrote %s" % args.report)
    if args.baseline_report:
        train_dir = os.path.join(args.data_url, "train")
        counts = (class_counts(train_dir, classes) if os.path.isdir(train_dir)
                  else class_counts(folder, classes))
        base, _, _ = score([(constant_logits(counts, len(labels)), labels)], ks)
        write_eval_report(args.baseline_report, args, base, None,
                          model="constant class (chance)", extra={"baseline_of": args.arch})
        log("baseline (constant class): top1 %.4f -> %s" % (base["top1"], args.baseline_report))
    if args.picture:
        save_picture(args, dataset, classes, logits, labels)
        log("wrote %s" % args.picture)
    return metrics


def save_picture(args, dataset, classes, logits, labels, count=8):
    """Picture of `count` val images spread over the (class-ordered) set."""
    import numpy as np
    from src.tools.picture import save_class_panel

    picks = sorted(set(np.linspace(0, len(labels) - 1, count).round().astype(int)))
    images, index = [], 0
    for batch, _ in dataset.create_tuple_iterator(num_epochs=1, output_numpy=True):
        images.extend(batch[i - index] for i in picks if index <= i < index + len(batch))
        index += len(batch)
    top1 = float((logits.argmax(1) == labels).mean())
    save_class_panel(args.picture, images, logits[picks], labels[picks], classes,
                     "%s, %s val: top-1 %.3f on %d images" % (args.arch, args.dataset_name, top1, len(labels)))


@main_guard
def main(argv=None):
    args = parse_entry_args(argv, EVAL_KEYS, "Evaluate DDRNet on an ImageFolder validation set")
    return evaluate(args)


if __name__ == "__main__":
    main()
