"""Per-image transforms of the training and validation pipelines (MindSpore vision ops)."""
import mindspore.dataset.vision as vision
from mindspore.dataset.vision import Inter

from .auto_augment import rand_augment

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
INTERPOLATION = {"bicubic": Inter.BICUBIC, "bilinear": Inter.BILINEAR, "nearest": Inter.NEAREST}


def _normalize():
    return [vision.Normalize([255 * m for m in IMAGENET_MEAN], [255 * s for s in IMAGENET_STD]),
            vision.HWC2CHW()]


def train_transforms(args):
    """Random-resized crop + flip, RandAugment (or colour jitter), normalise, random erasing."""
    inter = INTERPOLATION[args.interpolation]
    ops = [vision.Decode(),
           vision.RandomResizedCrop(args.image_size, scale=(args.crop_min_scale, 1.0),
                                    ratio=(3 / 4, 4 / 3), interpolation=inter),
           vision.RandomHorizontalFlip(0.5)]
    if args.auto_augment:
        ops.append(rand_augment(args.auto_augment, inter))
    elif args.color_jitter > 0:  # timm applies colour jitter only without auto-augment
        cj = float(args.color_jitter)
        ops.append(vision.RandomColorAdjust(brightness=cj, contrast=cj, saturation=cj))
    ops += _normalize()
    if args.re_prob > 0:  # on the normalised CHW image: 'random' = per-pixel N(0, 1) (timm's pixel mode)
        ops.append(vision.RandomErasing(prob=args.re_prob, scale=(0.02, 1 / 3), ratio=(0.3, 1 / 0.3),
                                        value="random" if args.re_mode == "pixel" else 0))
    return ops


def eval_transforms(args):
    """Shorter side to image_size / crop_pct + centre crop ('crop'), or a square resize ('square')."""
    inter = INTERPOLATION[args.interpolation]
    if args.eval_resize == "square":
        resize = [vision.Resize((args.image_size, args.image_size), interpolation=inter)]
    else:
        resize = [vision.Resize(int(args.image_size / args.crop_pct), interpolation=inter),
                  vision.CenterCrop(args.image_size)]
    return [vision.Decode()] + resize + _normalize()
