"""Standalone pose CNN (``--pose_model_type posecnn``)."""
import paddle.nn as nn
import paddle.nn.functional as F

from layers import torch_init_conv2d


class PoseCNN(nn.Layer):
    def __init__(self, num_input_frames):
        super().__init__()
        self.num_input_frames = num_input_frames
        chans = [3 * num_input_frames, 16, 32, 64, 128, 256, 256, 256]
        kernels = [7, 5, 3, 3, 3, 3, 3]
        self.net = nn.LayerList([
            torch_init_conv2d(chans[i], chans[i + 1], kernels[i], 2, kernels[i] // 2) for i in range(7)])
        self.pose_conv = torch_init_conv2d(256, 6 * (num_input_frames - 1), 1)

    def forward(self, out):
        for conv in self.net:
            out = F.relu(conv(out))
        out = self.pose_conv(out)
        out = 0.01 * out.mean(axis=[2, 3]).reshape([-1, self.num_input_frames - 1, 1, 6])
        return out[..., :3], out[..., 3:]
