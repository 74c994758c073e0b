"""Benchmark of the depth metric suite on NYU test size data.

    python common_metrics/bench.py [--images 654] [--height 480] [--width 640]
                                   [--averaging per_image] [--out FILE]

Times DepthMetricAccumulator (all nine metrics) over synthetic, realistic
indoor depth (0.5-10 m smooth scenes, a few holes, prediction = gt with
multiplicative noise and a scale bias), with the NYU Eigen crop, against a
straightforward per-image NumPy loop over the same formulas, in the same run.
Only metric computation is timed; data generation is not.
"""
import argparse
import os
import platform
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common_metrics import __version__  # noqa: E402
from common_metrics.crops import nyu_eigen_crop  # noqa: E402
from common_metrics.depth import METRIC_NAMES, DepthMetricAccumulator  # noqa: E402
from common_metrics.reference import reference_metrics  # noqa: E402


def make_data(n, h, w, seed=0):
    """n float32 (gt, pred) image pairs of a realistic indoor depth range."""
    rng = np.random.RandomState(seed)
    yy = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    xx = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :]
    gt = np.empty((n, h, w), np.float32)
    pred = np.empty((n, h, w), np.float32)
    for i in range(n):
        a, b, c = rng.uniform(-3, 3, size=3).astype(np.float32)
        g = 1.5 + 4.0 * (1 + np.sin(a * xx + b * yy + c)) * (0.6 + 0.4 * xx)
        g = g + rng.uniform(0, 0.05, size=(h, w)).astype(np.float32)
        noise = rng.standard_normal((h, w)).astype(np.float32)
        pred[i] = g * (1.05 * np.exp(0.12 * noise))
        holes = max(1, h * w // 1500)  # ~0.07 % sensor holes in the ground truth
        g[rng.randint(0, h, holes), rng.randint(0, w, holes)] = 0.0
        gt[i] = g
    return gt, pred


def run_naive(gt, pred, mask):
    sums = dict.fromkeys(METRIC_NAMES, 0.0)
    for i in range(gt.shape[0]):
        for k, v in reference_metrics(pred[i], gt[i], mask, dtype=None).items():
            sums[k] += v
    return {k: v / gt.shape[0] for k, v in sums.items()}


def run_fast(gt, pred, mask, averaging):
    acc = DepthMetricAccumulator(averaging)
    for i in range(gt.shape[0]):
        acc.update(pred[i], gt[i], mask)
    return acc.result()


_last_result = [None]


def timed(fn, repeat):
    """Best wall and CPU seconds of fn over repeat runs (the machine is shared:
    CPU time is the steadier figure). Keeps fn's last result."""
    wall = cpu = float("inf")
    for _ in range(max(1, repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        _last_result[0] = fn()
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=int, default=654)
    ap.add_argument("--height", type=int, default=480)
    ap.add_argument("--width", type=int, default=640)
    ap.add_argument("--averaging", default="per_image", choices=("per_image", "pooled"))
    ap.add_argument("--repeat", type=int, default=3,
                    help="timed repetitions; the best is reported")
    ap.add_argument("--no-naive", action="store_true", help="skip the reference loop")
    ap.add_argument("--out", help="also write a small markdown table to this file")
    args = ap.parse_args(argv)

    print("generating %d images of %dx%d ..." % (args.images, args.height, args.width))
    gt, pred = make_data(args.images, args.height, args.width)
    mask = nyu_eigen_crop((args.height, args.width))

    run_fast(gt[:4], pred[:4], mask, args.averaging)  # warm-up
    t_fast, c_fast = timed(lambda: run_fast(gt, pred, mask, args.averaging), args.repeat)
    fast = _last_result[0]
    t_naive = c_naive = max_rel = float("nan")
    if not args.no_naive:
        t_naive, c_naive = timed(lambda: run_naive(gt, pred, mask), 1)
        ref = _last_result[0]
        if args.averaging == "per_image":
            max_rel = max(abs(fast[k] - ref[k]) / abs(ref[k]) for k in METRIC_NAMES)

    mpix = args.images * args.height * args.width / 1e6
    header = ("| images | size | averaging | common_metrics wall (s) | naive loop wall (s) "
              "| speed-up | common_metrics CPU (s) | naive CPU (s) | Mpix/s | max rel. diff |")
    row = "| %d | %dx%d | %s | %.2f | %.2f | %.1fx | %.2f | %.2f | %.0f | %.1e |" % (
        args.images, args.height, args.width, args.averaging, t_fast, t_naive,
        t_naive / t_fast, c_fast, c_naive, mpix / t_fast, max_rel)
    lines = [header, "|" + " --- |" * 10, row]
    print("\n".join(lines))
    print("metrics: " + ", ".join("%s=%.4f" % (k, fast[k]) for k in METRIC_NAMES))
    if args.out:
        env = "Python %s, numpy %s, common_metrics %s, %s, %d CPU(s)" % (
            platform.python_version(), np.__version__, __version__,
            platform.processor() or platform.machine(), os.cpu_count() or 1)
        d = os.path.dirname(os.path.abspath(args.out))
        os.makedirs(d, exist_ok=True)
        with open(args.out, "w") as f:
            f.write("# common_metrics benchmark\n\n%s\n\n%s\n" % (env, "\n".join(lines)))
        print("wrote %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
