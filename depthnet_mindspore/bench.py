"""CPU speed of DepthNet at 228x304: training images/s (coarse, fine), inference latency (batch 1),
and the training data loader's images/s, which must stay >= 2x the model's (the loader never the
bottleneck).

    python bench.py --out reports/bench_depthnet_mindspore.md [--batch_size 4 --steps 5 --runs 10]
    python bench.py --data_url ~/NYU --num_parallel_works 4   # loader on real files (default: 24
                                                              # generated 480x640 NYU-layout images)
"""
import mindspore_common  # noqa: F401  (ONEDNN_MAX_CPU_ISA / GLOG_v before mindspore is imported)

import argparse
import os
import platform
import tempfile
import time

import numpy as np
import mindspore as ms
from mindspore import nn
from common_metrics.atomic import atomic_write_text

from mindspore_common.runtime import setup_context
from mindspore_common.timing import timed

from src.data_loader import create_train_dataset
from src.loss import CustomLoss, FineWithLossCell
from src.net import INPUT_HW, OUTPUT_HW, CoarseNet, FineNet


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="DepthNet CPU benchmark", allow_abbrev=False)
    p.add_argument("--out", default="", help="markdown file for the results table")
    p.add_argument("--batch_size", type=int, default=4)
    p.add_argument("--steps", type=int, default=5, help="timed training steps (after 2 warm-up steps)")
    p.add_argument("--runs", type=int, default=10, help="timed inference runs (after 2 warm-up runs)")
    p.add_argument("--device_target", default="CPU", choices=["Ascend", "GPU", "CPU"])
    p.add_argument("--data_url", default="", help="NYU root with Train/ for the loader figure (default: generated)")
    p.add_argument("--num_parallel_works", type=int, default=min(16, os.cpu_count() or 1), help="loader workers")
    p.add_argument("--loader_batches", type=int, default=12, help="timed loader batches (after 2 warm-up)")
    p.add_argument("--skip_model", action="store_true", help="only the loader figure")
    return p.parse_args(argv)


def loader_images_per_s(data_url, batch_size, workers, batches):
    """Images/s of the augmented training pipeline (decode, crop, flip, colour, resize, batch)."""
    dataset = create_train_dataset(data_url, batch_size, augment_data=True, num_parallel_workers=workers).repeat()
    it = dataset.create_tuple_iterator(num_epochs=1, output_numpy=True)
    for _ in range(2):
        next(it)
    t0 = time.perf_counter()
    for _ in range(batches):
        next(it)
    return batches * batch_size / (time.perf_counter() - t0)


def generated_nyu(folder, count=24):
    """``count`` NYU-layout 480x640 training pairs (smooth random scenes) for the loader figure."""
    import cv2

    rng = np.random.default_rng(0)
    scene = os.path.join(folder, "Train", "scene_out")
    os.makedirs(scene, exist_ok=True)
    for i in range(count):
        rgb = cv2.resize(rng.integers(0, 256, (30, 40, 3), dtype=np.uint8), (640, 480), interpolation=cv2.INTER_CUBIC)
        depth = cv2.resize(rng.integers(20, 255, (30, 40), dtype=np.uint8), (640, 480), interpolation=cv2.INTER_LINEAR)
        cv2.imwrite(os.path.join(scene, "%d.jpg" % i), rgb)
        cv2.imwrite(os.path.join(scene, "%d.png" % i), depth)
    return folder


def model_rows(args):
    """Rows of the model figures and the training images/s of CoarseNet (the slower stage)."""
    rng = np.random.default_rng(0)
    bs = args.batch_size
    rgb = ms.Tensor(rng.random((bs, 3) + INPUT_HW, np.float32))
    gt = ms.Tensor(rng.uniform(0.5, 9.0, (bs, 1) + OUTPUT_HW).astype(np.float32))
    coarse, fine = CoarseNet(), FineNet()
    coarse_step = nn.TrainOneStepCell(nn.WithLossCell(coarse, CustomLoss()), nn.Adam(coarse.trainable_params(), 1e-4))
    fine_step = nn.TrainOneStepCell(FineWithLossCell(fine, CoarseNet(), CustomLoss()),
                                    nn.Adam(fine.trainable_params(), 1e-5))
    rows = []
    t = timed(lambda: coarse_step(rgb, gt).asnumpy(), 2, args.steps)
    model_ips = bs / np.median(t)
    rows.append(("train CoarseNet (batch %d)" % bs, "%.2f images/s" % model_ips, "%.0f ms/step" % (1e3 * np.median(t))))
    t = timed(lambda: fine_step(rgb, gt).asnumpy(), 2, args.steps)
    rows.append(("train FineNet incl. frozen CoarseNet forward (batch %d)" % bs, "%.2f images/s" % (bs / np.median(t)),
                 "%.0f ms/step" % (1e3 * np.median(t))))
    coarse.set_train(False)
    fine.set_train(False)
    x1 = ms.Tensor(rng.random((1, 3) + INPUT_HW, np.float32))
    t = timed(lambda: coarse(x1).asnumpy(), 2, args.runs)
    rows.append(("inference CoarseNet (batch 1)", "%.1f ms" % (1e3 * np.median(t)), "p90 %.1f ms" % (1e3 * np.percentile(t, 90))))
    t = timed(lambda: fine(x1, coarse(x1)).asnumpy(), 2, args.runs)
    rows.append(("inference CoarseNet + FineNet (batch 1)", "%.1f ms" % (1e3 * np.median(t)), "p90 %.1f ms" % (1e3 * np.percentile(t, 90))))
    return rows, model_ips


def main(argv=None):
    args = parse_args(argv)
    setup_context(args.device_target, 0, "graph")
    rows, model_ips = ([], None) if args.skip_model else model_rows(args)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_url or generated_nyu(tmp)
        loader_ips = loader_images_per_s(data, args.batch_size, args.num_parallel_works, args.loader_batches)
    ratio = "" if model_ips is None else "%.1fx the CoarseNet training rate%s" % (
        loader_ips / model_ips, "" if loader_ips >= 2 * model_ips else " (BELOW the 2x target)")
    rows.append(("training data loader, augmented (batch %d, %d workers)" % (args.batch_size, args.num_parallel_works),
                 "%.1f images/s" % loader_ips, ratio))
    head = ("DepthNet (MindSpore %s, %s, %d CPU cores, ONEDNN_MAX_CPU_ISA=%s, input 228x304, float32)"
            % (ms.__version__, platform.machine(), os.cpu_count(), os.environ.get("ONEDNN_MAX_CPU_ISA")))
    table = ["| measurement | value | detail |", "|---|---|---|"] + ["| %s | %s | %s |" % r for r in rows]
    text = "### bench_depthnet_mindspore\n\n%s\n\n%s\n" % (head, "\n".join(table))
    print(text)
    if args.out:
        atomic_write_text(args.out, text)


if __name__ == "__main__":
    main()
