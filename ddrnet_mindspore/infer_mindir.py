"""Offline inference, step 2, in Python (stands in for the Ascend 310 C++ runner, not shipped):
an exported MINDIR over preprocess.py's .bin files.

    python infer_mindir.py --mindir_path DDRNet23.mindir --input_path preprocess_Result/img_data \
        --result_path result_Files [--device_target CPU]

Each <name>.bin gives <result_path>/<name>_0.bin: float32 logits, the 310 runner's naming.
"""
import mindspore_common  # noqa: F401  (first: oneDNN ISA cap and quiet logs before mindspore)

import argparse
import os

import numpy as np
import mindspore as ms
from mindspore_common.cli import main_guard
from mindspore_common.runtime import setup_context


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Run an exported DDRNet MINDIR on .bin inputs",
                                allow_abbrev=False)
    p.add_argument("--mindir_path", required=True, help="file written by export.py")
    p.add_argument("--input_path", required=True, help="img_data folder of preprocess.py")
    p.add_argument("--result_path", default="./result_Files")
    p.add_argument("--device_target", default="CPU", help="Ascend | GPU | CPU | auto")
    p.add_argument("--device_id", type=int, default=0)
    return p.parse_args(argv)


def load_graph(path):
    if not os.path.isfile(path):
        raise FileNotFoundError("--mindir_path not found: %s" % path)
    try:
        return ms.nn.GraphCell(ms.load(path))
    except Exception as exc:  # a corrupt file raises RuntimeError deep in MindSpore
        raise ValueError("--mindir_path %s is not a readable MINDIR (%s)"
                         % (path, str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__))


def square_input(path):
    """A preprocess.py .bin as (1, 3, S, S) float32."""
    data = np.fromfile(path, dtype=np.float32)
    side = int(round((data.size / 3) ** 0.5))
    if data.size == 0 or 3 * side * side != data.size:
        raise ValueError("%s holds %d floats, not a 3xSxS image from preprocess.py" % (path, data.size))
    return data.reshape(1, 3, side, side)


def run(graph, input_path, result_path, log=print):
    names = sorted(n for n in os.listdir(input_path) if n.endswith(".bin"))
    if not names:
        raise FileNotFoundError("no .bin inputs in %s (run preprocess.py first)" % input_path)
    os.makedirs(result_path, exist_ok=True)
    for name in names:
        image = square_input(os.path.join(input_path, name))
        try:
            logits = graph(ms.Tensor(image)).asnumpy().astype(np.float32)
        except (RuntimeError, ValueError, TypeError) as exc:
            raise ValueError("the MINDIR does not take %s's 1x3x%dx%d input (export it with "
                             "--export_size %d,%d --export_batch 1): %s" % ((name,) + image.shape[2:] * 2
                             + (str(exc).strip().splitlines()[0],)))
        logits.tofile(os.path.join(result_path, name[:-4] + "_0.bin"))
    log("wrote %d results to %s" % (len(names), result_path))
    return len(names)


@main_guard
def main(argv=None):
    args = parse_args(argv)
    if not os.path.isdir(args.input_path):
        raise FileNotFoundError("--input_path folder not found: %s" % args.input_path)
    setup_context(args.device_target, args.device_id, "graph")
    graph = load_graph(args.mindir_path)
    run(graph, args.input_path, args.result_path)


if __name__ == "__main__":
    main()
