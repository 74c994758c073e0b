"""The network as a function: RGB image in [0, 1] -> relative inverse depth at network size."""
import numpy as np
from mindspore import Tensor
from mindspore import dtype as mstype

from ..utils.transforms import midas_transform


def make_predictor(net, cfg, resize_method):
    """Resize (aspect kept, multiple of 32) -> normalise -> net, in RGB order as trained."""
    transform = midas_transform(cfg, keep_aspect_ratio=True, resize_method=resize_method)

    def predict(image):
        x = transform({"image": np.asarray(image, np.float32)})["image"]
        out = net(Tensor(x[None], mstype.float32)).asnumpy()
        return out.reshape(out.shape[-2:])

    return predict
