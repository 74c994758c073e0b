"""Imported first by every entry point: silence the known-harmless third-party noise of this
stack (TensorFlow 1.15's C++ info lines, its deprecation notices, NumPy 1.18 FutureWarnings
raised while TensorFlow imports) so the console shows our progress and results.

DEPTHZOO_VERBOSE=1 turns all of it back on. Our own warnings and errors, and every other
Python warning category, stay visible either way.
"""
import os
import warnings

VERBOSE = os.environ.get("DEPTHZOO_VERBOSE", "") == "1"

if not VERBOSE:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    warnings.filterwarnings("ignore", category=FutureWarning, module=r"tensorflow|tensorboard")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"tensorflow|tensorboard|keras|google")

import tensorflow as tf  # noqa: E402  (after the environment above)

if not VERBOSE:
    tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.ERROR)
