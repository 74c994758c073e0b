"""Multi-scale disparity decoder (skip connections, nearest upsampling, sigmoid heads)."""
import paddle
import paddle.nn as nn

from layers import ConvBlock, Conv3x3, upsample_nearest2x


class DepthDecoder(nn.Layer):
    """Outputs ``{("disp", s): (B, num_output_channels, H / 2**s, W / 2**s)}`` for s in scales.

    Layers are registered in upstream order so ``decoder.<n>.conv.conv.*`` keys map
    one to one onto upstream's ``decoder.<n>.conv.conv.*`` state-dict entries.
    """

    def __init__(self, num_ch_enc, scales=range(4), num_output_channels=1, use_skips=True):
        super().__init__()
        self.num_output_channels = num_output_channels
        self.use_skips = use_skips
        self.scales = list(scales)
        self.num_ch_enc = list(num_ch_enc)
        self.num_ch_dec = [16, 32, 64, 128, 256]
        layers = []
        self._index = {}
        for i in range(4, -1, -1):
            c_in = self.num_ch_enc[-1] if i == 4 else self.num_ch_dec[i + 1]
            self._index[("upconv", i, 0)] = len(layers)
            layers.append(ConvBlock(c_in, self.num_ch_dec[i]))
            c_in = self.num_ch_dec[i] + (self.num_ch_enc[i - 1] if use_skips and i > 0 else 0)
            self._index[("upconv", i, 1)] = len(layers)
            layers.append(ConvBlock(c_in, self.num_ch_dec[i]))
        for s in self.scales:
            self._index[("dispconv", s)] = len(layers)
            layers.append(Conv3x3(self.num_ch_dec[s], num_output_channels))
        self.decoder = nn.LayerList(layers)

    def _layer(self, key):
        return self.decoder[self._index[key]]

    def forward(self, input_features):
        outputs = {}
        x = input_features[-1]
        for i in range(4, -1, -1):
            x = self._layer(("upconv", i, 0))(x)
            x = [upsample_nearest2x(x)]
            if self.use_skips and i > 0:
                x.append(input_features[i - 1])
            x = paddle.concat(x, axis=1)
            x = self._layer(("upconv", i, 1))(x)
            if i in self.scales:
                outputs[("disp", i)] = paddle.nn.functional.sigmoid(self._layer(("dispconv", i))(x))
        return outputs
