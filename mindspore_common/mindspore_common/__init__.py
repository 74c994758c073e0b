"""Conventions shared by DepthZoo's MindSpore projects (depthnet, midas, ddrnet).

Importing this package is the first thing every entry point, msrun worker and project
package (``src/__init__.py``) does, because two settings only take effect when they are in
the environment before ``import mindspore``:

* ``ONEDNN_MAX_CPU_ISA=AVX2``: MindSpore 2.10 on AVX-512 CPUs otherwise falls back to
  oneDNN's reference convolution, measured ~285x slower for a DepthNet CoarseNet forward.
* ``GLOG_v=3``: MindSpore's C++ INFO/WARNING lines flood the console; errors stay visible.

A value the user already set is kept; ``DEPTHZOO_VERBOSE=1`` leaves GLOG alone.
"""
import os
import sys
import warnings

ISA_VAR = "ONEDNN_MAX_CPU_ISA"
DEFAULT_ISA = "AVX2"


def apply_cpu_isa():
    """Set ONEDNN_MAX_CPU_ISA unless the user did; return the value in effect."""
    if "mindspore" in sys.modules and ISA_VAR not in os.environ:
        warnings.warn("mindspore was imported before mindspore_common; %s=%s may not take effect"
                      % (ISA_VAR, DEFAULT_ISA), RuntimeWarning, stacklevel=3)
    return os.environ.setdefault(ISA_VAR, DEFAULT_ISA)


def verbose():
    """True when the user asked for third-party log lines (DEPTHZOO_VERBOSE=1)."""
    return os.environ.get("DEPTHZOO_VERBOSE", "0") not in ("", "0", "false", "False")


def quiet_framework_logs():
    """Hide MindSpore's C++ INFO/WARNING lines unless DEPTHZOO_VERBOSE=1 or GLOG_v is set."""
    if not verbose():
        os.environ.setdefault("GLOG_v", "3")


apply_cpu_isa()
quiet_framework_logs()
