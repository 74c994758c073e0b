"""Loading a trained/converted MidasNet for inference, and predicting one image at its own size."""
import cv2
import numpy as np
import mindspore as ms

from .eval.model import recorded_architecture
from .utils.transforms import midas_transform
from .weights import load_midas, resolve_checkpoint


def load_for_inference(cfg, key="model_weights", log=print, **overrides):
    """MidasNet with the weights of ``cfg.<key>``; a training checkpoint's recorded
    architecture (e.g. a reduced CPU run) wins over config.yaml."""
    path = resolve_checkpoint(getattr(cfg, key), key)
    net = load_midas(cfg, path, key, **dict(recorded_architecture(path), **overrides))
    log("weights: %s" % path)
    return net


def predict(net, cfg, rgb):
    """Relative inverse depth of an (H, W, 3) float RGB image, resized back to (H, W).

    As upstream run.py: keep the aspect ratio, longer side bounded by img_width/img_height,
    multiple of 32, bicubic input resize; bicubic resize of the prediction (same on both axes).
    """
    transform = midas_transform(cfg, keep_aspect_ratio=True, resize_method="upper_bound")
    sample = transform({"image": rgb})
    out = net(ms.Tensor(sample["image"][None])).asnumpy()[0]
    h, w = rgb.shape[:2]
    return cv2.resize(out, (w, h), interpolation=cv2.INTER_CUBIC).astype(np.float32)
