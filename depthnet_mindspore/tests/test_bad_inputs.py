"""Bad inputs give one clear error line naming the file or flag, not a framework traceback."""
import importlib
import os
import re
import shutil

import cv2
import numpy as np
import pytest

from src import data_loader as dl


@pytest.fixture
def nyu_copy(tiny_nyu, tmp_path):
    dst = str(tmp_path / "nyu")
    shutil.copytree(tiny_nyu, dst)
    return dst


def _first_train_pair(root):
    return dl.list_train_pairs(os.path.join(root, "Train"))[0]


def _train_source(root):
    return dl.NyuPairs(dl.list_train_pairs(os.path.join(root, "Train")), dl.TRAIN_DEPTH_SCALE)


def _truncate(path, keep=0.5):
    data = open(path, "rb").read()
    with open(path, "wb") as f:
        f.write(data[: int(len(data) * keep)])


def test_truncated_jpeg_is_refused_with_its_name(nyu_copy):
    """OpenCV alone decodes half a JPEG into a partly grey image (only an unnamed libjpeg warning)."""
    import cv2 as cv
    rgb_path, _ = _first_train_pair(nyu_copy)
    _truncate(rgb_path)
    assert cv.imread(rgb_path) is not None  # the trap: it decodes
    with pytest.raises(dl.DatasetError, match="image %s is truncated" % re.escape(rgb_path)):
        _train_source(nyu_copy)[0]


def test_truncated_png_depth_is_refused_with_its_name(nyu_copy):
    _, depth_path = _first_train_pair(nyu_copy)
    _truncate(depth_path, 0.9)
    with pytest.raises(dl.DatasetError, match="depth map %s is truncated" % re.escape(depth_path)):
        _train_source(nyu_copy)[0]


def test_missing_train_folder(tmp_path):
    with pytest.raises(dl.DatasetError, match="Train folder not found"):
        dl.create_train_dataset(str(tmp_path), 1)


def test_corrupt_image(nyu_copy):
    rgb_path, _ = _first_train_pair(nyu_copy)
    with open(rgb_path, "wb") as f:
        f.write(b"not a jpeg")
    with pytest.raises(dl.DatasetError, match="cannot read image .*%s" % os.path.basename(rgb_path)):
        _train_source(nyu_copy)[0]


def test_depth_of_wrong_size(nyu_copy):
    _, depth_path = _first_train_pair(nyu_copy)
    cv2.imwrite(depth_path, np.zeros((100, 120), np.uint8))
    with pytest.raises(dl.DatasetError, match="%s is 100x120 but its RGB image is 480x640" % os.path.basename(depth_path)):
        _train_source(nyu_copy)[0]


def test_missing_depth_partner(nyu_copy):
    _, depth_path = _first_train_pair(nyu_copy)
    os.remove(depth_path)
    with pytest.raises(dl.DatasetError, match="depth map .* is missing"):
        dl.list_train_pairs(os.path.join(nyu_copy, "Train"))


def _cli(module, argv, capsys):
    """Run an entry point's main() in-process; return (exit status, stdout + stderr)."""
    mod = importlib.import_module(module)
    with pytest.raises(SystemExit) as exc:
        mod.main(argv)
    out = capsys.readouterr()
    return exc.value.code, out.out + out.err


def test_train_cli_missing_train_folder(tmp_path, capsys):
    code, out = _cli("train", ["--data_url", str(tmp_path), "--train_url", str(tmp_path / "m")], capsys)
    assert code == 2
    assert "error: Train folder not found: %s" % os.path.join(str(tmp_path), "Train") in out


def test_train_cli_missing_data_url(tmp_path, capsys):
    code, out = _cli("train", ["--data_url", str(tmp_path / "nope")], capsys)
    assert code == 2 and "--data_url: dataset folder not found" in out


def test_train_cli_corrupt_image_mid_pipeline(nyu_copy, tmp_path, capsys):
    """The error is raised inside a mindspore.dataset worker and still reaches the user as one line."""
    rgb_path, _ = _first_train_pair(nyu_copy)
    with open(rgb_path, "wb") as f:
        f.write(b"\x00" * 50)
    code, out = _cli("train", ["--data_url", nyu_copy, "--train_url", str(tmp_path / "m"), "--batch_size", "8",
                               "--coarse_net_train_step", "1", "--no_augment", "--device_target", "CPU"], capsys)
    assert code == 2
    assert "error: cannot read image %s" % rgb_path in out
    assert "Traceback" not in out


def test_train_cli_epochs_zero_is_an_error(tiny_nyu, tmp_path, capsys):
    """--epochs_coarse 0 used to save an untrained FinalCoarseNet.ckpt and exit 0."""
    code, out = _cli("train", ["--data_url", tiny_nyu, "--train_url", str(tmp_path / "m"), "--epochs_coarse", "0"],
                     capsys)
    assert code == 2 and "--epochs_coarse must be at least 1" in out
    assert not os.path.exists(str(tmp_path / "m"))


def test_train_cli_unavailable_device_is_one_line(tiny_nyu, tmp_path, capsys):
    from mindspore_common.runtime import resolve_device
    if resolve_device() == "Ascend":
        pytest.skip("this machine has Ascend")
    code, out = _cli("train", ["--data_url", tiny_nyu, "--train_url", str(tmp_path / "m"), "--device_target", "Ascend"],
                     capsys)
    assert code == 2
    assert "error: --device_target Ascend: this MindSpore install/machine has no Ascend backend" in out
    assert "Traceback" not in out


def test_eval_cli_missing_checkpoint(tiny_nyu, tmp_path, capsys):
    code, out = _cli("eval", ["--test_data", tiny_nyu, "--coarse_ckpt_model", str(tmp_path / "nope.ckpt"),
                              "--report", str(tmp_path / "r.json")], capsys)
    assert code == 2
    assert "CoarseNet checkpoint (--coarse_ckpt_model) not found: %s" % (tmp_path / "nope.ckpt") in out


def test_eval_cli_wrong_checkpoint_kind(tiny_nyu, tmp_path, capsys):
    import mindspore as ms
    from src.net import FineNet
    ckpt = str(tmp_path / "fine.ckpt")
    ms.save_checkpoint(FineNet(), ckpt)
    code, out = _cli("eval", ["--test_data", tiny_nyu, "--coarse_ckpt_model", ckpt, "--fine_ckpt_model", ckpt,
                              "--report", str(tmp_path / "r.json")], capsys)
    assert code == 2
    assert "lacks" in out and "CoarseNet" in out and ckpt in out


def test_offline_bin_of_wrong_size_names_the_file(tmp_path):
    from src.bin_io import read_bin
    path = str(tmp_path / "x.bin")
    np.zeros(10, np.float32).tofile(path)
    with pytest.raises(ValueError, match="result %s holds 10 float32 values, not a multiple of 1x55x74" % re.escape(path)):
        read_bin(path, (1, 55, 74), "result")


def test_export_air_refused_on_cpu(capsys):
    code, out = _cli("export", ["--file_format", "AIR"], capsys)
    assert code == 2 and "AIR can only be exported on Ascend" in out


def test_unknown_flag_is_rejected(tiny_nyu, capsys):
    code, out = _cli("train", ["--data_url", tiny_nyu, "--epochs", "3"], capsys)
    assert code == 2 and "unrecognized arguments: --epochs" in out


@pytest.fixture(scope="module")
def random_ckpts(tmp_path_factory):
    import mindspore as ms
    from src.net import CoarseNet, FineNet
    folder = tmp_path_factory.mktemp("random_ckpts")
    paths = str(folder / "c.ckpt"), str(folder / "f.ckpt")
    ms.save_checkpoint(CoarseNet(), paths[0])
    ms.save_checkpoint(FineNet(), paths[1])
    return paths


def _blank_depth(path):
    cv2.imwrite(path, np.zeros((480, 640), np.uint16))


def test_eval_skips_and_counts_images_without_valid_gt(nyu_copy, random_ckpts, tmp_path, capsys):
    _blank_depth(os.path.join(nyu_copy, "Test", "00001_depth.png"))
    report = str(tmp_path / "r.json")
    importlib.import_module("eval").main(["--test_data", nyu_copy, "--coarse_ckpt_model", random_ckpts[0],
                                          "--fine_ckpt_model", random_ckpts[1], "--report", report, "--quiet"])
    assert "1 test image(s) had no valid ground-truth pixel" in capsys.readouterr().out
    from common_metrics.report import read_report
    r = read_report(report)
    assert r["num_samples"] == 3 and r["num_skipped"] == 1


def test_eval_all_gt_invalid_is_a_clear_error(nyu_copy, random_ckpts, tmp_path, capsys):
    for i in range(4):
        _blank_depth(os.path.join(nyu_copy, "Test", "%05d_depth.png" % i))
    code, out = _cli("eval", ["--test_data", nyu_copy, "--coarse_ckpt_model", random_ckpts[0],
                              "--fine_ckpt_model", random_ckpts[1], "--report", str(tmp_path / "r.json"), "--quiet"],
                     capsys)
    assert code == 2 and "error:" in out and "skipped" in out
    assert not os.path.exists(str(tmp_path / "r.json"))
