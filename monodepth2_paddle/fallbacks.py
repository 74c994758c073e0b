"""What train.py uses when the user names no data or ImageNet weights: the sample KITTI drives
that `make demo` writes, a short CPU schedule for them, and the seed port's weights/ folder."""
import glob
import os

PROJECT_DIR = os.path.dirname(os.path.abspath(__file__))
SAMPLE_KITTI = os.path.join(os.path.dirname(PROJECT_DIR), "data", "sample", "kitti_raw")
WEIGHTS_DIR = os.path.join(PROJECT_DIR, "weights")
WEIGHT_EXTS = (".pdparams", ".pth", ".pt", ".h5")

# The sample drives are a few dozen synthetic frames: this schedule learns their layout in a few
# CPU minutes (see README "Demo"). Applied only to the options the user did not give.
SAMPLE_SCHEDULE = {"height": 64, "width": 192, "batch_size": 4, "num_epochs": 8,
                   "learning_rate": 2.5e-4, "scheduler_step_size": 6, "num_workers": 0,
                   "no_to_static": True, "log_frequency": 10}


def use_sample_data(opt, given, log):
    """No --data_path and no kitti_data folder: train on the sample drives. True if it did."""
    if "data_path" in given or os.path.isdir(opt.data_path):
        return False
    split = os.path.join(SAMPLE_KITTI, "splits", "sample")
    if not os.path.isdir(split):
        raise FileNotFoundError(
            "no KITTI data at {} and no sample data at {}: pass --data_path, or create the sample "
            "drives with `make demo` (or python -m sample_data kitti_raw --out {})".format(
                opt.data_path, SAMPLE_KITTI, SAMPLE_KITTI))
    opt.data_path = SAMPLE_KITTI
    if "split" not in given:
        opt.split = split
    changed = []
    for key, value in SAMPLE_SCHEDULE.items():
        if key not in given:
            setattr(opt, key, value)
            changed.append("--{} {}".format(key, value) if value is not True else "--" + key)
    log("-> no --data_path and no {}: training on the sample KITTI drives in {} (split {}); "
        "sample schedule {}".format(os.path.relpath(os.path.join(PROJECT_DIR, "kitti_data")),
                                    SAMPLE_KITTI, opt.split, " ".join(changed) or "none"))
    return True


def find_imagenet_weights(num_layers):
    """The seed port keeps ImageNet ResNets in weights/ (resnet18_pytorch.h5, resnet18.pdparams,
    torchvision's resnet18-<hash>.pth); the first match or None."""
    for pattern in ("resnet{}_pytorch.h5", "resnet{}.pdparams", "resnet{}.pth", "resnet{}-*.pth"):
        hits = sorted(glob.glob(os.path.join(WEIGHTS_DIR, pattern.format(num_layers))))
        if hits:
            return hits[0]
    return None


def with_known_extension(path):
    """``path`` itself, or ``path`` + a known weight extension when only that exists (the seed
    port passes ``--weights_init weights/resnet18_pytorch``); None if neither exists."""
    if os.path.isfile(path):
        return path
    for ext in WEIGHT_EXTS:
        if os.path.isfile(path + ext):
            return path + ext
    return None


LOUD = "!" * 78


def resolve_weights_init(value, num_layers, log):
    """--weights_init -> False (train from scratch) or the path of a ResNet weight file."""
    if value == "scratch":
        return False
    if value == "pretrained":
        found = find_imagenet_weights(num_layers)
        if found:
            log("-> ImageNet ResNet-{} weights: {}".format(num_layers, found))
            return found
        log("\n".join([LOUD, "WARNING: no ImageNet ResNet-{} weights in {}: training the encoders "
                       "from SCRATCH.".format(num_layers, WEIGHTS_DIR),
                       "Monodepth2's published results need them: pass --weights_init "
                       "<resnet{}_pytorch.h5 | .pdparams | torchvision .pth> or put the file in "
                       "that folder.".format(num_layers), LOUD]))
        return False
    found = with_known_extension(value)
    if found is None:
        raise FileNotFoundError("--weights_init file not found: {} (also tried {})".format(
            value, ", ".join(value + e for e in WEIGHT_EXTS)))
    return found
