"""DepthZoo shared metrics: depth/classification metrics, crops, alignment,
the JSON report format and depth I/O.  Pure NumPy (+ stdlib)."""

__version__ = "1.0.0"

from .depth import (  # noqa: F401
    METRIC_NAMES, EmptyMaskError, DepthMetricAccumulator, compute_depth_metrics,
)
