"""KITTI depth evaluation with common_metrics, upstream's protocol per split.

python evaluate_depth.py --load_weights_folder W --eval_mono|--eval_stereo --data_path KITTI

eigen (and split folders of raw-KITTI lines): Garg crop, 1e-3 < gt < 80 m; eigen_benchmark:
every gt > 0; benchmark: writes the depth-benchmark submission PNGs instead of scoring.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import console  # noqa: E402  (before paddle)

console.quiet_third_party()

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import paddle  # noqa: E402
from tqdm import tqdm  # noqa: E402

from common_metrics.align import median_scale_factor  # noqa: E402
from common_metrics.baseline import (ConstantDepthBaseline, baseline_path,  # noqa: E402
                                     write_baseline_report)
from common_metrics.crops import depth_range_mask, kitti_garg_crop  # noqa: E402
from common_metrics.depth import DepthMetricAccumulator  # noqa: E402
from common_metrics.report import write_report  # noqa: E402

from datasets.loader import checked, make_loader  # noqa: E402
from export_gt_depth import load_gt_depths  # noqa: E402
from layers import STEREO_SCALE_FACTOR, disp_to_depth  # noqa: E402
from options import MonodepthOptions, split_dir  # noqa: E402
from utils import readlines  # noqa: E402

MIN_DEPTH = 1e-3
MAX_DEPTH = 80
# upstream's benchmark submission: 1216 x 352 PNGs of depth * 256 from 5.4 * 5.2229753 / disp
BENCHMARK_SIZE = (1216, 352)
BENCHMARK_DEPTH_FROM_DISP = STEREO_SCALE_FACTOR * 5.2229753


def split_name(eval_split):
    return os.path.basename(os.path.normpath(eval_split))


def uses_eigen_protocol(eval_split):
    """Upstream crops and range-limits only the Eigen split; folders of raw-KITTI test lines
    (such as the sample split) are Eigen-style too. eigen_benchmark keeps every gt > 0."""
    return split_name(eval_split) not in ("eigen_benchmark", "benchmark")


def batch_post_process_disparity(l_disp, r_disp):
    """Monodepth v1 flip blending; r_disp already flipped back. Shapes (N, H, W)."""
    _, h, w = l_disp.shape
    m_disp = 0.5 * (l_disp + r_disp)
    l, _ = np.meshgrid(np.linspace(0, 1, w), np.linspace(0, 1, h))
    l_mask = (1.0 - np.clip(20 * (l - 0.05), 0, 1))[None, ...]
    r_mask = l_mask[:, :, ::-1]
    return r_mask * l_disp + l_mask * r_disp + (1.0 - l_mask - r_mask) * m_disp


def test_dataset(opt, filenames, height, width, test_file):
    import datasets
    cls = datasets.KITTIBenchmarkTestDataset if split_name(opt.eval_split) == "benchmark" \
        else datasets.KITTIRAWDataset
    ext = ".png" if opt.png or cls is datasets.KITTIBenchmarkTestDataset else ".jpg"
    dataset = cls(opt.data_path, filenames, height, width, [0], 1, is_train=False, img_ext=ext)
    dataset.check_files(test_file)  # before any prediction: a missing frame fails at once
    return dataset


def predict_disparities(opt, filenames, test_file):
    """Scaled disparities (N, h, w) of the split's images from a weights folder."""
    from model_io import load_depth_model
    encoder, decoder, meta = load_depth_model(opt.load_weights_folder, opt.num_layers)
    dataset = test_dataset(opt, filenames, meta["height"], meta["width"], test_file)
    loader = checked(make_loader(dataset, batch_size=16, shuffle=False,
                                 num_workers=min(opt.num_workers, 4)))
    print("-> Computing predictions with size {}x{}".format(meta["width"], meta["height"]))
    out = []
    with paddle.no_grad():
        for inputs in tqdm(loader, desc="predicting", total=(len(dataset) + 15) // 16):
            x = inputs[("color", 0, 0)]
            if opt.post_process:
                x = paddle.concat([x, paddle.flip(x, [3])], 0)
            disp = decoder(encoder(x))[("disp", 0)]
            disp, _ = disp_to_depth(disp, opt.min_depth, opt.max_depth)
            disp = disp[:, 0].numpy()
            if opt.post_process:
                n = disp.shape[0] // 2
                disp = batch_post_process_disparity(disp[:n], disp[n:, :, ::-1])
            out.append(disp)
    return np.concatenate(out)


def load_ext_disps(path):
    if not os.path.isfile(path):
        raise FileNotFoundError("--ext_disp_to_eval file not found: {}".format(path))
    try:
        disps = np.load(path, allow_pickle=False)
    except ValueError as e:
        raise ValueError("{}: not a plain .npy array ({})".format(path, e))
    if disps.ndim != 3:
        raise ValueError("{}: expected (N, H, W) disparities, got shape {}".format(path, disps.shape))
    if not np.all(np.isfinite(disps)) or np.any(disps <= 0):
        raise ValueError("{}: disparities must be finite and > 0".format(path))
    return disps.astype(np.float32)


def write_benchmark_pngs(pred_disps, out_dir):
    """Upstream's depth-benchmark submission files <out_dir>/%010d.png."""
    from common_metrics.io import write_png16
    os.makedirs(out_dir, exist_ok=True)
    for i, disp in enumerate(pred_disps):
        depth = BENCHMARK_DEPTH_FROM_DISP / cv2.resize(disp, BENCHMARK_SIZE)
        write_png16(os.path.join(out_dir, "{:010d}.png".format(i)),
                    np.clip(depth, 0, MAX_DEPTH), scale=256.0)
    print("-> wrote {} benchmark predictions to {} (the KITTI benchmark has no public test "
          "ground truth: submit them to its server)".format(len(pred_disps), out_dir))


def score(opt, pred_disps, gt_depths, filenames):
    """Upstream's per-image loop: mask, crop, scaling, clipping -> accumulated metrics."""
    scale_factor = opt.pred_depth_scale_factor
    median_scaling = not opt.disable_median_scaling
    if opt.eval_stereo:
        print("   Stereo evaluation - disabling median scaling, scaling by {}".format(
            STEREO_SCALE_FACTOR))
        median_scaling, scale_factor = False, STEREO_SCALE_FACTOR
    else:
        print("   Mono evaluation - using median scaling")
    eigen = uses_eigen_protocol(opt.eval_split)
    acc = DepthMetricAccumulator("per_image")
    # the constant prediction through the same mask and scaling (median: median(gt) per image)
    baseline = ConstantDepthBaseline("median") if median_scaling else None
    ratios, first = [], None
    for i, gt in enumerate(gt_depths):
        h, w = gt.shape
        pred_depth = 1.0 / cv2.resize(pred_disps[i], (w, h), interpolation=cv2.INTER_LINEAR)
        if eigen:
            mask = depth_range_mask(gt, MIN_DEPTH, MAX_DEPTH) & kitti_garg_crop(gt.shape)
        else:
            mask = gt > 0
        if not mask.any():
            print("   warning: test line {} ({}) has no valid ground truth, skipped".format(
                i, filenames[i]))
            acc.update(pred_depth, gt, mask)
            if baseline is not None:
                baseline.update(gt, mask)
            continue
        pred_depth = pred_depth * scale_factor
        if median_scaling:
            ratio = median_scale_factor(pred_depth, gt, mask)
            ratios.append(ratio)
            pred_depth = pred_depth * ratio
        pred_depth = np.clip(pred_depth, MIN_DEPTH, MAX_DEPTH)
        acc.update(pred_depth, gt, mask)
        if baseline is not None:
            baseline.update(gt, mask)
        if first is None:
            first = (i, pred_depth, mask)
    if ratios:
        r = np.array(ratios)
        print(" Scaling ratios | med: {:0.3f} | std: {:0.3f}".format(np.median(r), np.std(r / np.median(r))))
    protocol = {"crop": "garg" if eigen else None,
                "scaling": "median" if median_scaling else "fixed x{:g}".format(scale_factor),
                "min_depth": MIN_DEPTH if eigen else 0.0, "max_depth": MAX_DEPTH if eigen else None,
                "averaging": "per_image", "flip": bool(opt.post_process)}
    return acc.result(), protocol, (baseline.result() if baseline is not None else None), first


def write_panel(opt, path, filenames, first, gt_depths):
    """RGB | prediction | ground truth of the first scored test image, at its resolution."""
    from common_metrics.panels import save_panel
    import datasets
    i, pred_depth, mask = first
    dataset = datasets.KITTIRAWDataset(opt.data_path, [filenames[i]], 1, 1, [0], 1,
                                       img_ext=".png" if opt.png else ".jpg")
    folder, frame, side = dataset.filenames[0]
    rgb = datasets.mono_dataset.read_rgb(dataset.get_image_path(folder, frame, side))
    gt = gt_depths[i]
    if rgb.shape[:2] != gt.shape:
        rgb = cv2.resize(rgb, (gt.shape[1], gt.shape[0]), interpolation=cv2.INTER_AREA)
    save_panel(path, rgb, pred_depth, gt=gt, mask=mask, kind="depth",
               title="monodepth2_paddle: {}".format(filenames[i]))
    print("-> panel written to {}".format(path))


def evaluate(opt):
    if opt.eval_mono == opt.eval_stereo:
        raise ValueError("choose exactly one of --eval_mono or --eval_stereo")
    if opt.eval_eigen_to_benchmark:
        raise ValueError("--eval_eigen_to_benchmark is not supported; export the eigen_benchmark "
                         "ground truth and use --eval_split eigen_benchmark")
    splits = split_dir(opt.eval_split, "--eval_split")
    test_file = os.path.join(splits, "test_files.txt")
    filenames = readlines(test_file)
    benchmark = split_name(opt.eval_split) == "benchmark"
    gt_path = os.path.join(splits, "gt_depths.npz")
    gt_depths = None
    if not (benchmark or opt.no_eval):  # ground truth checked before the (long) prediction
        gt_depths = load_gt_depths(gt_path)
        if len(gt_depths) != len(filenames):
            raise ValueError("{} holds {} maps but {} has {} lines: re-export it".format(
                gt_path, len(gt_depths), test_file, len(filenames)))

    if opt.ext_disp_to_eval is None:
        if not opt.load_weights_folder:
            raise ValueError("--load_weights_folder (or --ext_disp_to_eval) is required")
        pred_disps = predict_disparities(opt, filenames, test_file)
    else:
        print("-> Loading predictions from {}".format(opt.ext_disp_to_eval))
        pred_disps = load_ext_disps(opt.ext_disp_to_eval)
    if len(pred_disps) != len(filenames):
        raise ValueError("{} predictions for {} lines of {}".format(
            len(pred_disps), len(filenames), test_file))

    out_dir = opt.eval_out_dir or opt.load_weights_folder or os.path.dirname(
        os.path.abspath(opt.ext_disp_to_eval))
    if opt.save_pred_disps:
        os.makedirs(out_dir, exist_ok=True)
        path = os.path.join(out_dir, "disps_{}_split.npy".format(split_name(splits)))
        print("-> Saving predicted disparities to", path)
        np.save(path, pred_disps)
    if opt.no_eval:
        print("-> Evaluation disabled. Done.")
        return None
    if benchmark:
        write_benchmark_pngs(pred_disps, os.path.join(out_dir, "benchmark_predictions"))
        return None

    res, protocol, base, first = score(opt, pred_disps, gt_depths, filenames)
    names = ["abs_rel", "sq_rel", "rmse", "rmse_log", "a1", "a2", "a3"]
    print("\n  " + ("{:>8} | " * 7).format(*names))
    print(("&{: 8.3f}  " * 7).format(*[res[k] for k in names]) + "\\\\")
    if opt.report:
        write_report(opt.report, model="monodepth2_paddle", framework="paddle",
                     dataset="kitti_raw", split=split_name(opt.eval_split),
                     metrics=res, protocol=protocol,
                     checkpoint=opt.load_weights_folder or opt.ext_disp_to_eval,
                     framework_version=paddle.__version__,
                     extra={"stereo_scale_factor": STEREO_SCALE_FACTOR if opt.eval_stereo else None})
        print("-> report written to {}".format(opt.report))
        if base is not None:
            write_baseline_report(opt.report, base, "constant depth, median-scaled per image")
            print("-> constant baseline under the same protocol: abs_rel {:.3f} a1 {:.3f} -> {}"
                  .format(base["abs_rel"], base["a1"], baseline_path(opt.report)))
    if opt.panel and first is not None:
        write_panel(opt, opt.panel, filenames, first, gt_depths)
    print("\n-> Done!")
    return res


def main(args=None):
    opt = MonodepthOptions().parse(args)
    console.run_main(evaluate, opt)


if __name__ == "__main__":
    main()
