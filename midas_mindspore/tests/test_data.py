"""ReDWeb loader: shapes, shards, corrupt and missing files as one-line errors naming them."""
import os
import shutil
import sys

import numpy as np
import pytest

from mindspore_common.cli import dataset_message
from mindspore_common.testing import run_cmd
from src.config import get_config
from src.util import ImageError, read_image
from src.utils.loadImgDepth import create_dataset

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cfg_for(root, *flags):
    return get_config(["--train_data_dir", str(root), "--img_width", "64", "--img_height", "64",
                       "--batch_size", "2", "--num_parallel_workers", "2"] + list(flags))


def test_batches_and_disjoint_shards(sample_root):
    cfg = cfg_for(sample_root / "redweb")
    batches = list(create_dataset(cfg, shuffle=False).create_tuple_iterator(output_numpy=True))
    assert len(batches) == 8
    img, mask, disp = batches[0]
    assert img.shape == (2, 3, 64, 64) and mask.shape == disp.shape == (2, 64, 64)
    assert mask.min() == 1 and 0 <= disp.min() and disp.max() <= 255 and disp.std() > 0
    # normalised with the ImageNet mean/std: about zero mean
    assert abs(float(img.mean())) < 1.5
    seen = []
    for rank in (0, 1):
        it = create_dataset(cfg, rank, 2, shuffle=False).create_tuple_iterator(output_numpy=True)
        seen.append({b[2].tobytes() for b in it})
    assert len(seen[0]) == len(seen[1]) == 4 and not seen[0] & seen[1]


def test_truncated_and_corrupt_images_name_the_file(tmp_path, sample_root):
    root = tmp_path / "redweb"
    shutil.copytree(str(sample_root / "redweb"), str(root))
    imgs = root / "ReDWeb_V1" / "Imgs"
    victim = sorted(imgs.iterdir())[3]
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 2])  # OpenCV alone would decode a partial picture
    with pytest.raises(ImageError, match=victim.name):
        read_image(str(victim))
    cmd = [sys.executable, "midas_train.py", "--train_data_dir", str(root), "--features", "16",
                   "--layers", "1,1,1,1", "--width_per_group", "2", "--img_width", "64",
                   "--img_height", "64", "--batch_size", "2", "--epoch_size", "1",
                   "--ckpt_dir", str(tmp_path / "ck"), "--device_target", "CPU"]
    res = run_cmd(cmd, cwd=PROJECT, timeout=240)
    assert res.returncode == 2, res.stdout[-2000:]
    last = res.stdout.strip().splitlines()[-1]
    assert last.startswith("error:") and victim.name in last and "Traceback" not in res.stdout
    # complete but corrupt: found by the decoding worker during training, same one line
    victim.write_bytes(b"\xff\xd8garbage\xff\xd9")
    with pytest.raises(ImageError, match="cannot be decoded"):
        read_image(str(victim))
    with pytest.raises(RuntimeError) as info:
        for _ in create_dataset(cfg_for(root)).create_tuple_iterator():
            pass
    message = dataset_message(info.value)  # what midas_train.py prints after "error:"
    assert victim.name in message and "decoded" in message and "\n" not in message


def test_missing_dataset_names_key_and_sample_command(tmp_path):
    res = run_cmd([sys.executable, "midas_train.py", "--device_target", "CPU"], cwd=PROJECT,
                  env={"MIDAS_SAMPLE_ROOT": str(tmp_path / "nothing")}, timeout=120)
    assert res.returncode == 2
    lines = [l for l in res.stdout.splitlines() if l.startswith("error:")]
    assert len(lines) == 1 and "train_data_dir" in lines[0]
    assert "python -m sample_data redweb --out data/sample/redweb" in lines[0]


def test_unknown_config_key_is_an_error(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("epoch_sise: 3\n")
    with pytest.raises(ValueError, match="epoch_sise"):
        get_config(["--config_path", str(bad)])
    with pytest.raises(ValueError, match="--epoch_sise"):
        get_config(["--epoch_sise", "3"])


def test_grayscale_rgba_and_16bit_images(tmp_path):
    import cv2
    gray = (np.arange(20 * 30) % 256).astype(np.uint8).reshape(20, 30)
    cv2.imwrite(str(tmp_path / "g.png"), gray)
    cv2.imwrite(str(tmp_path / "a.png"), np.dstack([gray, gray, gray, np.full_like(gray, 7)]))
    cv2.imwrite(str(tmp_path / "w.png"), gray.astype(np.uint16) * 257)
    for name in ("g.png", "a.png", "w.png"):
        img = read_image(str(tmp_path / name))
        assert img.shape == (20, 30, 3) and img.dtype == np.float32
        np.testing.assert_allclose(img[..., 1], gray / 255.0, atol=1e-6)
