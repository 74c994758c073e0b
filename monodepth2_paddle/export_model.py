"""Export encoder + depth decoder as a Paddle inference model (fixed input size).

python export_model.py --load_weights_folder W --output exported/depth
writes depth.json + depth.pdiparams; input (1, 3, H, W) RGB in [0, 1], output a one-element
list: the sigmoid disparity at full resolution (scale 0).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import console  # noqa: E402  (before paddle)

console.quiet_third_party()

import paddle  # noqa: E402

from model_io import load_depth_model  # noqa: E402
from networks import DepthNet  # noqa: E402


def export(folder, output, num_layers=18, batch=1):
    encoder, decoder, meta = load_depth_model(folder, num_layers)
    net = DepthNet(encoder, decoder, scales=[0])
    net.eval()
    spec = [paddle.static.InputSpec([batch, 3, meta["height"], meta["width"]], "float32", "image")]
    static = paddle.jit.to_static(net, input_spec=spec, full_graph=True)
    out_dir = os.path.dirname(os.path.abspath(output))
    os.makedirs(out_dir, exist_ok=True)
    paddle.jit.save(static, output)
    return meta


def main(args=None):
    p = argparse.ArgumentParser(description="export a Monodepth2 depth network with paddle.jit.save")
    p.add_argument("--load_weights_folder", type=str, required=True)
    p.add_argument("--output", type=str, required=True, help="path prefix of the saved model")
    p.add_argument("--num_layers", type=int, default=18, choices=[18, 34, 50, 101, 152])
    opt = p.parse_args(args)
    meta = console.run_main(export, opt.load_weights_folder, opt.output, opt.num_layers)
    print("-> saved inference model {} (input 1x3x{}x{})".format(opt.output, meta["height"], meta["width"]))


if __name__ == "__main__":
    main()
