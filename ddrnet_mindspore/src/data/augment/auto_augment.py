"""The recipe's RandAugment policy string (timm syntax, e.g. rand-m9-mstd0.5-inc1) as MindSpore's op.

mindspore.dataset.vision.RandAugment applies ``num_ops`` ops drawn from the torchvision op set,
whose strengths grow with the magnitude bin index (the "increasing" variants timm selects with
inc1). timm's magnitudes are level / 10 of each op's maximum, so the policy's m maps to bin m of
11 bins. Not available in MindSpore's op and therefore not applied: the per-op magnitude noise
(mstd) and timm's 0.5 application probability per op (recorded in the README).
"""
import mindspore.dataset.vision as vision

MAX_LEVEL = 10  # timm's magnitude scale: 0 .. 10
IMAGENET_MEAN_255 = (124, 116, 104)  # timm fills uncovered pixels with the mean colour


def parse_policy(policy):
    """{'n': ops per image, 'm': magnitude, 'mstd': float, 'inc': bool} of a 'rand-...' string."""
    parts = str(policy).split("-")
    if parts[0] != "rand":
        raise ValueError("auto_augment %r: only RandAugment policies ('rand-m9-...') are supported"
                         % policy)
    out = {"n": 2, "m": 9.0, "mstd": 0.0, "inc": False}
    for part in parts[1:]:
        key = next((k for k in ("mstd", "inc", "m", "n") if part.startswith(k)), None)
        try:
            value = float(part[len(key):]) if key else None
        except ValueError:
            value = None
        if value is None:
            raise ValueError("auto_augment %r: cannot read %r (known: m<level>, n<ops>, "
                             "mstd<std>, inc<0|1>)" % (policy, part))
        out[key] = bool(value) if key == "inc" else (int(value) if key == "n" else value)
    if not 0 <= out["m"] <= MAX_LEVEL or out["n"] < 1:
        raise ValueError("auto_augment %r: need m in 0..%d and n >= 1" % (policy, MAX_LEVEL))
    return out


def rand_augment(policy, interpolation):
    """mindspore.dataset.vision.RandAugment configured from ``policy``."""
    spec = parse_policy(policy)
    return vision.RandAugment(num_ops=spec["n"], magnitude=int(round(spec["m"])),
                              num_magnitude_bins=MAX_LEVEL + 1, interpolation=interpolation,
                              fill_value=IMAGENET_MEAN_255)
