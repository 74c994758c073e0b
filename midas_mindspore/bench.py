"""CPU speed of MiDaS v2.1 (full MidasNet): inference latency at 384x384 and one training step at
batch 2, each next to the same architecture in PyTorch measured in the same run; grouped vs split
ResNeXt convolutions in MindSpore."""
import mindspore_common  # noqa: F401  (caps the oneDNN ISA, quiets GLOG; before mindspore)

import argparse
import os
import sys
import time

import numpy as np
import mindspore as ms
from common_metrics.atomic import atomic_write_text

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from src.loss import MidasWithLoss, ScaleAndShiftInvariantLoss  # noqa: E402
from src.midas_net import MidasNet  # noqa: E402


def timed(fn, warmup, runs):
    """(first call incl. compile, median of ``runs`` later calls) in seconds."""
    t = time.perf_counter()
    fn()
    first = time.perf_counter() - t
    for _ in range(warmup - 1):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return first, float(np.median(times))


def ms_rows(size, batch, runs, split, train_size):
    ms.set_context(mode=ms.GRAPH_MODE)
    ms.set_device("CPU")
    x = ms.Tensor(np.random.rand(1, 3, size, size).astype(np.float32))
    net = MidasNet(split_groups=split)
    net.set_train(False)
    name = "MindSpore %s, %s conv" % (ms.__version__, "split" if split else "grouped")
    rows = [(name, "inference 1x3x%dx%d" % (size, size)) + timed(lambda: net(x).asnumpy(), 1, runs)]
    if split:
        return rows
    net = MidasNet()  # a fresh instance: re-compiling the inference-compiled cell for training fails
    net.set_train(True)
    step = ms.nn.TrainOneStepCell(MidasWithLoss(net, ScaleAndShiftInvariantLoss()),
                                  ms.nn.Adam(net.trainable_params(), 1e-5))
    t = train_size
    xb = ms.Tensor(np.random.rand(batch, 3, t, t).astype(np.float32))
    d = ms.Tensor(np.random.rand(batch, t, t).astype(np.float32))
    m = ms.Tensor(np.ones((batch, t, t), np.float32))
    rows.append((name, "train step bs %d at %dx%d" % (batch, t, t))
                + timed(lambda: step(xb, m, d).asnumpy(), 1, runs))
    return rows


def torch_rows(size, batch, runs, train_size):
    import torch
    from tests.torch_midas_reference import TorchMidasNet

    torch.set_num_threads(os.cpu_count())
    net = TorchMidasNet().eval()
    x = torch.rand(1, 3, size, size)
    name = "PyTorch %s (same architecture)" % torch.__version__.split("+")[0]

    def infer():
        with torch.no_grad():
            net(x)
    rows = [(name, "inference 1x3x%dx%d" % (size, size)) + timed(infer, 1, runs)]
    net.train()
    opt = torch.optim.Adam(net.parameters(), 1e-5)
    t = train_size
    xb, d = torch.rand(batch, 3, t, t), torch.rand(batch, t, t)

    def step():
        opt.zero_grad()
        loss = ((net(xb) - d) ** 2).mean()  # the step's cost is the network's, not the loss's
        loss.backward()
        opt.step()
    rows.append((name, "train step bs %d at %dx%d" % (batch, t, t)) + timed(step, 1, runs))
    return rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="markdown table to write")
    p.add_argument("--size", type=int, default=384)
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--train_size", type=int, default=384,
                   help="training-step input size (384 needs about 8 GB of memory)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--no_torch", action="store_true")
    p.add_argument("--no_split", action="store_true",
                   help="skip the split-convolution row (its graph takes minutes and GBs to compile)")
    args = p.parse_args(argv)
    rows = ms_rows(args.size, args.batch, args.runs, False, args.train_size)
    if not args.no_split:
        rows += ms_rows(args.size, args.batch, 1, True, args.train_size)
    if not args.no_torch:
        rows += torch_rows(args.size, args.batch, args.runs, args.train_size)
    lines = ["| framework | what | first call (s, incl. compile) | median (ms) |",
             "| --- | --- | ---: | ---: |"]
    lines += ["| %s | %s | %.1f | %.0f |" % (a, b, first, med * 1000) for a, b, first, med in rows]
    lines.append("| model zoo (seed README) | train step bs 8, 8x Ascend 910 | | 423 |")
    text = "CPU: %d cores (%s)\n\n" % (os.cpu_count(), os.environ.get("ONEDNN_MAX_CPU_ISA", "")) + "\n".join(lines) + "\n"
    atomic_write_text(args.out, text)
    print(text)


if __name__ == "__main__":
    main()
