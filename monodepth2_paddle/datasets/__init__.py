"""KITTI datasets (upstream names)."""
from .kitti_dataset import (KITTIBenchmarkTestDataset, KITTIDepthDataset, KITTIOdomDataset,
                            KITTIRAWDataset)
from .mono_dataset import DataError

__all__ = ["KITTIRAWDataset", "KITTIOdomDataset", "KITTIDepthDataset", "KITTIBenchmarkTestDataset",
           "DataError"]
