"""Model registry: `get_model(arch, num_classes, drop_path_rate)`."""
from .ddrnet23 import ARCHS, DDRNet23, DDRNet23slim, DDRNet39, DualResNet, get_model

__all__ = ["ARCHS", "DDRNet23", "DDRNet23slim", "DDRNet39", "DualResNet", "get_model"]
