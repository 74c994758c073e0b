"""KITTI raw (Monodepth2 layout) with stereo pairs, velodyne scans and dense GT.

``<date>/calib_cam_to_cam.txt``, ``<date>/calib_velo_to_cam.txt`` and per drive
``<date>/<date>_drive_<NNNN>_sync/`` with ``image_02/data/%010d.jpg`` (left),
``image_03/data/%010d.jpg`` (right, 0.54 m baseline),
``velodyne_points/data/%010d.bin`` (float32 x, y, z, reflectance) and
``proj_depth/groundtruth/image_02/%010d.png`` (uint16, depth * 256, 0 = invalid; also
``image_03`` for the right view, as in the KITTI depth benchmark),
plus ``splits/sample/{train,val,test}_files.txt`` (``folder frame side``).
``num`` = frames per drive (2 drives); drive 1 is for training, drive 2 gives
val (odd frames) and test (even frames).
"""
import os

from .. import driving, kitti
from ..imageio import depth_to_uint16, encode_gray, write_bytes, write_image
from ..progress import progress
from . import register

NUM_DRIVES = 2
GT_SCALE = 256.0


def drive_name(k):
    return "%s_drive_%04d_sync" % (kitti.DATE, k + 1)


def write(out, num, seed, height, width, show_progress=True):
    if num < 3:
        raise ValueError("kitti_raw needs --num >= 3 frames per drive (frames with both "
                         "neighbours are used for training), got %d" % num)
    date_dir = os.path.join(out, kitti.DATE)
    os.makedirs(date_dir)
    with open(os.path.join(date_dir, "calib_cam_to_cam.txt"), "w") as f:
        f.write(kitti.cam_to_cam_text(height, width))
    with open(os.path.join(date_dir, "calib_velo_to_cam.txt"), "w") as f:
        f.write(kitti.velo_to_cam_text())
    jobs = [(k, i) for k in range(NUM_DRIVES) for i in range(num)]
    streets = {}
    cam = None
    for k, i in progress(jobs, len(jobs), "kitti_raw", show_progress):
        if k not in streets:
            streets = {k: driving.drive_poses(seed * 1000 + 100 + k, num)}
        street, poses = streets[k]
        frame = driving.render_stereo(street, poses[i], height, width)
        cam = frame["camera"]
        folder = os.path.join(date_dir, drive_name(k))
        name = "%010d" % i
        write_image(os.path.join(folder, "image_02", "data", name + ".jpg"), frame["rgb"])
        write_image(os.path.join(folder, "image_03", "data", name + ".jpg"), frame["rgb_right"])
        scan = kitti.sample_lidar(frame["depth"], frame["rgb"], cam)
        write_bytes(os.path.join(folder, "velodyne_points", "data", name + ".bin"), scan.tobytes())
        for cam_dir, key in (("image_02", "depth"), ("image_03", "depth_right")):
            gt = depth_to_uint16(frame[key], GT_SCALE)
            write_bytes(os.path.join(folder, "proj_depth", "groundtruth", cam_dir, name + ".png"),
                        encode_gray(gt))
    _write_splits(out, num)


def _write_splits(out, num):
    train_drive = "%s/%s" % (kitti.DATE, drive_name(0))
    eval_drive = "%s/%s" % (kitti.DATE, drive_name(1))
    train = ["%s %d %s" % (train_drive, i, side) for i in range(1, num - 1) for side in "lr"]
    val = ["%s %d l" % (eval_drive, i) for i in range(1, num - 1) if i % 2 == 1]
    test = ["%s %d l" % (eval_drive, i) for i in range(num) if i % 2 == 0]
    split_dir = os.path.join(out, "splits", "sample")
    os.makedirs(split_dir)
    for name, lines in (("train", train), ("val", val), ("test", test)):
        with open(os.path.join(split_dir, name + "_files.txt"), "w") as f:
            f.write("\n".join(lines) + "\n")


register("kitti_raw", write, num=24, height=375, width=1242, help=__doc__.strip().splitlines()[0])
