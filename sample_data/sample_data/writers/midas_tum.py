"""TUM RGB-D as the MiDaS evaluation reads it: ``rgbd_dataset_freiburg2_desk_with_person/``.

``rgb/<timestamp>.png`` (8-bit RGB), ``depth/<timestamp>.png`` (uint16, depth = png / 5000 m,
0 = invalid: the TUM encoding), ``rgb.txt`` / ``depth.txt`` (``timestamp filename`` after
three ``#`` comment lines) and ``associate.txt`` as TUM's ``associate.py`` writes it:
``t_rgb rgb/<t_rgb>.png t_depth depth/<t_depth>.png``. ``num`` = frames of one walk
through a room (30 Hz; the depth stamp trails the colour stamp by 6 ms as on the Kinect).
"""
import os

from .. import indoor
from ..imageio import depth_to_uint16, encode_gray, write_bytes, write_image
from ..progress import progress
from . import register

SEQUENCE = "rgbd_dataset_freiburg2_desk_with_person"
DEPTH_SCALE = 5000.0
T0 = 1311870426.0


def write(out, num, seed, height, width, show_progress=True):
    room, poses = indoor.trajectory(seed * 1000 + 950, num)
    root = os.path.join(out, SEQUENCE)
    rgb_lines, depth_lines, assoc = [], [], []
    for i in progress(range(num), num, "midas_tum", show_progress):
        rgb, depth = indoor.render_view(room, poses[i], height, width)
        t_rgb, t_depth = "%.6f" % (T0 + i / 30.0), "%.6f" % (T0 + i / 30.0 + 0.006)
        write_image(os.path.join(root, "rgb", t_rgb + ".png"), rgb)
        write_bytes(os.path.join(root, "depth", t_depth + ".png"),
                    encode_gray(depth_to_uint16(depth, DEPTH_SCALE)))
        rgb_lines.append("%s rgb/%s.png" % (t_rgb, t_rgb))
        depth_lines.append("%s depth/%s.png" % (t_depth, t_depth))
        assoc.append("%s rgb/%s.png %s depth/%s.png" % (t_rgb, t_rgb, t_depth, t_depth))
    for name, lines, what in (("rgb.txt", rgb_lines, "color"), ("depth.txt", depth_lines, "depth")):
        header = ["# %s images" % what, "# file: '%s.bag'" % SEQUENCE, "# timestamp filename"]
        _write_lines(os.path.join(root, name), header + lines)
    _write_lines(os.path.join(root, "associate.txt"), assoc)


def _write_lines(path, lines):
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


register("midas_tum", write, num=4, height=96, width=128, help=__doc__.strip().splitlines()[0])
