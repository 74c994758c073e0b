import os
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def naive_metrics(pred, gt, mask=None):
    """Textbook reference in float64: separate logs, the max(g/p, p/g) ratio."""
    pred = np.asarray(pred, np.float64)
    gt = np.asarray(gt, np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        valid = np.isfinite(gt) & np.isfinite(pred) & (gt > 0) & (pred > 0)
    if mask is not None:
        valid &= mask
    g, p = gt[valid], pred[valid]
    thresh = np.maximum(g / p, p / g)
    e = np.log(p) - np.log(g)
    return {
        "abs_rel": np.mean(np.abs(g - p) / g),
        "sq_rel": np.mean((g - p) ** 2 / g),
        "rmse": np.sqrt(np.mean((g - p) ** 2)),
        "rmse_log": np.sqrt(np.mean((np.log(g) - np.log(p)) ** 2)),
        "log10": np.mean(np.abs(np.log10(g) - np.log10(p))),
        "silog": 100 * np.sqrt(np.mean(e ** 2) - np.mean(e) ** 2),
        "a1": np.mean(thresh < 1.25),
        "a2": np.mean(thresh < 1.25 ** 2),
        "a3": np.mean(thresh < 1.25 ** 3),
    }


def random_depth(rng, shape, dtype=np.float32):
    gt = rng.uniform(0.5, 10.0, size=shape).astype(dtype)
    pred = (gt * np.exp(rng.normal(0.05, 0.2, size=shape))).astype(dtype)
    return pred, gt


@pytest.fixture
def rng():
    return np.random.RandomState(1234)
