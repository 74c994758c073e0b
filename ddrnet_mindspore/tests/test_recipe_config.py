"""Settings: the seed's config keys, yaml < flags, unknown keys and bad values named, paths."""
import os

import pytest

from src.args import DEFAULTS, parse_args
from src.configs.parser import REPO_ROOT

CONFIGS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src", "configs")
# the keys of the model zoo's DDRNet config (seed README, "脚本参数") plus the additions
SEED_KEYS = ("arch data_url set num_classes mix_up cutmix color_jitter auto_augment interpolation "
             "re_mode re_count mixup_prob switch_prob mixup_mode mixup_off_epoch image_size crop_pct "
             "optimizer use_nesterov base_lr warmup_lr min_lr lr_scheduler warmup_length lr_adjust "
             "amp_level keep_bn_fp32 beta clip_global_norm_value clip_global_norm "
             "is_dynamic_loss_scale epochs label_smoothing loss_scale weight_decay decay momentum "
             "batch_size num_parallel_workers device_target drop_path_rate").split()
RECIPE = {"mix_up": 0.8, "cutmix": 1.0, "switch_prob": 0.5, "label_smoothing": 0.1,
          "auto_augment": "rand-m9-mstd0.5-inc1", "re_prob": 0.25, "re_mode": "pixel", "re_count": 1,
          "interpolation": "bicubic", "image_size": 224, "color_jitter": 0.4, "optimizer": "momentum",
          "use_nesterov": True, "lr_scheduler": "cosine_lr", "weight_decay": 0.0001,
          "clip_global_norm_value": 5.0, "clip_global_norm": True, "amp_level": "O2",
          "is_dynamic_loss_scale": True, "epochs": 300, "mixup_mode": "batch"}


def config(name):
    return os.path.join(CONFIGS, "ddrnet23_imagenet_%s.yaml" % name)


@pytest.mark.parametrize("name", ["ascend", "gpu", "cpu"])
def test_every_seed_key_is_in_each_config(name):
    import yaml
    with open(config(name)) as f:
        keys = set(yaml.safe_load(f))
    assert set(SEED_KEYS) <= keys <= set(DEFAULTS)
    args = parse_args(["--ddr_config", config(name)])
    assert args.device_target == name.upper() if name != "ascend" else args.device_target == "Ascend"


@pytest.mark.parametrize("name", ["ascend", "gpu"])
def test_device_configs_hold_the_seed_recipe(name):
    args = parse_args(["--ddr_config", config(name)])
    for key, value in RECIPE.items():
        assert getattr(args, key) == value, key
    assert args.batch_size * 8 == 512  # the seed's global batch on 8 devices


def test_flags_override_the_yaml_and_cpu_data_is_found_from_the_repo():
    args = parse_args(["--ddr_config", config("cpu"), "--batch_size", "3", "--beta", "0.8,0.9",
                       "--use_nesterov", "false"])
    assert (args.batch_size, args.beta, args.use_nesterov) == (3, [0.8, 0.9], False)
    assert args.data_url == os.path.join(REPO_ROOT, "data", "sample", "imagenet")
    assert os.path.isfile(os.path.join(REPO_ROOT, "ddrnet_mindspore", "train.py"))


def test_unknown_keys_and_bad_values_are_named(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("arch: DDRNet23\nmixup_alpha: 0.8\n")
    with pytest.raises(ValueError, match="mixup_alpha"):
        parse_args(["--ddr_config", str(bad)])
    with pytest.raises(ValueError, match="--no_such_flag"):
        parse_args(["--no_such_flag", "1"])
    with pytest.raises(ValueError, match="arch"):
        parse_args(["--arch", "ResNet50"])
    with pytest.raises(ValueError, match="switch_prob"):
        parse_args(["--switch_prob", "1.5"])
    with pytest.raises(ValueError, match="batch_size"):
        parse_args(["--batch_size", "abc"])
    with pytest.raises(FileNotFoundError, match="missing.yaml"):
        parse_args(["--ddr_config", str(tmp_path / "missing.yaml")])
