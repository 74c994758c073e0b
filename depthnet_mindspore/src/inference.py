"""Build the networks from checkpoints and run coarse -> fine prediction."""
import mindspore as ms

from mindspore_common.checkpoint import load_into

from src.data_loader import prepare_rgb
from src.evaluation import log_to_depth, to_full_res
from src.net import CoarseNet, FineNet


def load_networks(coarse_ckpt, fine_ckpt=None):
    """CoarseNet (and FineNet when ``fine_ckpt``) in inference mode, weights checked."""
    coarse = CoarseNet()
    load_into(coarse, coarse_ckpt, "CoarseNet checkpoint (--coarse_ckpt_model)")
    coarse.set_train(False)
    fine = None
    if fine_ckpt:
        fine = FineNet()
        load_into(fine, fine_ckpt, "FineNet checkpoint (--fine_ckpt_model)")
        fine.set_train(False)
    return coarse, fine


def predict(coarse, fine, rgb):
    """(coarse log-depth, fine log-depth or None) as NumPy arrays for an (N, 3, 228, 304) batch."""
    rgb = rgb if isinstance(rgb, ms.Tensor) else ms.Tensor(rgb, ms.float32)
    c = coarse(rgb)
    f = fine(rgb, c) if fine is not None else None
    return c.asnumpy(), (f.asnumpy() if f is not None else None)


def whole_image_depth(coarse, fine, rgb):
    """Metric depth (H, W) of an RGB uint8 (H, W, 3) image, covering the whole image at its size.

    The network sees the DepthNet crop window resized to 228x304; its 55x74 output is upsampled
    (bilinear) to that window and the border outside it repeats the nearest edge value.
    """
    c, f = predict(coarse, fine, prepare_rgb(rgb)[None])
    return to_full_res(log_to_depth((f if fine is not None else c)[0, 0]), rgb.shape)
