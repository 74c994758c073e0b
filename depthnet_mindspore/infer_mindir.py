"""Offline inference, step 2 (a Python MINDIR runner): preprocess .bin -> result_Files.

    python infer_mindir.py --coarse_mindir Model/MindIR/FinalCoarseNet.mindir \
        --fine_mindir Model/MindIR/FinalFineNet.mindir --input_path preprocess_Result/img_data \
        --result_path result_Files

Each ``<name>.bin`` input gives ``<result_path>/<name>_0.bin``: FineNet log-depth (1, 1, 55, 74)
float32, the naming the C++ Ascend 310 runner uses, so postprocess.py reads either.
"""
import mindspore_common  # noqa: F401  (ONEDNN_MAX_CPU_ISA / GLOG_v before mindspore is imported)

import argparse
import os

import mindspore as ms
from mindspore import nn
from tqdm import tqdm

from mindspore_common.cli import main_guard
from mindspore_common.runtime import setup_context

from src.bin_io import read_bin, write_bin
from src.net import INPUT_HW


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Run exported DepthNet MINDIR files on preprocessed .bin inputs", allow_abbrev=False)
    p.add_argument("--coarse_mindir", required=True)
    p.add_argument("--fine_mindir", required=True)
    p.add_argument("--input_path", required=True, help="img_data folder written by preprocess.py")
    p.add_argument("--result_path", default="./result_Files")
    p.add_argument("--device_target", default="CPU", choices=["auto", "Ascend", "GPU", "CPU"])
    p.add_argument("--device_id", type=int, default=0)
    return p.parse_args(argv)


def load_graph(path, what):
    if not os.path.isfile(path):
        raise FileNotFoundError("%s not found: %s" % (what, path))
    try:
        return nn.GraphCell(ms.load(path))
    except Exception as exc:
        raise ValueError("cannot load %s %s: %s" % (what, path, str(exc).splitlines()[0] if str(exc) else exc))


@main_guard
def main(argv=None):
    args = parse_args(argv)
    if not os.path.isdir(args.input_path):
        raise FileNotFoundError("--input_path folder not found: %s" % args.input_path)
    names = sorted(n for n in os.listdir(args.input_path) if n.endswith(".bin"))
    if not names:
        raise FileNotFoundError("no .bin inputs in %s (run preprocess.py first)" % args.input_path)
    setup_context(None if args.device_target == "auto" else args.device_target, args.device_id, "graph")
    coarse = load_graph(args.coarse_mindir, "--coarse_mindir")
    fine = load_graph(args.fine_mindir, "--fine_mindir")
    os.makedirs(args.result_path, exist_ok=True)
    for name in tqdm(names, desc="infer"):
        rgb = ms.Tensor(read_bin(os.path.join(args.input_path, name), (3,) + INPUT_HW))
        write_bin(os.path.join(args.result_path, name[:-4] + "_0.bin"), fine(rgb, coarse(rgb)).asnumpy())
    print("wrote %d results to %s" % (len(names), args.result_path))


if __name__ == "__main__":
    main()
