"""Batch-mode Mixup / CutMix with label smoothing folded into the soft targets (the recipe's).

Written by hand because MindSpore's ops differ from the recipe: CutMixBatch draws a box and a
weight per image (the recipe draws one per batch), neither op switches between the two with
switch_prob, and both draw from a generator shared by the pipeline's worker threads. Here each
batch draws from a generator seeded by (seed, epoch, batch index), so the result does not depend
on worker scheduling and a resumed run mixes exactly as an uninterrupted one.
"""
import numpy as np


def smooth_one_hot(labels, num_classes, smoothing):
    """(N, K) float32 targets: 1 - smoothing + smoothing/K on the label, smoothing/K elsewhere."""
    labels = np.asarray(labels).reshape(-1).astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError("label %d outside 0..%d (num_classes=%d)"
                         % (labels.max(), num_classes - 1, num_classes))
    off = smoothing / num_classes
    out = np.full((labels.size, num_classes), off, np.float32)
    out[np.arange(labels.size), labels] = 1.0 - smoothing + off
    return out


def cutmix_box(height, width, lam, rng):
    """(y0, y1, x0, x1): a box of area about (1 - lam) of the image, centre uniform, clipped."""
    ratio = np.sqrt(1.0 - lam)
    cut_h, cut_w = int(height * ratio), int(width * ratio)
    cy, cx = rng.integers(0, height), rng.integers(0, width)
    y0, y1 = np.clip(cy - cut_h // 2, 0, height), np.clip(cy + cut_h // 2, 0, height)
    x0, x1 = np.clip(cx - cut_w // 2, 0, width), np.clip(cx + cut_w // 2, 0, width)
    return int(y0), int(y1), int(x0), int(x1)


class Mixup:
    """per_batch_map for ``dataset.batch``: (images, labels, BatchInfo) → (mixed NCHW, soft targets).

    Each image is mixed with the one at the mirrored batch position. With probability
    ``prob`` a batch is mixed: CutMix (weight Beta(cutmix, cutmix), the weight then set to the
    box's exact area share) with probability ``switch_prob`` when both are on, else Mixup
    (Beta(mixup, mixup)). From epoch ``off_epoch`` on (if > 0) batches are not mixed.
    """

    def __init__(self, mixup_alpha, cutmix_alpha, prob, switch_prob, label_smoothing,
                 num_classes, off_epoch=0.0, seed=0):
        self.mixup_alpha, self.cutmix_alpha = float(mixup_alpha), float(cutmix_alpha)
        self.prob, self.switch_prob = float(prob), float(switch_prob)
        self.smoothing, self.num_classes = float(label_smoothing), int(num_classes)
        self.off_epoch, self.seed = float(off_epoch), int(seed)

    def enabled(self, epoch):
        on = self.mixup_alpha > 0 or self.cutmix_alpha > 0
        return on and self.prob > 0 and not (self.off_epoch and epoch >= self.off_epoch)

    def draw(self, rng):
        """(lam, use_cutmix) for one batch; lam 1.0 means 'not mixed'."""
        if rng.random() >= self.prob:
            return 1.0, False
        use_cutmix = self.cutmix_alpha > 0 and (self.mixup_alpha <= 0 or rng.random() < self.switch_prob)
        alpha = self.cutmix_alpha if use_cutmix else self.mixup_alpha
        return float(rng.beta(alpha, alpha)), use_cutmix

    def mix(self, images, targets, rng):
        """Mixed (images, targets) of one batch (NCHW float32, (N, K) float32)."""
        lam, use_cutmix = self.draw(rng)
        if lam >= 1.0:
            return images, targets
        partner = images[::-1].copy()
        if use_cutmix:
            height, width = images.shape[2:]
            y0, y1, x0, x1 = cutmix_box(height, width, lam, rng)
            images[:, :, y0:y1, x0:x1] = partner[:, :, y0:y1, x0:x1]
            lam = 1.0 - (y1 - y0) * (x1 - x0) / float(height * width)
        else:
            images = (lam * images + (1.0 - lam) * partner).astype(np.float32)
        return images, (lam * targets + (1.0 - lam) * targets[::-1]).astype(np.float32)

    def __call__(self, images, labels, batch_info):
        epoch, batch = batch_info.get_epoch_num(), batch_info.get_batch_num()
        images = np.stack(images).astype(np.float32)
        # smoothing is linear, so smoothing before mixing equals smoothing the mixed targets
        targets = smooth_one_hot(np.stack(labels), self.num_classes, self.smoothing)
        if self.enabled(epoch):
            rng = np.random.default_rng([self.seed, int(epoch), int(batch)])
            images, targets = self.mix(images, targets, rng)
        return images, targets
