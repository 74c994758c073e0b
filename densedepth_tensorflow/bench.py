"""CPU timing: training step at bs 4 and inference latency at bs 1, both at 480x640 input.

    python bench.py --out REPORTS_DIR/bench_densedepth_tensorflow.md
"""
import quiet  # noqa: F401  (first: silences third-party noise; DEPTHZOO_VERBOSE=1)
import argparse
import logging
import os
import sys
import time

import numpy as np
import tensorflow as tf

import npu_support
from loss import depth_loss_function
from model import create_model
from utils import setup_logging

LOG = logging.getLogger("densedepth")


def timed(fn, warmup, repeat):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000.0 * float(np.median(times))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="markdown table to write")
    p.add_argument("--height", type=int, default=480)
    p.add_argument("--width", type=int, default=640)
    p.add_argument("--bs", type=int, default=4)
    p.add_argument("--steps", type=int, default=3, help="timed training steps (median)")
    p.add_argument("--runs", type=int, default=5, help="timed inference runs (median)")
    args = p.parse_args(argv)
    setup_logging()
    path = npu_support.device_path()
    npu_support.use_session(path)
    rng = np.random.RandomState(0)
    model = create_model(input_shape=(args.height, args.width))
    model.compile(npu_support.make_optimizer(1e-4, path), loss=depth_loss_function)
    x = rng.rand(args.bs, args.height, args.width, 3).astype(np.float32)
    y = rng.uniform(1, 100, (args.bs, args.height // 2, args.width // 2, 1)).astype(np.float32)
    LOG.info("timing %d training steps at bs %d, %dx%d", args.steps, args.bs, args.height, args.width)
    step_ms = timed(lambda: model.train_on_batch(x, y), 1, args.steps)
    LOG.info("train step %.0f ms", step_ms)
    x1 = x[:1]
    infer_ms = timed(lambda: model.predict_on_batch(x1), 1, args.runs)
    LOG.info("inference %.0f ms", infer_ms)
    cores = os.cpu_count()
    rows = [("train step, bs %d, %dx%d" % (args.bs, args.height, args.width), "%.0f ms/step" % step_ms,
             "%.2f img/s" % (args.bs * 1000.0 / step_ms)),
            ("inference, bs 1, %dx%d" % (args.height, args.width), "%.0f ms" % infer_ms,
             "%.2f img/s" % (1000.0 / infer_ms))]
    text = ["| densedepth_tensorflow (TF %s, %s, %d cores) | time | throughput |"
            % (tf.__version__, path.upper(), cores), "| --- | --- | --- |"]
    text += ["| %s | %s | %s |" % r for r in rows]
    text += ["| seed: Tesla V100 / Ascend 910, bs 4 | 235 / 185 ms/step | |"]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(text) + "\n")
    os.replace(tmp, args.out)
    print("\n".join(text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
