"""Progress display: tqdm when installed, else a plain counter on stderr."""
import sys
import time


def progress(iterable, total, desc, enabled=True):
    """Wrap ``iterable``; tqdm bar on a terminal, a 10-line counter in logs."""
    if not enabled:
        return iterable
    if not sys.stderr.isatty():
        return _counter(iterable, total, desc)
    try:
        from tqdm import tqdm
    except ImportError:
        return _counter(iterable, total, desc)
    return tqdm(iterable, total=total, desc=desc, unit="img", leave=False)


def _counter(iterable, total, desc):
    start = time.time()
    step = max(1, total // 10)
    for i, item in enumerate(iterable, 1):
        yield item
        if i % step == 0 or i == total:
            rate = i / max(time.time() - start, 1e-9)
            eta = (total - i) / rate if rate > 0 else 0.0
            sys.stderr.write("%s: %d/%d (%.1f img/s, ETA %.0f s)\n" % (desc, i, total, rate, eta))
