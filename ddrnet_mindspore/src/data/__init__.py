"""ImageNet data pipelines (training with the recipe's augmentation, validation)."""
from .imagenet import create_dataset_imagenet

__all__ = ["create_dataset_imagenet"]
