"""Pose head: squeeze 1x1, two 3x3 convs, 1x1 to 6 * frames, spatial mean * 0.01."""
import paddle
import paddle.nn as nn
import paddle.nn.functional as F

from layers import torch_init_conv2d


class PoseDecoder(nn.Layer):
    def __init__(self, num_ch_enc, num_input_features, num_frames_to_predict_for=None, stride=1):
        super().__init__()
        self.num_ch_enc = list(num_ch_enc)
        self.num_input_features = num_input_features
        if num_frames_to_predict_for is None:
            num_frames_to_predict_for = num_input_features - 1
        self.num_frames_to_predict_for = num_frames_to_predict_for
        # upstream order: squeeze, pose 0, pose 1, pose 2 (kept for weight conversion)
        self.net = nn.LayerList([
            torch_init_conv2d(self.num_ch_enc[-1], 256, 1),
            torch_init_conv2d(num_input_features * 256, 256, 3, stride, 1),
            torch_init_conv2d(256, 256, 3, stride, 1),
            torch_init_conv2d(256, 6 * num_frames_to_predict_for, 1),
        ])

    def forward(self, input_features):
        last = [f[-1] for f in input_features]
        x = paddle.concat([F.relu(self.net[0](f)) for f in last], axis=1)
        x = F.relu(self.net[1](x))
        x = F.relu(self.net[2](x))
        x = self.net[3](x)
        x = 0.01 * x.mean(axis=[2, 3]).reshape([-1, self.num_frames_to_predict_for, 1, 6])
        return x[..., :3], x[..., 3:]
