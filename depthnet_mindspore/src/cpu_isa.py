"""Pick a fast oneDNN code path on CPU before MindSpore is imported.

MindSpore 2.10 on AVX-512 CPUs falls back to oneDNN's reference convolution
(about 1 GFLOP/s) unless ``ONEDNN_MAX_CPU_ISA=AVX2`` is set before
``import mindspore``. Import this module first in every entry point:

    import src.cpu_isa  # noqa: F401  (must come before mindspore)

A value the user already set is kept.
"""
import os
import sys
import warnings

ISA_VAR = "ONEDNN_MAX_CPU_ISA"
DEFAULT_ISA = "AVX2"


def apply():
    """Set ONEDNN_MAX_CPU_ISA unless the user did; return the value in effect."""
    if "mindspore" in sys.modules and ISA_VAR not in os.environ:
        warnings.warn(
            "mindspore was imported before src.cpu_isa; %s=%s may not take effect "
            "(import src.cpu_isa first)" % (ISA_VAR, DEFAULT_ISA),
            RuntimeWarning,
            stacklevel=2,
        )
    return os.environ.setdefault(ISA_VAR, DEFAULT_ISA)


apply()
