"""Augmentation of the training recipe: image transforms, RandAugment policy, Mixup/CutMix."""
