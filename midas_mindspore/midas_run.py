"""Depth of every image in a folder: PFM + 16-bit PNG + colour map, at each image's own size."""
import mindspore_common  # noqa: F401  (caps the oneDNN ISA, quiets GLOG; before mindspore)

import os

from mindspore_common.cli import main_guard
from mindspore_common.runtime import setup_context

from src.config import get_config, missing_data_message
from src.inference import load_for_inference, predict
from src.util import list_images, read_image, write_depth


@main_guard
def main(argv=None):
    cfg = get_config(argv, "MiDaS inference on a folder of images (--input_path, --output_path, "
                           "--model_weights)")
    if not os.path.isdir(cfg.input_path):
        raise FileNotFoundError(missing_data_message("input_path", cfg.input_path))
    images = list_images(cfg.input_path)
    if not images:
        raise FileNotFoundError("input_path %s: no .jpg/.png images" % cfg.input_path)
    setup_context(cfg.device_target, cfg.device_id, mode="pynative")
    net = load_for_inference(cfg)
    os.makedirs(cfg.output_path, exist_ok=True)
    for i, path in enumerate(images, 1):
        disparity = predict(net, cfg, read_image(path))
        base = os.path.join(cfg.output_path, os.path.splitext(os.path.basename(path))[0])
        write_depth(base, disparity)
        print("[%d/%d] %s -> %s.pfm/.png/_color.png" % (i, len(images), path, base), flush=True)
    print("wrote %d depth map(s) to %s" % (len(images), os.path.abspath(cfg.output_path)))


if __name__ == "__main__":
    main()
