"""KITTI datasets (upstream names)."""
from .kitti_dataset import KITTIRAWDataset, KITTIOdomDataset, KITTIDepthDataset

__all__ = ["KITTIRAWDataset", "KITTIOdomDataset", "KITTIDepthDataset"]
