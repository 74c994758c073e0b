"""Convert an official Monodepth2 PyTorch model folder into a Paddle weights folder.

python convert_weights.py --input_folder mono+stereo_640x192 --output_folder weights/ms_640x192
Reads encoder.pth, depth.pth and, when present, pose_encoder.pth and pose.pth (upstream key
names; encoder.pth also holds height / width). Needs torch (CPU), loaded with weights_only=True.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import console  # noqa: E402  (before paddle)

console.quiet_third_party()

import numpy as np  # noqa: E402

import networks  # noqa: E402
from utils import (atomic_save, read_torch_state_dict, set_checked_state,  # noqa: E402
                   torch_names_to_paddle)

PARTS = ("encoder", "depth", "pose_encoder", "pose")


def build_part(name, num_layers, pose_frames=2):
    if name == "encoder":
        return networks.ResnetEncoder(num_layers, False)
    if name == "depth":
        return networks.DepthDecoder(networks.encoder_channels(num_layers), range(4))
    if name == "pose_encoder":
        return networks.ResnetEncoder(num_layers, False, num_input_images=pose_frames)
    return networks.PoseDecoder(networks.encoder_channels(num_layers), num_input_features=1,
                                num_frames_to_predict_for=2)


def convert_part(name, src, dst, num_layers):
    state = torch_names_to_paddle(read_torch_state_dict(src), fc_prefix="encoder.fc.")
    model = build_part(name, num_layers)
    set_checked_state(model, state, src)
    out = {k: v for k, v in model.state_dict().items()}
    if name == "encoder":
        for k in ("height", "width", "use_stereo"):
            if k in state:
                out[k] = np.array(state[k])
        if "height" not in out:
            raise ValueError("{} has no 'height'/'width' entries (not a Monodepth2 encoder)".format(src))
    atomic_save(out, dst)


def convert(input_folder, output_folder, num_layers=18):
    if not os.path.isdir(input_folder):
        raise FileNotFoundError("--input_folder not found: {}".format(input_folder))
    os.makedirs(output_folder, exist_ok=True)
    done = []
    for name in PARTS:
        src = os.path.join(input_folder, name + ".pth")
        if not os.path.isfile(src):
            if name in ("encoder", "depth"):
                raise FileNotFoundError("missing {}".format(src))
            continue
        convert_part(name, src, os.path.join(output_folder, name + ".pdparams"), num_layers)
        done.append(name)
    return done


def main(args=None):
    p = argparse.ArgumentParser(description="PyTorch Monodepth2 weights -> Paddle")
    p.add_argument("--input_folder", type=str, required=True)
    p.add_argument("--output_folder", type=str, required=True)
    p.add_argument("--num_layers", type=int, default=18, choices=[18, 34, 50, 101, 152])
    opt = p.parse_args(args)
    done = console.run_main(convert, opt.input_folder, opt.output_folder, opt.num_layers)
    print("-> converted {} into {}".format(", ".join(done), opt.output_folder))


if __name__ == "__main__":
    main()
