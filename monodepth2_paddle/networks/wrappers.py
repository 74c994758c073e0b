"""Tensor-in / tensor-list-out wrappers so paddle.jit.to_static and jit.save see plain signatures."""
import paddle.nn as nn


class DepthNet(nn.Layer):
    """encoder + depth decoder -> [disp at scale s for s in scales] (default: all decoder scales)."""

    def __init__(self, encoder, decoder, scales=None):
        super().__init__()
        self.encoder = encoder
        self.decoder = decoder
        self.out_scales = list(decoder.scales if scales is None else scales)

    def forward(self, x):
        out = self.decoder(self.encoder(x))
        return [out[("disp", s)] for s in self.out_scales]


class PoseNet(nn.Layer):
    """pose encoder (stacked frames) + pose decoder -> (axisangle, translation)."""

    def __init__(self, encoder, decoder):
        super().__init__()
        self.encoder = encoder
        self.decoder = decoder

    def forward(self, x):
        return self.decoder([self.encoder(x)])
