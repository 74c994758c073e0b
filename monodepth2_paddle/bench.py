"""CPU/GPU timings: train step (640x192, bs 12, mono+stereo) and depth inference latency,
dygraph vs the paddle.jit.to_static fast path (and the jit.save'd model for inference).

python bench.py [--out REPORT.md] [--steps N] [--height 192 --width 640 --batch_size 12]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import console  # noqa: E402  (before paddle)

console.quiet_third_party()

import paddle  # noqa: E402
from common_metrics.atomic import atomic_write_text


def make_data(root, height, width, batch):
    import sample_data
    num = max(3, batch // 2 + 3)  # sample split has 2 * (num - 2) training lines
    return sample_data.write_dataset("kitti_raw", os.path.join(root, "kitti_raw"), num=num,
                                     height=height, width=width, seed=0)


def time_train(data, opt_args, steps, to_static):
    """Median seconds per train_step on one fixed batch; to_static gets one untimed warm-up step
    (tracing), dygraph has nothing to warm up. Returns (first step s, median wall s, median CPU s);
    CPU seconds (all threads) say more than wall time on a machine shared with other jobs."""
    import gc
    from options import MonodepthOptions
    from trainer import Trainer
    args = opt_args + ([] if to_static else ["--no_to_static"])
    tr = Trainer(MonodepthOptions().parse(args))
    tr.train_dataset.is_train = False
    batch = next(iter(tr.train_loader))
    tr.set_train()
    first = None
    if to_static:
        t0 = time.time()
        tr.train_step(batch)
        first = time.time() - t0
    times, cpu = [], []
    for _ in range(steps):
        t0, c0 = time.time(), time.process_time()
        tr.train_step(batch)
        times.append(time.time() - t0)
        cpu.append(time.process_time() - c0)
    del tr, batch
    gc.collect()
    return first, statistics.median(times), statistics.median(cpu)


def time_infer(height, width, runs):
    import networks
    paddle.seed(0)
    enc = networks.ResnetEncoder(18, False)
    net = networks.DepthNet(enc, networks.DepthDecoder(enc.num_ch_enc), scales=[0])
    net.eval()
    x = paddle.rand([1, 3, height, width])
    out = {}
    with paddle.no_grad():
        for name in ("dygraph", "to_static"):
            f = net if name == "dygraph" else paddle.jit.to_static(
                net, input_spec=[paddle.static.InputSpec([1, 3, height, width], "float32")],
                full_graph=True)
            f(x)
            ts, cs = [], []
            for _ in range(runs):
                t0, c0 = time.time(), time.process_time()
                f(x)[0].numpy()
                ts.append(time.time() - t0)
                cs.append(time.process_time() - c0)
            out[name] = (statistics.median(ts), statistics.median(cs))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=str, help="markdown report path")
    p.add_argument("--steps", type=int, default=int(os.environ.get("BENCH_STEPS", 1)))
    p.add_argument("--runs", type=int, default=5, help="inference repetitions")
    p.add_argument("--height", type=int, default=192)
    p.add_argument("--width", type=int, default=640)
    p.add_argument("--batch_size", type=int, default=12)
    a = p.parse_args()
    device = "gpu" if paddle.is_compiled_with_cuda() and paddle.device.cuda.device_count() else "cpu"
    paddle.set_device(device)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        data = make_data(tmp, a.height, a.width, a.batch_size)
        opt_args = ["--data_path", data, "--split", os.path.join(data, "splits", "sample"),
                    "--log_dir", os.path.join(tmp, "logs"), "--height", str(a.height),
                    "--width", str(a.width), "--batch_size", str(a.batch_size), "--use_stereo",
                    "--frame_ids", "0", "-1", "1", "--weights_init", "scratch", "--num_workers", "0"]
        for static in (False, True):
            name = "to_static" if static else "dygraph"
            first, step, cpu = time_train(data, opt_args, a.steps, static)
            print("train {:9s}: {:.2f} s/step ({:.2f} img/s), {:.1f} CPU-s/step{}".format(
                name, step, a.batch_size / step, cpu,
                "" if first is None else ", first (tracing) step {:.1f} s".format(first)), flush=True)
            rows.append(("train step {}x{} bs {} mono+stereo".format(a.width, a.height, a.batch_size),
                         name, "{:.2f} s".format(step), "{:.1f} s".format(cpu),
                         "{:.2f} img/s".format(a.batch_size / step)))
    inf = time_infer(a.height, a.width, a.runs)
    for name, (t, c) in inf.items():
        print("inference {:9s}: {:.1f} ms/image, {:.1f} CPU-ms".format(name, t * 1000, c * 1000),
              flush=True)
        rows.append(("depth inference {}x{} bs 1".format(a.width, a.height), name,
                     "{:.1f} ms".format(t * 1000), "{:.1f} ms".format(c * 1000),
                     "{:.2f} img/s".format(1 / t)))
    table = ["| what | path | wall time | CPU time (all threads) | throughput |",
             "| --- | --- | --- | --- | --- |"]
    table += ["| {} | {} | {} | {} | {} |".format(*r) for r in rows]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    text = ("# monodepth2_paddle benchmark\n\ndevice: {} ({} threads, load average {:.1f} at the "
            "end), paddle {}, median of {} train step(s) (to_static after one tracing step), median "
            "of {} inference runs\n\n{}\n").format(device, os.cpu_count(), load, paddle.__version__,
                                                   a.steps, a.runs, "\n".join(table))
    print(text)
    if a.out:
        atomic_write_text(a.out, text)


if __name__ == "__main__":
    main()
