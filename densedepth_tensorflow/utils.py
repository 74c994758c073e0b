"""Shared helpers: logging, DepthNorm, batched prediction, up-scaling and NYU evaluation."""
import glob
import logging
import os
import re
import sys

import cv2
import numpy as np

LOG = logging.getLogger("densedepth")


def run_reporting_errors(run, args):
    """Exit code of an entry point: ``run(args)``, where bad input (a missing file, a wrong
    shape or value: FileNotFoundError / ValueError, also when raised inside the tf.data
    pipeline) becomes one logged line and exit code 2."""
    import tensorflow as tf
    try:
        run(args)
    except (FileNotFoundError, ValueError) as exc:
        LOG.error("%s", exc)
        return 2
    except tf.errors.OpError as exc:  # a data error raised while the graph runs
        LOG.error("%s", op_error_line(exc))
        return 2
    return 0


def op_error_line(exc):
    """The one informative line of a TensorFlow op error: the Python error our tf.data
    generator raised (it names the file), else the op's own first line."""
    text = getattr(exc, "message", str(exc))
    found = re.search(r"(?:ValueError|FileNotFoundError|OSError): (.+)", text)
    return found.group(1).strip() if found else text.strip().splitlines()[0]


def setup_logging(log_file=None, level=logging.INFO):
    """Log to stderr (and ``log_file``) in one format (third-party noise: quiet.py)."""
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S")
    LOG.setLevel(level)
    LOG.propagate = False
    if not any(isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
               for h in LOG.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(fmt)
        LOG.addHandler(handler)
    for handler in [h for h in LOG.handlers if isinstance(h, logging.FileHandler)]:
        LOG.removeHandler(handler)
        handler.close()
    if log_file:
        os.makedirs(os.path.dirname(os.path.abspath(log_file)), exist_ok=True)
        handler = logging.FileHandler(log_file)
        handler.setFormatter(fmt)
        LOG.addHandler(handler)
    return LOG


def predict(run_batch, images, min_depth=10.0, max_depth=1000.0, batch_size=2):
    """Network output -> depth in [min_depth, max_depth] / max_depth (0.01..1), shape (N, h, w).

    ``run_batch`` maps a float32 batch (RGB / 255) to the raw network output (N, h, w, 1).
    """
    outputs = []
    for start in range(0, len(images), batch_size):
        batch = images[start:start + batch_size].astype(np.float32) / 255.0
        out = np.asarray(run_batch(batch), dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            depth = max_depth / out  # DepthNorm (loss.depth_norm) is its own inverse
        depth = np.nan_to_num(depth, nan=max_depth, posinf=max_depth, neginf=min_depth)
        outputs.append(np.clip(depth, min_depth, max_depth)[..., 0] / max_depth)
    return np.concatenate(outputs, axis=0)


def scale_up(scale, images, size=None):
    """Bilinear up-sampling of a (N, h, w) stack by an integer factor (or to ``size`` = (H, W))."""
    out = []
    for img in images:
        target = size or (img.shape[0] * scale, img.shape[1] * scale)
        out.append(cv2.resize(img.astype(np.float32), (target[1], target[0]),
                              interpolation=cv2.INTER_LINEAR))
    return np.stack(out)


def resize_batch(images, size):
    """Resize an (N, H, W, 3) uint8 batch to ``size`` = (h, w) (no-op when it already fits)."""
    if size is None or tuple(images.shape[1:3]) == tuple(size):
        return images
    return np.stack([cv2.resize(img, (size[1], size[0]), interpolation=cv2.INTER_AREA)
                     for img in images])


def crop_mask(shape, crop=None):
    """Boolean mask: the rectangle of eigen_test_crop.npy (inclusive bounds, as upstream)."""
    if crop is None:
        from common_metrics.crops import nyu_eigen_crop
        return nyu_eigen_crop(shape)
    mask = np.zeros(shape, dtype=bool)
    mask[crop[0]:crop[1] + 1, crop[2]:crop[3] + 1] = True
    return mask


def evaluate_nyu(run_batch, rgb, depth, crop, batch_size=2, averaging="per_image",
                 min_depth=10.0, max_depth=1000.0, progress=True, input_shape=None,
                 on_prediction=None):
    """Upstream NYU protocol: flip-averaged prediction x2 up-sampled, metres, Eigen crop.

    ``input_shape`` (h, w): feed the network resized images (reduced-resolution models); the
    prediction is then resized to the ground-truth size instead of x2.
    ``on_prediction(index, depth_m)`` (optional) sees every final prediction.
    Returns the ``common_metrics`` result dict (9 metrics + num_samples + num_skipped).
    Ground truth is passed as ground truth (upstream's swapped compute_errors call is not
    reproduced).
    """
    from common_metrics.depth import DepthMetricAccumulator
    from tqdm import tqdm

    acc = DepthMetricAccumulator(averaging=averaging)
    mask = crop_mask(depth.shape[1:3], crop)
    steps = range(0, len(rgb), batch_size)
    for start in tqdm(steps, desc="evaluate", unit="batch", disable=not progress):
        x = resize_batch(rgb[start:start + batch_size], input_shape)
        pred = predict(run_batch, x, min_depth, max_depth, batch_size) * 10.0
        pred_flip = predict(run_batch, x[:, :, ::-1, :], min_depth, max_depth, batch_size) * 10.0
        size = None if input_shape is None else tuple(depth.shape[1:3])
        pred = scale_up(2, pred, size)
        pred_flip = scale_up(2, pred_flip, size)
        for j in range(len(x)):
            final = 0.5 * pred[j] + 0.5 * pred_flip[j][:, ::-1]
            if final.shape != depth.shape[1:3]:
                raise ValueError("prediction %s does not match ground truth %s: test images must "
                                 "be a multiple of 32 in size" % (final.shape, depth.shape[1:3]))
            if on_prediction is not None:
                on_prediction(start + j, final)
            if not acc.update(final, depth[start + j], mask):
                LOG.warning("test image %d has no valid depth inside the crop: skipped", start + j)
    return acc.result()


def format_metrics(result):
    keys = ("a1", "a2", "a3", "abs_rel", "rmse", "log10")
    head = "".join("{:>10}".format(k) for k in keys)
    vals = "".join("{:10.4f}".format(result[k]) for k in keys)
    return head + "\n" + vals


def load_images(pattern):
    """Images matching a glob -> list of (path, RGB uint8); clear error when none / unreadable."""
    paths = sorted(glob.glob(pattern))
    if not paths:
        raise FileNotFoundError("--input: no image matches %s" % pattern)
    images = []
    for path in paths:
        img = cv2.imread(path, cv2.IMREAD_COLOR)
        if img is None:
            raise ValueError("%s: cannot read image (corrupt or not an image)" % path)
        images.append((path, cv2.cvtColor(img, cv2.COLOR_BGR2RGB)))
    return images


def str2bool(value):
    """argparse type for upstream-style boolean flags (--full, --is_distributed=False)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y", "on"):
        return True
    if text in ("0", "false", "no", "n", "off"):
        return False
    raise ValueError("expected a boolean (True/False), got %r" % value)


def parse_with_config(parser, argv=None):
    """Parse ``argv``; a ``--config FILE`` (YAML, flag names as keys) supplies new defaults.

    Unknown keys are an error naming the file and the key; the command line still wins.
    """
    import argparse
    import yaml

    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--config", default=None)
    known, _ = pre.parse_known_args(argv)
    if known.config:
        if not os.path.isfile(known.config):
            parser.error("--config %s: file not found" % known.config)
        with open(known.config) as f:
            try:
                values = yaml.safe_load(f) or {}
            except yaml.YAMLError as exc:
                parser.error("--config %s: not valid YAML (%s)" % (known.config, exc))
        if not isinstance(values, dict):
            parser.error("--config %s: expected a mapping of flag names to values" % known.config)
        valid = {a.dest for a in parser._actions}
        unknown = sorted(set(values) - valid)
        if unknown:
            parser.error("--config %s: unknown key(s) %s" % (known.config, ", ".join(unknown)))
        parser.set_defaults(**values)
    return parser.parse_args(argv)
