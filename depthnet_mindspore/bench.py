"""CPU speed of DepthNet at 228x304: training images/s (coarse, fine) and inference latency (batch 1).

    python bench.py --out reports/bench_depthnet_mindspore.md [--batch_size 4 --steps 5 --runs 10]
"""
import src.cpu_isa  # noqa: F401  (sets ONEDNN_MAX_CPU_ISA before mindspore is imported)

import argparse
import os
import platform
import time

import numpy as np
import mindspore as ms
from mindspore import nn
from common_metrics.atomic import atomic_write_text

from src.loss import CustomLoss, FineWithLossCell
from src.net import INPUT_HW, OUTPUT_HW, CoarseNet, FineNet
from src.runtime import setup_context


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="DepthNet CPU benchmark", allow_abbrev=False)
    p.add_argument("--out", default="", help="markdown file for the results table")
    p.add_argument("--batch_size", type=int, default=4)
    p.add_argument("--steps", type=int, default=5, help="timed training steps (after 2 warm-up steps)")
    p.add_argument("--runs", type=int, default=10, help="timed inference runs (after 2 warm-up runs)")
    p.add_argument("--device_target", default="CPU", choices=["Ascend", "GPU", "CPU"])
    return p.parse_args(argv)


def timed(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return np.array(times)


def main(argv=None):
    args = parse_args(argv)
    setup_context(args.device_target, "graph")
    rng = np.random.default_rng(0)
    bs = args.batch_size
    rgb = ms.Tensor(rng.random((bs, 3) + INPUT_HW, np.float32))
    gt = ms.Tensor(rng.uniform(0.5, 9.0, (bs, 1) + OUTPUT_HW).astype(np.float32))
    coarse, fine = CoarseNet(), FineNet()
    coarse_step = nn.TrainOneStepCell(nn.WithLossCell(coarse, CustomLoss()), nn.Adam(coarse.trainable_params(), 1e-4))
    fine_step = nn.TrainOneStepCell(FineWithLossCell(fine, CustomLoss()), nn.Adam(fine.trainable_params(), 1e-5))
    frozen = CoarseNet()
    frozen.set_train(False)
    rows = []
    t = timed(lambda: coarse_step(rgb, gt).asnumpy(), 2, args.steps)
    rows.append(("train CoarseNet (batch %d)" % bs, "%.2f images/s" % (bs / np.median(t)), "%.0f ms/step" % (1e3 * np.median(t))))
    t = timed(lambda: fine_step(rgb, frozen(rgb), gt).asnumpy(), 2, args.steps)
    rows.append(("train FineNet incl. frozen CoarseNet forward (batch %d)" % bs, "%.2f images/s" % (bs / np.median(t)),
                 "%.0f ms/step" % (1e3 * np.median(t))))
    coarse.set_train(False)
    fine.set_train(False)
    x1 = ms.Tensor(rng.random((1, 3) + INPUT_HW, np.float32))
    t = timed(lambda: coarse(x1).asnumpy(), 2, args.runs)
    rows.append(("inference CoarseNet (batch 1)", "%.1f ms" % (1e3 * np.median(t)), "p90 %.1f ms" % (1e3 * np.percentile(t, 90))))
    t = timed(lambda: fine(x1, coarse(x1)).asnumpy(), 2, args.runs)
    rows.append(("inference CoarseNet + FineNet (batch 1)", "%.1f ms" % (1e3 * np.median(t)), "p90 %.1f ms" % (1e3 * np.percentile(t, 90))))
    head = ("DepthNet (MindSpore %s, %s, %d CPU cores, ONEDNN_MAX_CPU_ISA=%s, input 228x304, float32)"
            % (ms.__version__, platform.machine(), os.cpu_count(), os.environ.get("ONEDNN_MAX_CPU_ISA")))
    table = ["| measurement | value | detail |", "|---|---|---|"] + ["| %s | %s | %s |" % r for r in rows]
    text = "### bench_depthnet_mindspore\n\n%s\n\n%s\n" % (head, "\n".join(table))
    print(text)
    if args.out:
        atomic_write_text(args.out, text)


if __name__ == "__main__":
    main()
