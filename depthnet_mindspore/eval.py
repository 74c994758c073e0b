"""Evaluate DepthNet checkpoints on NYU Test/ and write a common_metrics report.

    python eval.py --test_data ~/NYU --coarse_ckpt_model Model/Ckpt/FinalCoarseNet.ckpt \
        --fine_ckpt_model Model/Ckpt/FinalFineNet.ckpt --device_target CPU [--full_res]

Next to the report it writes ``<report>_baseline.json`` (the constant mean training depth of
``<test_data>/Train`` under the same protocol; ``--baseline_depth`` sets the constant) and
``<report>.png`` (RGB | prediction | ground truth of the first test image at its resolution).
"""
import mindspore_common  # noqa: F401  (ONEDNN_MAX_CPU_ISA / GLOG_v before mindspore is imported)

import argparse
import os

import mindspore as ms
from tqdm import tqdm

from common_metrics.baseline import ConstantDepthBaseline, baseline_path, write_baseline_report
from common_metrics.panels import save_panel
from common_metrics.report import write_report
from mindspore_common.cli import main_guard
from mindspore_common.runtime import setup_context

from src.baseline import mean_train_depth
from src.data_loader import TEST_DEPTH_SCALE, create_test_dataset, list_test_pairs, read_pair, \
    resolve_split_dir
from src.evaluation import NyuEvaluator, format_table, gt_mask, protocol
from src.inference import load_networks, predict, whole_image_depth


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Evaluate DepthNet on the NYU test set", allow_abbrev=False)
    p.add_argument("--test_data", required=True, help="dataset root containing Test/ (or the Test folder)")
    p.add_argument("--coarse_ckpt_model", default="./Model/Ckpt/FinalCoarseNet.ckpt")
    p.add_argument("--fine_ckpt_model", default="./Model/Ckpt/FinalFineNet.ckpt",
                   help="FineNet checkpoint; an empty string evaluates and reports CoarseNet alone")
    p.add_argument("--device_target", default="CPU", choices=["auto", "Ascend", "GPU", "CPU"])
    p.add_argument("--device_id", type=int, default=0)
    p.add_argument("--mode", default="graph", choices=["graph", "pynative"])
    p.add_argument("--full_res", action="store_true",
                   help="score at 480x640 inside the whole NYU Eigen crop (prediction upsampled to the full frame)")
    p.add_argument("--batch_size", type=int, default=1)
    p.add_argument("--report", default="reports/depthnet_mindspore.json", help="common_metrics report path")
    p.add_argument("--dataset_name", default="nyu_depth_v2", help="dataset name written in the report")
    p.add_argument("--baseline_depth", type=float, default=0.0,
                   help="constant of the baseline report in metres (0: mean depth of <test_data>/Train; "
                        "-1: no baseline report)")
    p.add_argument("--save_dir", default="", help="write panels of the first --save_count test images here")
    p.add_argument("--save_count", type=int, default=4)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    args = p.parse_args(argv)
    if args.batch_size < 1:
        p.error("--batch_size must be positive")
    return args


def evaluate(coarse, fine, dataset, full_res, show_bar=True, baseline=None):
    """{"CoarseNet": metrics, "FineNet": metrics} over ``dataset``; ``baseline`` (ConstantDepthBaseline)
    is scored on the same ground truth and masks."""
    evals = {"CoarseNet": NyuEvaluator(full_res)}
    if fine is not None:
        evals["FineNet"] = NyuEvaluator(full_res)
    for batch in tqdm(dataset.create_tuple_iterator(num_epochs=1, output_numpy=True),
                      total=dataset.get_dataset_size(), desc="eval", disable=not show_bar):
        rgb, gt = batch[0], batch[1]
        gt_full = batch[2] if full_res else None
        c, f = predict(coarse, fine, rgb)
        evals["CoarseNet"].update(c, gt, gt_full)
        if fine is not None:
            evals["FineNet"].update(f, gt, gt_full)
        if baseline is not None:
            for target, mask in evals["CoarseNet"].targets(gt, gt_full):
                baseline.update(target, mask)
    return {name: e.result() for name, e in evals.items()}


def write_panels(paths, coarse, fine, test_dir, title):
    """RGB | prediction | ground truth panels (input resolution, shared colour scale) of the first test images."""
    for path, (rgb_path, depth_path) in zip(paths, list_test_pairs(test_dir)):
        rgb, gt = read_pair(rgb_path, depth_path, TEST_DEPTH_SCALE)
        save_panel(path, rgb, whole_image_depth(coarse, fine, rgb), gt, mask=gt_mask(gt), kind="depth",
                   title="%s: %s" % (title, os.path.basename(rgb_path)))


def baseline_value(args):
    """(constant in metres, where it came from), or (None, reason) when no baseline is written."""
    if args.baseline_depth > 0:
        return args.baseline_depth, "--baseline_depth"
    if args.baseline_depth < 0:
        return None, "--baseline_depth %g" % args.baseline_depth
    train = os.path.join(args.test_data, "Train")
    if not os.path.isdir(train):
        return None, "no %s to take the mean training depth from (set --baseline_depth)" % train
    return mean_train_depth(train), "mean depth of %s" % train


@main_guard
def main(argv=None):
    args = parse_args(argv)
    setup_context(None if args.device_target == "auto" else args.device_target, args.device_id, args.mode)
    dataset = create_test_dataset(args.test_data, args.batch_size, full_res=args.full_res)
    coarse, fine = load_networks(args.coarse_ckpt_model, args.fine_ckpt_model)
    constant, source = baseline_value(args)
    baseline = ConstantDepthBaseline("fixed", value=constant) if constant is not None else None
    results = evaluate(coarse, fine, dataset, args.full_res, not args.quiet, baseline)
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
    if baseline is not None:
        base = baseline.result()
        write_baseline_report(args.report, base, "constant %.3f m (%s)" % (constant, source))
        print("baseline (constant %.3f m, %s): abs_rel %.4f a1 %.4f -> %s"
              % (constant, source, base["abs_rel"], base["a1"], baseline_path(args.report)))
    else:
        print("no baseline report: %s" % source)
    test_dir = resolve_split_dir(args.test_data, "Test")
    title = "DepthNet %s abs_rel %.3f a1 %.3f" % (final, results[final]["abs_rel"], results[final]["a1"])
    panel = os.path.splitext(args.report)[0] + ".png"
    write_panels([panel], coarse, fine, test_dir, title)
    if args.save_dir:
        write_panels([os.path.join(args.save_dir, "%05d.png" % i) for i in range(args.save_count)],
                     coarse, fine, test_dir, title)
    print("panel written to %s%s" % (panel, ", more in %s" % args.save_dir if args.save_dir else ""))
    return results


if __name__ == "__main__":
    main()
