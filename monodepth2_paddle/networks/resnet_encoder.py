"""ResNet encoder that accepts one or several stacked RGB frames.

Pretrained weights are never downloaded: ``pretrained`` may be ``False`` or a
path to a user supplied file (Paddle ``.pdparams``, torchvision ``.pth`` or the
Paddle port's ``.h5``); see ``utils.load_resnet_weights``.
"""
import paddle.nn as nn
from paddle.vision.models.resnet import BasicBlock, BottleneckBlock, ResNet

from utils import load_resnet_weights

_BLOCKS = {18: (BasicBlock, 18), 34: (BasicBlock, 34), 50: (BottleneckBlock, 50),
           101: (BottleneckBlock, 101), 152: (BottleneckBlock, 152)}


def build_resnet(num_layers, num_input_images=1):
    """A torchvision-layout ResNet whose conv1 takes ``3 * num_input_images`` channels."""
    if num_layers not in _BLOCKS:
        raise ValueError("--num_layers must be one of 18, 34, 50, 101, 152 (got {})".format(num_layers))
    block, depth = _BLOCKS[num_layers]
    model = ResNet(block, depth)
    if num_input_images > 1:
        model.conv1 = nn.Conv2D(3 * num_input_images, 64, kernel_size=7, stride=2, padding=3,
                                bias_attr=False)
    return model


def encoder_channels(num_layers):
    """Channels of the 5 feature maps (bottleneck ResNets widen the last four by 4)."""
    return [64, 64, 128, 256, 512] if num_layers <= 34 else [64, 256, 512, 1024, 2048]


class ResnetEncoder(nn.Layer):
    """Features at 5 resolutions (1/2 .. 1/32) with ``num_ch_enc`` channels."""

    def __init__(self, num_layers, pretrained, num_input_images=1):
        super().__init__()
        self.num_ch_enc = encoder_channels(num_layers)
        self.encoder = build_resnet(num_layers, num_input_images)
        if pretrained:
            load_resnet_weights(self.encoder, pretrained, num_input_images)

    def forward(self, input_image):
        e = self.encoder
        x = (input_image - 0.45) / 0.225
        x = e.relu(e.bn1(e.conv1(x)))
        f0 = x
        f1 = e.layer1(e.maxpool(f0))
        f2 = e.layer2(f1)
        f3 = e.layer3(f2)
        f4 = e.layer4(f3)
        return [f0, f1, f2, f3, f4]
