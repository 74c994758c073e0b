"""KITTI depth evaluation (Eigen split, Garg crop, 1e-3..80 m) with common_metrics.

python evaluate_depth.py --load_weights_folder W --eval_mono|--eval_stereo --data_path KITTI
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import paddle  # noqa: E402
from tqdm import tqdm  # noqa: E402

from common_metrics.align import median_scale_factor  # noqa: E402
from common_metrics.crops import depth_range_mask, kitti_garg_crop  # noqa: E402
from common_metrics.depth import DepthMetricAccumulator  # noqa: E402
from common_metrics.report import write_report  # noqa: E402

from export_gt_depth import load_gt_depths  # noqa: E402
from layers import disp_to_depth  # noqa: E402
from options import MonodepthOptions, split_dir  # noqa: E402
from utils import readlines  # noqa: E402

MIN_DEPTH = 1e-3
MAX_DEPTH = 80
# Models trained with stereo learn baseline 0.1 instead of KITTI's 0.54 m
STEREO_SCALE_FACTOR = 5.4
UNCROPPED_SPLITS = ("eigen_benchmark", "benchmark", "odom_9", "odom_10")


def batch_post_process_disparity(l_disp, r_disp):
    """Monodepth v1 flip blending; r_disp already flipped back. Shapes (N, H, W)."""
    _, h, w = l_disp.shape
    m_disp = 0.5 * (l_disp + r_disp)
    l, _ = np.meshgrid(np.linspace(0, 1, w), np.linspace(0, 1, h))
    l_mask = (1.0 - np.clip(20 * (l - 0.05), 0, 1))[None, ...]
    r_mask = l_mask[:, :, ::-1]
    return r_mask * l_disp + l_mask * r_disp + (1.0 - l_mask - r_mask) * m_disp


def predict_disparities(opt, filenames):
    """Scaled disparities (N, h, w) of the split's left images from a weights folder."""
    import datasets
    from model_io import load_depth_model
    encoder, decoder, meta = load_depth_model(opt.load_weights_folder, opt.num_layers)
    dataset = datasets.KITTIRAWDataset(opt.data_path, filenames, meta["height"], meta["width"],
                                       [0], 4, is_train=False, img_ext=".png" if opt.png else ".jpg")
    loader = paddle.io.DataLoader(dataset, batch_size=16, shuffle=False,
                                  num_workers=min(opt.num_workers, 4))
    print("-> Computing predictions with size {}x{}".format(meta["width"], meta["height"]))
    out = []
    with paddle.no_grad():
        for inputs in tqdm(loader, desc="predicting"):
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
    disps = np.load(path, allow_pickle=False)
    if disps.ndim != 3:
        raise ValueError("{}: expected (N, H, W) disparities, got shape {}".format(path, disps.shape))
    if not np.all(np.isfinite(disps)) or np.any(disps <= 0):
        raise ValueError("{}: disparities must be finite and > 0".format(path))
    return disps.astype(np.float32)


def evaluate(opt):
    if opt.eval_mono == opt.eval_stereo:
        raise ValueError("choose exactly one of --eval_mono or --eval_stereo")
    if opt.eval_eigen_to_benchmark:
        raise ValueError("--eval_eigen_to_benchmark is not supported; export the eigen_benchmark "
                         "ground truth and use --eval_split eigen_benchmark")
    splits = split_dir(opt.eval_split, "--eval_split")
    test_file = os.path.join(splits, "test_files.txt")
    filenames = readlines(test_file)

    if opt.ext_disp_to_eval is None:
        if not opt.load_weights_folder:
            raise ValueError("--load_weights_folder (or --ext_disp_to_eval) is required")
        pred_disps = predict_disparities(opt, filenames)
    else:
        print("-> Loading predictions from {}".format(opt.ext_disp_to_eval))
        pred_disps = load_ext_disps(opt.ext_disp_to_eval)

    if opt.save_pred_disps:
        out_dir = opt.eval_out_dir or opt.load_weights_folder or "."
        os.makedirs(out_dir, exist_ok=True)
        path = os.path.join(out_dir, "disps_{}_split.npy".format(os.path.basename(os.path.normpath(splits))))
        print("-> Saving predicted disparities to", path)
        np.save(path, pred_disps)
    if opt.no_eval:
        print("-> Evaluation disabled. Done.")
        return None

    gt_depths = load_gt_depths(os.path.join(splits, "gt_depths.npz"))
    if len(gt_depths) != len(pred_disps):
        raise ValueError("{} predictions but {} ground-truth maps in {}".format(
            len(pred_disps), len(gt_depths), os.path.join(splits, "gt_depths.npz")))
    scale_factor = opt.pred_depth_scale_factor
    median_scaling = not opt.disable_median_scaling
    if opt.eval_stereo:
        print("   Stereo evaluation - disabling median scaling, scaling by {}".format(
            STEREO_SCALE_FACTOR))
        median_scaling, scale_factor = False, STEREO_SCALE_FACTOR
    else:
        print("   Mono evaluation - using median scaling")
    crop = os.path.basename(os.path.normpath(opt.eval_split)) not in UNCROPPED_SPLITS

    acc = DepthMetricAccumulator("per_image")
    ratios = []
    for i, gt in enumerate(gt_depths):
        h, w = gt.shape
        pred_depth = 1.0 / cv2.resize(pred_disps[i], (w, h), interpolation=cv2.INTER_LINEAR)
        mask = depth_range_mask(gt, MIN_DEPTH, MAX_DEPTH)
        if crop:
            mask &= kitti_garg_crop(gt.shape)
        if not mask.any():
            print("   warning: test line {} ({}) has no valid ground truth, skipped".format(
                i, filenames[i]))
            acc.update(pred_depth, gt, mask)
            continue
        pred_depth = pred_depth * scale_factor
        if median_scaling:
            ratio = median_scale_factor(pred_depth, gt, mask)
            ratios.append(ratio)
            pred_depth = pred_depth * ratio
        pred_depth = np.clip(pred_depth, MIN_DEPTH, MAX_DEPTH)
        acc.update(pred_depth, gt, mask)

    if ratios:
        r = np.array(ratios)
        print(" Scaling ratios | med: {:0.3f} | std: {:0.3f}".format(np.median(r), np.std(r / np.median(r))))
    res = acc.result()
    names = ["abs_rel", "sq_rel", "rmse", "rmse_log", "a1", "a2", "a3"]
    print("\n  " + ("{:>8} | " * 7).format("abs_rel", "sq_rel", "rmse", "rmse_log", "a1", "a2", "a3"))
    print(("&{: 8.3f}  " * 7).format(*[res[k] for k in names]) + "\\\\")
    if opt.report:
        write_report(opt.report, model="monodepth2_paddle", framework="paddle",
                     dataset="kitti_raw", split=os.path.basename(os.path.normpath(opt.eval_split)),
                     metrics=res, protocol={"crop": "garg" if crop else None,
                                            "scaling": "median" if median_scaling else
                                            "fixed x{:g}".format(scale_factor),
                                            "min_depth": MIN_DEPTH, "max_depth": MAX_DEPTH,
                                            "averaging": "per_image", "flip": bool(opt.post_process)},
                     checkpoint=opt.load_weights_folder or opt.ext_disp_to_eval,
                     framework_version=paddle.__version__,
                     extra={"stereo_scale_factor": STEREO_SCALE_FACTOR if opt.eval_stereo else None})
        print("-> report written to {}".format(opt.report))
    print("\n-> Done!")
    return res


def main(args=None):
    opt = MonodepthOptions().parse(args)
    try:
        evaluate(opt)
    except (FileNotFoundError, ValueError, RuntimeError) as e:
        sys.exit("error: {}".format(e))


if __name__ == "__main__":
    main()
