"""Export a DDRNet checkpoint to MINDIR, AIR (Ascend only) or ONNX at any input size.

    python export.py --pretrained DDRNet23.ckpt --ddr_config src/configs/ddrnet23_imagenet_cpu.yaml \
        --device_target CPU --file_format MINDIR [--file_name out/DDRNet23] [--export_size 256,320]

Writes <file_name>.<mindir|air|onnx> (default file name: the arch, in the current folder).
"""
import mindspore_common  # noqa: F401  (first: oneDNN ISA cap and quiet logs before mindspore)

import os

import numpy as np
import mindspore as ms
from mindspore_common.cli import main_guard
from mindspore_common.runtime import resolve_device, setup_context

from src.tools.entry_args import parse_entry_args
from src.tools.network import load_network

EXTENSIONS = {"MINDIR": ".mindir", "AIR": ".air", "ONNX": ".onnx"}
EXPORT_KEYS = {
    "file_name": ("", "output path without extension (default: ./<arch>)"),
    "export_batch": (1, "batch size fixed in the exported graph"),
    "export_size": ([0, 0], "input H,W of the exported graph (0,0: image_size,image_size)"),
}


def input_shape(args):
    """(N, 3, H, W) of the exported graph; H and W must survive the network's five stride-2 steps."""
    size = [int(v) for v in args.export_size]
    size = size if any(size) else [args.image_size, args.image_size]
    if len(size) != 2 or min(size) < 32 or args.export_batch < 1:
        raise ValueError("export_size must be H,W of at least 32 each and export_batch >= 1, got %r, %r"
                         % (args.export_size, args.export_batch))
    return (args.export_batch, 3, int(size[0]), int(size[1]))


def export_model(args):
    """Load --pretrained into the arch and export it; return the written path."""
    if args.file_format == "AIR" and resolve_device(args.device_target) != "Ascend":
        raise ValueError("--file_format AIR needs an Ascend device (AIR is built by the Ascend "
                         "toolkit); use MINDIR or ONNX here")
    net = load_network(args.arch, args.num_classes, args.pretrained)
    file_name = args.file_name or args.arch
    os.makedirs(os.path.dirname(os.path.abspath(file_name)), exist_ok=True)
    example = ms.Tensor(np.zeros(input_shape(args), np.float32))
    ms.export(net, example, file_name=file_name, file_format=args.file_format)
    path = file_name + EXTENSIONS[args.file_format]
    if not os.path.isfile(path):
        raise ValueError("export did not write %s" % path)
    return path


@main_guard
def main(argv=None):
    args = parse_entry_args(argv, EXPORT_KEYS, "Export DDRNet to MINDIR / AIR / ONNX")
    setup_context(args.device_target, args.device_id, "graph")
    path = export_model(args)
    print("wrote %s (%s, input %s)" % (path, args.arch, "x".join(map(str, input_shape(args)))))


if __name__ == "__main__":
    main()
