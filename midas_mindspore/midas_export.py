"""Export a MiDaS checkpoint to MINDIR, ONNX or AIR at a fixed input size."""
import mindspore_common  # noqa: F401  (caps the oneDNN ISA, quiets GLOG; before mindspore)

import os

import numpy as np
import mindspore as ms
from mindspore_common.cli import main_guard
from mindspore_common.runtime import setup_context

from src.config import get_config
from src.inference import load_for_inference

FORMATS = {"MINDIR": ".mindir", "ONNX": ".onnx", "AIR": ".air"}


@main_guard
def main(argv=None):
    cfg = get_config(argv, "Export MiDaS (--model_weights, --file_format MINDIR|ONNX|AIR, "
                           "--img_height, --img_width); writes midas_<H>x<W>.<ext> in --output_path")
    fmt = cfg.file_format.upper()
    if fmt not in FORMATS:
        raise ValueError("--file_format %s: expected MINDIR, ONNX or AIR" % cfg.file_format)
    for key in ("img_height", "img_width"):
        if getattr(cfg, key) <= 0 or getattr(cfg, key) % 32:
            raise ValueError("--%s %d: must be a positive multiple of 32" % (key, getattr(cfg, key)))
    target = setup_context(cfg.device_target, cfg.device_id)
    if fmt == "AIR" and target != "Ascend":
        raise ValueError("--file_format AIR needs an Ascend device (this machine: %s); "
                         "use MINDIR or ONNX" % target)
    net = load_for_inference(cfg, matmul_resize=(fmt == "ONNX"))
    os.makedirs(cfg.output_path, exist_ok=True)
    base = os.path.join(cfg.output_path, "midas_%dx%d" % (cfg.img_height, cfg.img_width))
    dummy = ms.Tensor(np.zeros((1, 3, cfg.img_height, cfg.img_width), np.float32))
    ms.export(net, dummy, file_name=base, file_format=fmt)
    print("exported %s%s" % (base, FORMATS[fmt]))


if __name__ == "__main__":
    main()
