"""ImageNet pipelines: validation sees every image in order with the timm resize; training
batches carry soft targets; bad data gets one message naming the file or key."""
import os
import shutil
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
from mindspore.dataset.vision import Inter

from src.args import DEFAULTS
from src.data import create_dataset_imagenet
from src.data.augment.auto_augment import parse_policy, rand_augment
from src.data.augment.transforms import IMAGENET_MEAN, IMAGENET_STD, eval_transforms


def settings(**kw):
    values = dict(DEFAULTS, num_classes=5, image_size=32, batch_size=4, num_parallel_workers=2)
    values.update(kw)
    return SimpleNamespace(**values)


def _rows(dataset):
    return list(dataset.create_tuple_iterator(num_epochs=1, output_numpy=True))


def test_validation_scores_every_image_in_class_folder_order(tiny_imagenet):
    rows = _rows(create_dataset_imagenet(tiny_imagenet, settings(batch_size=16), training=False))
    labels = np.concatenate([r[1] for r in rows])
    per_class = [len(os.listdir(os.path.join(tiny_imagenet, "val", c)))
                 for c in sorted(os.listdir(os.path.join(tiny_imagenet, "val")))]
    assert len(labels) == sum(per_class) and sum(per_class) % 16 != 0  # last batch kept
    np.testing.assert_array_equal(labels, np.repeat(np.arange(5), per_class))
    assert rows[0][0].shape == (16, 3, 32, 32) and rows[0][0].dtype == np.float32


def _expected_eval(path, size, crop_pct):
    rgb = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)
    h, w = rgb.shape[:2]
    short = int(size / crop_pct)
    nh, nw = (short, int(w * short / h)) if h <= w else (int(h * short / w), short)
    img = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_CUBIC).astype(np.float32)
    top, left = int(round((nh - size) / 2.0)), int(round((nw - size) / 2.0))
    img = img[top:top + size, left:left + size]
    img = (img / 255.0 - IMAGENET_MEAN) / IMAGENET_STD
    return img.transpose(2, 0, 1)


def test_eval_resize_is_shorter_side_then_centre_crop(tiny_imagenet):
    folder = os.path.join(tiny_imagenet, "val", sorted(os.listdir(os.path.join(tiny_imagenet, "val")))[0])
    path = os.path.join(folder, sorted(os.listdir(folder))[0])
    args = settings(image_size=56, crop_pct=0.875)  # 72x88 -> shorter side 64 -> 64x78 -> 56x56
    with open(path, "rb") as f:
        raw = np.frombuffer(f.read(), np.uint8)
    out = raw
    for op in eval_transforms(args):
        out = op(out)
    assert out.shape == (3, 56, 56)
    expected = _expected_eval(path, 56, 0.875)
    assert np.abs(out - expected).mean() < 0.03  # bicubic kernels differ slightly
    square = raw
    for op in eval_transforms(settings(image_size=56, eval_resize="square")):
        square = op(square)
    assert square.shape == (3, 56, 56) and np.abs(square - expected).mean() > 0.1


def test_training_batches_are_full_with_soft_targets(tiny_imagenet):
    args = settings(batch_size=16)  # the recipe: RandAugment, erasing, Mixup/CutMix, smoothing
    rows = _rows(create_dataset_imagenet(tiny_imagenet, args, training=True))
    assert len(rows) == 120 // 16
    for images, targets in rows:
        assert images.shape == (16, 3, 32, 32) and targets.shape == (16, 5)
        np.testing.assert_allclose(targets.sum(1), 1.0, atol=1e-5)
        assert targets.min() >= 0.1 / 5 - 1e-6  # smoothing survives mixing
    assert any(np.sort(t, 1)[:, -2].max() > 0.1 for _, t in rows)  # some batches were mixed


def test_rand_augment_policy_string():
    assert parse_policy("rand-m9-mstd0.5-inc1") == {"n": 2, "m": 9.0, "mstd": 0.5, "inc": True}
    assert parse_policy("rand-n3-m7")["n"] == 3
    for bad in ("autoaug-m9", "rand-m11", "rand-x3", "rand-mfoo"):
        with pytest.raises(ValueError, match="auto_augment"):
            parse_policy(bad)
    # timm's magnitude is level / 10 of each op's maximum: bin m of 11 bins in MindSpore's op
    op = rand_augment("rand-m9-mstd0.5-inc1", Inter.BICUBIC)
    assert (op.num_ops, op.magnitude, op.num_magnitude_bins) == (2, 9, 11)
    assert tuple(op.fill_value) == (124, 116, 104) and op.interpolation == Inter.BICUBIC
    image = np.random.default_rng(0).integers(0, 255, (24, 24, 3), dtype=np.uint8)
    out = op(image)
    assert out.shape == (24, 24, 3) and out.dtype == np.uint8


def test_missing_data_names_the_key_and_the_sample_command(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"data_url: .*python -m sample_data imagenet"):
        create_dataset_imagenet(str(tmp_path), settings(), training=True)


def test_more_class_folders_than_num_classes(tiny_imagenet):
    with pytest.raises(ValueError, match="num_classes is 3 but .* 5 class folders"):
        create_dataset_imagenet(tiny_imagenet, settings(num_classes=3), training=False)


def truncated_copy(imagenet, data, split, class_index, image_index, size=200):
    """Copy of ``imagenet`` in ``data`` with one image cut to ``size`` bytes; its path."""
    shutil.copytree(imagenet, data)
    folder = os.path.join(data, split, sorted(os.listdir(os.path.join(data, split)))[class_index])
    victim = os.path.join(folder, sorted(os.listdir(folder))[image_index])
    with open(victim, "r+b") as f:
        f.truncate(size)
    return victim


def test_truncated_image_is_named(tiny_imagenet, tmp_path):
    data = str(tmp_path / "data")
    victim = truncated_copy(tiny_imagenet, data, "val", 1, 0)
    with pytest.raises(RuntimeError, match=os.path.basename(victim) + ": truncated JPEG"):
        _rows(create_dataset_imagenet(data, settings(), training=False))


def test_train_transforms_follow_the_recipe_keys():
    import mindspore.dataset.vision as vision
    from src.data.augment.transforms import train_transforms
    ops = train_transforms(settings(crop_min_scale=0.35))
    kinds = [type(op).__name__ for op in ops]
    assert kinds == ["Decode", "RandomResizedCrop", "RandomHorizontalFlip", "RandAugment",
                     "Normalize", "HWC2CHW", "RandomErasing"]
    crop = ops[1]
    assert (tuple(crop.scale), crop.interpolation) == ((0.35, 1.0), Inter.BICUBIC)
    assert (ops[-1].prob, ops[-1].value) == (0.25, "random")  # pixel mode
    # without auto-augment, colour jitter 0.4 takes its place (timm's rule)
    ops = train_transforms(settings(auto_augment="", re_prob=0.0))
    jitter = [op for op in ops if isinstance(op, vision.RandomColorAdjust)]
    assert len(jitter) == 1 and tuple(jitter[0].brightness) == (0.6, 1.4)
    assert not any(isinstance(op, vision.RandomErasing) for op in ops)
