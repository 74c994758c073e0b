"""Export CoarseNet or FineNet to MINDIR, AIR (Ascend only) or ONNX.

    python export.py --coarse_or_fine coarse                      # Model/Ckpt -> Model/MindIR
    python export.py --coarse_or_fine fine --file_format ONNX --ckpt_file my/FinalFineNet.ckpt

ONNX goes through ``mindspore.onnx.export`` (MindSpore 2.10 deprecates
``mindspore.export(file_format="ONNX")`` in its favour). Inputs are named ``rgb`` (N, 3, 228, 304)
and, for FineNet, ``coarse_log_depth`` (N, 1, 55, 74); the output is log-depth (N, 1, 55, 74).
"""
import mindspore_common  # noqa: F401  (ONEDNN_MAX_CPU_ISA / GLOG_v before mindspore is imported)

import argparse
import os

import numpy as np
import mindspore as ms

from mindspore_common.checkpoint import load_into
from mindspore_common.cli import main_guard
from mindspore_common.runtime import setup_context

from src.net import INPUT_HW, OUTPUT_HW, CoarseNet, FineNet

FORMAT_DIRS = {"MINDIR": "MindIR", "AIR": "AIR", "ONNX": "ONNX"}
FORMAT_EXT = {"MINDIR": ".mindir", "AIR": ".air", "ONNX": ".onnx"}
NAMES = {"coarse": "FinalCoarseNet", "fine": "FinalFineNet"}
INPUT_NAMES = {"coarse": ["rgb"], "fine": ["rgb", "coarse_log_depth"]}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Export DepthNet to MINDIR / AIR / ONNX", allow_abbrev=False)
    p.add_argument("--coarse_or_fine", default="coarse", choices=["coarse", "fine"])
    p.add_argument("--file_format", default="MINDIR", choices=sorted(FORMAT_DIRS))
    p.add_argument("--ckpt_file", default="", help="checkpoint (default ./Model/Ckpt/Final{Coarse,Fine}Net.ckpt)")
    p.add_argument("--file_name", default="", help="output path without extension (default ./Model/<FORMAT>/Final...Net)")
    p.add_argument("--batch_size", type=int, default=1)
    p.add_argument("--device_target", default="CPU", choices=["auto", "Ascend", "GPU", "CPU"])
    p.add_argument("--device_id", type=int, default=0)
    args = p.parse_args(argv)
    if args.file_format == "AIR" and args.device_target != "Ascend":
        p.error("--file_format AIR can only be exported on Ascend (--device_target Ascend); "
                "use MINDIR or ONNX on %s" % args.device_target)
    if args.batch_size < 1:
        p.error("--batch_size must be positive")
    return args


def example_inputs(which, batch_size=1):
    """Inputs that fix the exported shapes: RGB (N,3,228,304) [+ coarse log-depth (N,1,55,74)]."""
    rgb = ms.Tensor(np.zeros((batch_size, 3) + INPUT_HW, np.float32))
    if which == "coarse":
        return (rgb,)
    return rgb, ms.Tensor(np.zeros((batch_size, 1) + OUTPUT_HW, np.float32))


def export_network(which, ckpt_file, file_name, file_format="MINDIR", batch_size=1):
    """Load ``ckpt_file`` into the network and export it; return the written path."""
    net = CoarseNet() if which == "coarse" else FineNet()
    load_into(net, ckpt_file, "%s checkpoint" % type(net).__name__)
    net.set_train(False)
    os.makedirs(os.path.dirname(os.path.abspath(file_name)), exist_ok=True)
    path = file_name + FORMAT_EXT[file_format]
    inputs = example_inputs(which, batch_size)
    if file_format == "ONNX":
        # output_names is left out: MindSpore 2.10 writes a graph output that does not exist then
        ms.onnx.export(net, *inputs, file_name=path, input_names=INPUT_NAMES[which])
    else:
        ms.export(net, *inputs, file_name=file_name, file_format=file_format)
    if not os.path.isfile(path):
        raise RuntimeError("export reported success but %s was not written" % path)
    return path


@main_guard
def main(argv=None):
    args = parse_args(argv)
    setup_context(None if args.device_target == "auto" else args.device_target, args.device_id, "graph")
    ckpt = args.ckpt_file or os.path.join("Model", "Ckpt", NAMES[args.coarse_or_fine] + ".ckpt")
    name = args.file_name or os.path.join("Model", FORMAT_DIRS[args.file_format], NAMES[args.coarse_or_fine])
    path = export_network(args.coarse_or_fine, ckpt, name, args.file_format, args.batch_size)
    print("exported %s -> %s" % (ckpt, path))
    return path


if __name__ == "__main__":
    main()
