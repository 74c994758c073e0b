import os
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def naive_metrics(pred, gt, mask=None):
    """The textbook float64 reference (common_metrics.reference)."""
    from common_metrics.reference import reference_metrics
    return reference_metrics(pred, gt, mask)


def random_depth(rng, shape, dtype=np.float32):
    gt = rng.uniform(0.5, 10.0, size=shape).astype(dtype)
    pred = (gt * np.exp(rng.normal(0.05, 0.2, size=shape))).astype(dtype)
    return pred, gt


@pytest.fixture
def rng():
    return np.random.RandomState(1234)
