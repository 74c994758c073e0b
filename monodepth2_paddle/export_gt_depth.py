"""Ground-truth depth for an evaluation split -> <split folder>/gt_depths.npz.

python export_gt_depth.py --data_path KITTI --split eigen|eigen_benchmark|<folder>

The archive holds one float32 array per test line (keys depth_00000, depth_00001, ...)
and no pickled objects, so it loads with np.load(allow_pickle=False).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import console  # noqa: E402

console.quiet_third_party()

import numpy as np  # noqa: E402
from tqdm import tqdm  # noqa: E402

from datasets import KITTIDepthDataset  # noqa: E402
from datasets.mono_dataset import parse_split_line  # noqa: E402
from kitti_utils import generate_depth_map  # noqa: E402
from options import split_dir  # noqa: E402
from utils import readlines  # noqa: E402


def gt_key(i):
    return "depth_{:05d}".format(i)


def load_gt_depths(path):
    """List of (H, W) float32 GT maps from gt_depths.npz, in split order."""
    if not os.path.isfile(path):
        raise FileNotFoundError("{} not found: run export_gt_depth.py for this split first".format(path))
    try:
        z = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise ValueError("{} is not a readable .npz archive ({}): re-export it with "
                         "export_gt_depth.py".format(path, e))
    with z:
        if "count" not in z.files:
            what = ("upstream monodepth2's format (one pickled object array 'data', never "
                    "unpickled here)" if "data" in z.files else "not written by export_gt_depth.py")
            raise ValueError("{} is {}: re-export it with python export_gt_depth.py --data_path "
                             "<KITTI> --split <split>".format(path, what))
        n = int(z["count"])
        missing = [gt_key(i) for i in range(n) if gt_key(i) not in z.files]
        if missing:
            raise ValueError("{} lacks {} of its {} maps (first {}): re-export it".format(
                path, len(missing), n, missing[0]))
        return [z[gt_key(i)] for i in range(n)]


def export(data_path, split, out=None):
    if not os.path.isdir(data_path):
        raise FileNotFoundError("--data_path is not a folder: {}".format(data_path))
    folder_of_split = split_dir(split, "--split")
    test_file = os.path.join(folder_of_split, "test_files.txt")
    lines = [parse_split_line(l, test_file) for l in readlines(test_file)]
    benchmark = os.path.basename(os.path.normpath(split)) == "eigen_benchmark"
    depth_benchmark = KITTIDepthDataset(data_path, [], 1, 1, [0], 1) if benchmark else None
    arrays = {}
    for i, (folder, frame, _side) in enumerate(tqdm(lines, desc="exporting gt depth")):
        if benchmark:
            gt = depth_benchmark.get_depth(folder, frame, "l")
        else:
            calib_dir = os.path.join(data_path, folder.split("/")[0])
            velo = os.path.join(data_path, folder, "velodyne_points", "data",
                                "{:010d}.bin".format(frame))
            gt = generate_depth_map(calib_dir, velo, 2, True)
        arrays[gt_key(i)] = gt.astype(np.float32)
    arrays["count"] = np.array(len(lines))
    out = out or os.path.join(folder_of_split, "gt_depths.npz")
    tmp = out + ".tmp.npz"
    np.savez_compressed(tmp, **arrays)
    os.replace(tmp, out)
    print("-> saved {} ground-truth maps to {}".format(len(lines), out))
    return out


def main(args=None):
    p = argparse.ArgumentParser(description="export_gt_depth")
    p.add_argument("--data_path", type=str, required=True, help="path to the root of the KITTI data")
    p.add_argument("--split", type=str, required=True,
                   help="eigen, eigen_benchmark or a folder holding test_files.txt")
    p.add_argument("--output", type=str, help="npz path (default: <split folder>/gt_depths.npz)")
    opt = p.parse_args(args)
    console.run_main(export, opt.data_path, opt.split, opt.output)


if __name__ == "__main__":
    main()
