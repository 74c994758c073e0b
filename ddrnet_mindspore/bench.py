"""CPU speed of DDRNet-23: inference latency at 224x224 (batch 1) and training throughput
(batch 8, SGD + cross-entropy), each next to the PyTorch DDRNet-23 reference of the tests
(tests/torch_ddrnet.py) measured in the same run, so the ratio holds whatever the machine's load.

    python bench.py --out reports/bench_ddrnet_mindspore.md [--arch DDRNet23 --runs 10 --steps 3]
"""
import mindspore_common  # noqa: F401  (first: oneDNN ISA cap and quiet logs before mindspore)

import argparse
import os
import platform
import sys

import numpy as np
import mindspore as ms
from mindspore import nn
from common_metrics.atomic import atomic_write_text
from mindspore_common.runtime import setup_context
from mindspore_common.timing import timed

from src.models import get_model

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_310_MS = 3.30  # seed README: 3.29687 ms per image on Ascend 310 (MindSpore 1.3, batch 1)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="DDRNet CPU benchmark", allow_abbrev=False)
    p.add_argument("--out", default="", help="markdown file for the results table")
    p.add_argument("--arch", default="DDRNet23", choices=["DDRNet23", "DDRNet23slim", "DDRNet39"])
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--batch_size", type=int, default=8, help="training batch")
    p.add_argument("--runs", type=int, default=10, help="timed inference runs (after 2 warm-up runs)")
    p.add_argument("--steps", type=int, default=3, help="timed training steps (after 2 warm-up steps)")
    return p.parse_args(argv)


def mindspore_times(args, x1, xb, yb):
    net = get_model(args.arch)
    step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.CrossEntropyLoss()),
                               nn.Momentum(net.trainable_params(), 0.01, 0.9))
    step.set_train(True)
    train = float(np.median(timed(lambda: step(ms.Tensor(xb), ms.Tensor(yb)).asnumpy(), 2, args.steps)))
    net.set_train(False)
    infer = float(np.median(timed(lambda: net(ms.Tensor(x1)).asnumpy(), 2, args.runs)))
    return infer, train


def torch_times(args, x1, xb, yb):
    import torch
    sys.path.insert(0, os.path.join(HERE, "tests"))
    from torch_ddrnet import ARCH, TorchDDRNet

    torch.manual_seed(0)
    net = TorchDDRNet(**ARCH[args.arch])
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    tx1, txb, tyb = torch.from_numpy(x1), torch.from_numpy(xb), torch.from_numpy(yb).long()

    def train_step():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(txb), tyb).backward()
        opt.step()

    net.train()
    train = float(np.median(timed(train_step, 2, args.steps)))
    net.eval()
    with torch.no_grad():
        infer = float(np.median(timed(lambda: net(tx1), 2, args.runs)))
    return infer, train, torch.__version__, torch.get_num_threads()


def main(argv=None):
    args = parse_args(argv)
    setup_context("CPU", 0, "graph", log=lambda *a: None)
    rng = np.random.default_rng(0)
    x1 = rng.random((1, 3, args.size, args.size), np.float32)
    xb = rng.random((args.batch_size, 3, args.size, args.size), np.float32)
    yb = rng.integers(0, 1000, args.batch_size).astype(np.int32)
    ms_infer, ms_train = mindspore_times(args, x1, xb, yb)
    pt_infer, pt_train, pt_version, threads = torch_times(args, x1, xb, yb)
    bs = args.batch_size
    lines = [
        "%s, %dx%d, float32, CPU (%s, %d cores, ONEDNN_MAX_CPU_ISA=%s, torch threads %d), "
        "medians; seed: %.2f ms/image on Ascend 310." % (args.arch, args.size, args.size,
            platform.machine(), os.cpu_count(), os.environ.get("ONEDNN_MAX_CPU_ISA"), threads, SEED_310_MS),
        "",
        "| measurement | MindSpore %s (graph) | PyTorch %s (reference) | MindSpore / PyTorch |" % (ms.__version__, pt_version),
        "| --- | ---: | ---: | ---: |",
        "| inference latency, batch 1 | %.1f ms | %.1f ms | %.2fx time |" % (1e3 * ms_infer, 1e3 * pt_infer, ms_infer / pt_infer),
        "| training throughput, batch %d | %.2f images/s | %.2f images/s | %.2fx speed |"
        % (bs, bs / ms_train, bs / pt_train, pt_train / ms_train),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        atomic_write_text(args.out, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
