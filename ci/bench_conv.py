"""Forward throughput of one convolution stack in one framework, as a JSON line.

    python ci/bench_conv.py STACK

The stack is 10 layers of 3x3 convolution, 64 -> 64 channels, stride 1, 'same' padding, bias,
ReLU, on one 64x96x320 fp32 image (the DEVELOPERS speed table). GFLOP/s counts 2 FLOPs per
multiply-add of the convolutions only. STACK is one of:

  torch            PyTorch eager, torch.no_grad (the reference)
  tf               TensorFlow 1.15 graph, NHWC
  mindspore        MindSpore graph mode as installed (ONEDNN_MAX_CPU_ISA removed)
  mindspore-avx2   MindSpore graph mode with ONEDNN_MAX_CPU_ISA=AVX2 set before the import
  paddle           Paddle dygraph
  paddle-static    paddle.jit.to_static with the oneDNN flag on
"""
import json
import os
import sys
import time

LAYERS, CH, H, W = 10, 64, 96, 320
FLOP = 2.0 * LAYERS * CH * CH * 9 * H * W


def timeit(fn, min_seconds=2.0, max_iters=50):
    fn()                                  # warm-up / compilation
    n, t0 = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        dt = time.perf_counter() - t0
        if dt >= min_seconds or n >= max_iters:
            return dt / n


def bench_torch():
    import torch
    layers = []
    for _ in range(LAYERS):
        layers += [torch.nn.Conv2d(CH, CH, 3, padding=1), torch.nn.ReLU()]
    net = torch.nn.Sequential(*layers).eval()
    x = torch.randn(1, CH, H, W)
    with torch.no_grad():
        return timeit(lambda: net(x)), torch.__version__


def bench_tf():
    import numpy as np
    import tensorflow as tf
    x = tf.constant(np.random.randn(1, H, W, CH).astype("float32"))
    y = x
    for i in range(LAYERS):
        k = tf.Variable(tf.random.normal([3, 3, CH, CH], stddev=0.05), name="k%d" % i)
        b = tf.Variable(tf.zeros([CH]), name="b%d" % i)
        y = tf.nn.relu(tf.nn.conv2d(y, k, strides=1, padding="SAME") + b)
    out = tf.reduce_sum(y)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return timeit(lambda: sess.run(out)), tf.__version__


def bench_mindspore(isa):
    if isa:
        os.environ["ONEDNN_MAX_CPU_ISA"] = isa
    else:
        os.environ.pop("ONEDNN_MAX_CPU_ISA", None)
    import numpy as np
    import mindspore as ms
    from mindspore import nn
    ms.set_context(mode=ms.GRAPH_MODE, device_target="CPU")
    layers = []
    for _ in range(LAYERS):
        layers += [nn.Conv2d(CH, CH, 3, pad_mode="same", has_bias=True), nn.ReLU()]
    net = nn.SequentialCell(layers)
    net.set_train(False)
    x = ms.Tensor(np.random.randn(1, CH, H, W).astype(np.float32))
    return timeit(lambda: net(x).asnumpy(), min_seconds=2.0 if isa else 0.1), ms.__version__


def bench_paddle(static):
    import paddle
    if static:
        paddle.set_flags({"FLAGS_use_onednn": True})
    layers = []
    for _ in range(LAYERS):
        layers += [paddle.nn.Conv2D(CH, CH, 3, padding=1), paddle.nn.ReLU()]
    net = paddle.nn.Sequential(*layers)
    net.eval()
    if static:
        net = paddle.jit.to_static(
            net, input_spec=[paddle.static.InputSpec([1, CH, H, W], "float32")], full_graph=True)
    x = paddle.randn([1, CH, H, W])
    with paddle.no_grad():
        return timeit(lambda: net(x).numpy()), paddle.__version__


STACKS = {
    "torch": bench_torch,
    "tf": bench_tf,
    "mindspore": lambda: bench_mindspore(None),
    "mindspore-avx2": lambda: bench_mindspore("AVX2"),
    "paddle": lambda: bench_paddle(False),
    "paddle-static": lambda: bench_paddle(True),
}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in STACKS:
        sys.exit("usage: bench_conv.py {%s}" % "|".join(STACKS))
    seconds, version = STACKS[sys.argv[1]]()
    print(json.dumps({"stack": sys.argv[1], "version": version, "ms": seconds * 1e3,
                      "gflops": FLOP / seconds / 1e9}))
