"""Wall-clock timing for the MindSpore projects' benches (bench.py of each project)."""
import time

import numpy as np


def timed(fn, warmup, runs):
    """Seconds of ``runs`` calls of ``fn`` after ``warmup`` untimed ones (graph compile, caches)."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return np.array(times)
