"""sample_data: procedural 3-D scenes written in real dataset layouts.

Python API::

    import sample_data
    sample_data.write_dataset("kitti_raw", "data/kitti", num=5, height=96, width=320)
    sample_data.write_all("data/sample")

    from sample_data import indoor, driving, render
    frames, cam, poses = indoor.sequence(seed=0, num_frames=3, height=120, width=160)
"""
from .api import write_all, write_dataset
from .atomic import DatasetExistsError
from .camera import Camera, kitti_camera, nyu_camera
from .render import render
from .writers import names as formats

__all__ = ["write_dataset", "write_all", "DatasetExistsError", "Camera", "nyu_camera",
           "kitti_camera", "render", "formats"]
__version__ = "0.1.0"
