"""train.py with the stand-in network of recipe_tiny_net (for tests): same flags as train.py.

A fresh process per run: MindSpore fixes the device once per process, so tests cannot call
train.main() repeatedly in the pytest process.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(HERE), HERE]

import mindspore_common  # noqa: E402,F401  (before mindspore)
import train  # noqa: E402
from recipe_tiny_net import tiny_model  # noqa: E402

train.get_model = tiny_model

if __name__ == "__main__":
    sys.exit(train.main())
