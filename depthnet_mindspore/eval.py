"""Evaluate DepthNet checkpoints on NYU Test/ and write a common_metrics report.

    python eval.py --test_data ~/NYU --coarse_ckpt_model Model/Ckpt/FinalCoarseNet.ckpt \
        --fine_ckpt_model Model/Ckpt/FinalFineNet.ckpt --device_target CPU [--full_res]
"""
import src.cpu_isa  # noqa: F401  (sets ONEDNN_MAX_CPU_ISA before mindspore is imported)

import argparse
import os

import numpy as np
import mindspore as ms
from tqdm import tqdm

from common_metrics import io
from common_metrics.report import write_report

from src.cli import main_guard
from src.data_loader import create_test_dataset
from src.evaluation import NyuEvaluator, format_table, log_to_depth, protocol
from src.inference import load_networks, predict
from src.runtime import setup_context


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Evaluate DepthNet on the NYU test set", allow_abbrev=False)
    p.add_argument("--test_data", required=True, help="dataset root containing Test/ (or the Test folder)")
    p.add_argument("--coarse_ckpt_model", default="./Model/Ckpt/FinalCoarseNet.ckpt")
    p.add_argument("--fine_ckpt_model", default="./Model/Ckpt/FinalFineNet.ckpt",
                   help="FineNet checkpoint; an empty string evaluates and reports CoarseNet alone")
    p.add_argument("--device_target", default="CPU", choices=["Ascend", "GPU", "CPU"])
    p.add_argument("--device_id", type=int, default=0)
    p.add_argument("--mode", default="graph", choices=["graph", "pynative"])
    p.add_argument("--full_res", action="store_true", help="score at 480x640 inside the NYU Eigen crop")
    p.add_argument("--batch_size", type=int, default=1)
    p.add_argument("--report", default="reports/depthnet_mindspore.json", help="common_metrics report path")
    p.add_argument("--dataset_name", default="nyu_depth_v2", help="dataset name written in the report")
    p.add_argument("--save_dir", default="", help="write colour maps of the first --save_count predictions here")
    p.add_argument("--save_count", type=int, default=4)
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    if args.batch_size < 1:
        p.error("--batch_size must be positive")
    return args


def save_pictures(save_dir, index, rgb, log_fine, gt):
    """RGB input, predicted and ground-truth depth colour maps (shared range) of one test image."""
    pred = log_to_depth(log_fine[0])
    vmax = float(np.percentile(gt[gt > 0], 95)) if (gt > 0).any() else None
    base = os.path.join(save_dir, "%05d" % index)
    io.write_png(base + "_rgb.png", (np.clip(rgb.transpose(1, 2, 0), 0, 1) * 255).round().astype(np.uint8))
    io.write_colormap(base + "_pred.png", pred, vmin=0.0, vmax=vmax)
    io.write_colormap(base + "_gt.png", gt[0], vmin=0.0, vmax=vmax)


def evaluate(coarse, fine, dataset, full_res, show_bar=True, save_dir="", save_count=0):
    """{"CoarseNet": metrics, "FineNet": metrics} over ``dataset``."""
    evals = {"CoarseNet": NyuEvaluator(full_res)}
    if fine is not None:
        evals["FineNet"] = NyuEvaluator(full_res)
    index = 0
    for batch in tqdm(dataset.create_tuple_iterator(num_epochs=1, output_numpy=True),
                      total=dataset.get_dataset_size(), desc="eval", disable=not show_bar):
        rgb, gt = batch[0], batch[1]
        gt_full = batch[2] if full_res else None
        c, f = predict(coarse, fine, rgb)
        evals["CoarseNet"].update(c, gt, gt_full)
        if fine is not None:
            evals["FineNet"].update(f, gt, gt_full)
        final = f if fine is not None else c
        for i in range(rgb.shape[0]):
            if save_dir and index < save_count:
                save_pictures(save_dir, index, rgb[i], final[i], gt[i])
            index += 1
    return {name: e.result() for name, e in evals.items()}


@main_guard
def main(argv=None):
    args = parse_args(argv)
    setup_context(args.device_target, args.mode, args.device_id)
    dataset = create_test_dataset(args.test_data, args.batch_size, full_res=args.full_res)
    coarse, fine = load_networks(args.coarse_ckpt_model, args.fine_ckpt_model)
    if args.save_dir:
        os.makedirs(args.save_dir, exist_ok=True)
    results = evaluate(coarse, fine, dataset, args.full_res, not args.quiet, args.save_dir, args.save_count)
    print(format_table(results))
    skipped = results["CoarseNet"]["num_skipped"]
    if skipped:
        print("warning: %d test image(s) had no valid ground-truth pixel and were skipped" % skipped)
    final = "FineNet" if fine is not None else "CoarseNet"
    final_ckpt = args.fine_ckpt_model if fine is not None else args.coarse_ckpt_model
    write_report(args.report, model="depthnet_mindspore", framework="mindspore", dataset=args.dataset_name,
                 split="test", metrics=results[final], protocol=protocol(args.full_res),
                 checkpoint=os.path.abspath(final_ckpt), framework_version=ms.__version__,
                 extra={"coarse_metrics": results["CoarseNet"],
                        "coarse_checkpoint": os.path.abspath(args.coarse_ckpt_model),
                        "resolution": "480x640" if args.full_res else "55x74", "reported_network": final})
    print("report written to %s" % args.report)
    return results


if __name__ == "__main__":
    main()
