"""KITTI raw, odometry and depth-benchmark layouts."""
import os

import numpy as np

from common_metrics.io import read_png16

from .mono_dataset import MonoDataset


class KITTIDataset(MonoDataset):
    """Normalised intrinsics shared by all KITTI variants (upstream values)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.K = np.array([[0.58, 0, 0.5, 0],
                           [0, 1.92, 0.5, 0],
                           [0, 0, 1, 0],
                           [0, 0, 0, 1]], dtype=np.float32)
        self.side_map = {"2": 2, "3": 3, "l": 2, "r": 3}


class KITTIRAWDataset(KITTIDataset):
    """<data>/<date>/<drive>_sync/image_0{2,3}/data/%010d.jpg"""

    def get_image_path(self, folder, frame_index, side):
        f_str = "{:010d}{}".format(frame_index, self.img_ext)
        return os.path.join(self.data_path, folder, "image_0{}".format(self.side_map[side]), "data", f_str)


class KITTIOdomDataset(KITTIDataset):
    """<data>/sequences/%02d/image_{2,3}/%06d.jpg"""

    def get_image_path(self, folder, frame_index, side):
        f_str = "{:06d}{}".format(frame_index, self.img_ext)
        return os.path.join(self.data_path, "sequences", "{:02d}".format(int(folder)),
                            "image_{}".format(self.side_map[side]), f_str)


class KITTIDepthDataset(KITTIDataset):
    """Images as KITTI raw; ground truth from proj_depth/groundtruth/image_0{2,3}/%010d.png."""

    def get_image_path(self, folder, frame_index, side):
        f_str = "{:010d}{}".format(frame_index, self.img_ext)
        return os.path.join(self.data_path, folder, "image_0{}".format(self.side_map[side]), "data", f_str)

    def get_depth_path(self, folder, frame_index, side):
        return os.path.join(self.data_path, folder, "proj_depth", "groundtruth",
                            "image_0{}".format(self.side_map[side]), "{:010d}.png".format(frame_index))

    def get_depth(self, folder, frame_index, side, do_flip=False):
        """KITTI depth PNG (uint16, metres * 256, 0 = no measurement)."""
        path = self.get_depth_path(folder, frame_index, side)
        depth = read_png16(path, scale=256.0)
        return depth[:, ::-1] if do_flip else depth


class KITTIBenchmarkTestDataset(KITTIDataset):
    """Depth-benchmark test images: ``<data>/image/%010d.png`` from ``image <n>`` split lines
    (splits/benchmark/test_files.txt)."""

    def parse_line(self, line):
        parts = line.split()
        if len(parts) != 2 or not parts[1].isdigit():
            raise ValueError("bad benchmark split line {!r}: expected '<folder> <index>'".format(line))
        return parts[0], int(parts[1]), None

    def get_image_path(self, folder, frame_index, side):
        return os.path.join(self.data_path, folder, "{:010d}{}".format(frame_index, self.img_ext))
