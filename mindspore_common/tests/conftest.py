import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import mindspore_common  # noqa: E402,F401  (before mindspore)
