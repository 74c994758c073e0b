"""Monodepth2 networks (upstream names and constructor signatures)."""
from .resnet_encoder import ResnetEncoder, build_resnet, encoder_channels
from .depth_decoder import DepthDecoder
from .pose_decoder import PoseDecoder
from .pose_cnn import PoseCNN
from .wrappers import DepthNet, PoseNet

__all__ = ["ResnetEncoder", "DepthDecoder", "PoseDecoder", "PoseCNN", "build_resnet", "encoder_channels", "DepthNet", "PoseNet"]
