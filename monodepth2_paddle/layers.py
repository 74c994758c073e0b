"""Building blocks and geometry shared by the networks and the trainer."""
import math

import numpy as np
import paddle
import paddle.nn as nn


# Stereo-trained models learn a baseline of 0.1 units; KITTI's rig has 0.54 m: depth x 5.4 is metric
STEREO_SCALE_FACTOR = 5.4


def disp_to_depth(disp, min_depth, max_depth):
    """Sigmoid output -> (scaled disparity, depth) with depth in [min_depth, max_depth]."""
    min_disp = 1.0 / max_depth
    max_disp = 1.0 / min_depth
    scaled_disp = min_disp + (max_disp - min_disp) * disp
    return scaled_disp, 1.0 / scaled_disp


def rot_from_axisangle(vec):
    """(B, 1, 3) axis-angle -> (B, 4, 4) rotation (Rodrigues)."""
    angle = paddle.norm(vec, p=2, axis=2, keepdim=True)
    axis = vec / (angle + 1e-7)
    ca = paddle.cos(angle)
    sa = paddle.sin(angle)
    c1 = 1 - ca
    x, y, z = axis[..., 0:1], axis[..., 1:2], axis[..., 2:3]
    xs, ys, zs = x * sa, y * sa, z * sa
    xC, yC, zC = x * c1, y * c1, z * c1
    xyC, yzC, zxC = x * yC, y * zC, z * xC
    zero = paddle.zeros_like(x)
    one = paddle.ones_like(x)
    rows = [
        paddle.concat([x * xC + ca, xyC - zs, zxC + ys, zero], axis=2),
        paddle.concat([xyC + zs, y * yC + ca, yzC - xs, zero], axis=2),
        paddle.concat([zxC - ys, yzC + xs, z * zC + ca, zero], axis=2),
        paddle.concat([zero, zero, zero, one], axis=2),
    ]
    return paddle.concat(rows, axis=1)


def get_translation_matrix(translation_vector):
    """(B, 1, 3) translation -> (B, 4, 4) homogeneous matrix."""
    t = translation_vector.reshape([-1, 3, 1])
    b = t.shape[0]
    eye = paddle.eye(4, dtype=t.dtype).unsqueeze(0).expand([b, 4, 4])
    pad = paddle.concat([t, paddle.zeros([b, 1, 1], dtype=t.dtype)], axis=1)
    return paddle.concat([eye[:, :, :3], eye[:, :, 3:] + pad], axis=2)


def transformation_from_parameters(axisangle, translation, invert=False):
    """Pose network output -> 4x4 camera transform (inverted for negative frame ids)."""
    R = rot_from_axisangle(axisangle)
    t = translation.clone()
    if invert:
        R = R.transpose([0, 2, 1])
        t = t * -1
    T = get_translation_matrix(t)
    return paddle.matmul(R, T) if invert else paddle.matmul(T, R)


def upsample_nearest2x(x):
    """Nearest-neighbour x2 upsampling (the values of F.interpolate(scale_factor=2,
    mode="nearest")) as unsqueeze + expand + reshape: interpolate's float-array scale attribute
    stops Paddle Inference's default oneDNN executor (NotImplementedError in
    onednn_instruction), these ops run there."""
    _, c, h, w = x.shape
    return x.unsqueeze([3, 5]).expand([-1, c, h, 2, w, 2]).reshape([-1, c, h * 2, w * 2])


class ConvBlock(nn.Layer):
    """3x3 reflection-padded conv followed by ELU."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = Conv3x3(in_channels, out_channels)
        self.nonlin = nn.ELU()

    def forward(self, x):
        return self.nonlin(self.conv(x))


def torch_init_conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0):
    """nn.Conv2D initialised like PyTorch's default (upstream never re-initialises its decoder
    convs): weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)). Paddle's own default (weight
    N(0, 2/fan_in), bias 0) is ~2.4x larger per layer; through the decoder's ten un-normalised
    ELU convs it saturates most disparity sigmoids before the first step, and training from
    scratch then collapses to a constant disparity (tests/test_networks.py checks both)."""
    bound = 1.0 / math.sqrt(in_channels * kernel_size * kernel_size)
    attr = lambda: paddle.ParamAttr(initializer=nn.initializer.Uniform(-bound, bound))  # noqa: E731
    return nn.Conv2D(in_channels, out_channels, kernel_size, stride, padding,
                     weight_attr=attr(), bias_attr=attr())


class Conv3x3(nn.Layer):
    def __init__(self, in_channels, out_channels, use_refl=True):
        super().__init__()
        self.pad = nn.Pad2D(1, mode="reflect" if use_refl else "constant")
        self.conv = torch_init_conv2d(in_channels, out_channels, 3)

    def forward(self, x):
        return self.conv(self.pad(x))


class BackprojectDepth(nn.Layer):
    """Depth map -> homogeneous camera points (B, 4, H*W)."""

    def __init__(self, batch_size, height, width):
        super().__init__()
        self.batch_size, self.height, self.width = batch_size, height, width
        xs, ys = np.meshgrid(np.arange(width), np.arange(height), indexing="xy")
        pix = np.stack([xs.ravel(), ys.ravel(), np.ones(height * width)], 0).astype("float32")
        pix = np.broadcast_to(pix, (batch_size, 3, height * width)).copy()
        self.register_buffer("pix_coords", paddle.to_tensor(pix), persistable=False)
        self.register_buffer("ones", paddle.ones([batch_size, 1, height * width]), persistable=False)

    def forward(self, depth, inv_K):
        b = depth.shape[0]
        cam = paddle.matmul(inv_K[:, :3, :3], self.pix_coords[:b])
        cam = depth.reshape([b, 1, -1]) * cam
        return paddle.concat([cam, self.ones[:b]], axis=1)


class Project3D(nn.Layer):
    """Camera points -> normalised sampling grid in [-1, 1] for grid_sample."""

    def __init__(self, batch_size, height, width, eps=1e-7):
        super().__init__()
        self.batch_size, self.height, self.width, self.eps = batch_size, height, width, eps

    def forward(self, points, K, T):
        b = points.shape[0]
        P = paddle.matmul(K, T)[:, :3, :]
        cam = paddle.matmul(P, points)
        pix = cam[:, :2, :] / (cam[:, 2:3, :] + self.eps)
        pix = pix.reshape([b, 2, self.height, self.width]).transpose([0, 2, 3, 1])
        scale = paddle.to_tensor([self.width - 1, self.height - 1], dtype=pix.dtype)
        return (pix / scale - 0.5) * 2


def get_smooth_loss(disp, img):
    """Edge-aware first-order smoothness (disp should be mean-normalised)."""
    grad_disp_x = paddle.abs(disp[:, :, :, :-1] - disp[:, :, :, 1:])
    grad_disp_y = paddle.abs(disp[:, :, :-1, :] - disp[:, :, 1:, :])
    grad_img_x = paddle.mean(paddle.abs(img[:, :, :, :-1] - img[:, :, :, 1:]), 1, keepdim=True)
    grad_img_y = paddle.mean(paddle.abs(img[:, :, :-1, :] - img[:, :, 1:, :]), 1, keepdim=True)
    grad_disp_x = grad_disp_x * paddle.exp(-grad_img_x)
    grad_disp_y = grad_disp_y * paddle.exp(-grad_img_y)
    return grad_disp_x.mean() + grad_disp_y.mean()


class SSIM(nn.Layer):
    """Per-pixel SSIM dissimilarity (1 - SSIM) / 2 over 3x3 windows, reflection padded."""

    def __init__(self):
        super().__init__()
        self.pool = nn.AvgPool2D(3, 1, exclusive=False)
        self.refl = nn.Pad2D(1, mode="reflect")
        self.C1 = 0.01 ** 2
        self.C2 = 0.03 ** 2

    def forward(self, x, y):
        x = self.refl(x)
        y = self.refl(y)
        mu_x = self.pool(x)
        mu_y = self.pool(y)
        sigma_x = self.pool(x * x) - mu_x * mu_x
        sigma_y = self.pool(y * y) - mu_y * mu_y
        sigma_xy = self.pool(x * y) - mu_x * mu_y
        n = (2 * mu_x * mu_y + self.C1) * (2 * sigma_xy + self.C2)
        d = (mu_x * mu_x + mu_y * mu_y + self.C1) * (sigma_x + sigma_y + self.C2)
        return paddle.clip((1 - n / d) / 2, 0, 1)
