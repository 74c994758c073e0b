"""Checkpoint -> evaluate.py vs ckpt2pb.py -> infer_from_pb.py: same metrics; test.py outputs."""
import json
import os

import cv2
import numpy as np
import pytest
import tensorflow as tf

import ckpt2pb
import evaluate
import infer_from_pb
import test as test_script


@pytest.fixture
def ckptdir(trained):
    return trained["ckptdir"]


def test_frozen_pb_matches_checkpoint(ckptdir, nyu_test_zip, tmp_path):
    ev_dir, pb_dir = str(tmp_path / "ev"), str(tmp_path / "pb")
    assert evaluate.main(["--ckptdir", ckptdir, "--test_data", nyu_test_zip, "--logdir", ev_dir,
                          "--bs", "2"]) == 0
    tf.keras.backend.clear_session()
    assert ckpt2pb.main(["--ckptdir", ckptdir, "--pbdir", pb_dir, "--output_node_names",
                         "conv3/BiasAdd", "--pb_name", "test"]) == 0
    pb = os.path.join(pb_dir, "test.pb")
    graph_def = tf.compat.v1.GraphDef()
    graph_def.ParseFromString(open(pb, "rb").read())
    ops = {n.op for n in graph_def.node}
    assert "VariableV2" not in ops and "VarHandleOp" not in ops     # frozen: no variables
    assert not any("training" in n.name.lower() or "Adam" in n.name for n in graph_def.node)
    assert infer_from_pb.main(["--bs", "1", "--model_path", pb, "--image_path", nyu_test_zip,
                               "--logdir", pb_dir]) == 0
    a = json.load(open(os.path.join(ev_dir, "densedepth_tensorflow.json")))
    b = json.load(open(os.path.join(pb_dir, "densedepth_tensorflow_pb.json")))
    assert a["num_samples"] == b["num_samples"] == 3
    for key, value in a["metrics"].items():
        assert b["metrics"][key] == pytest.approx(value, abs=1e-4), key
    assert a["protocol"]["flip"] is True and a["protocol"]["averaging"] == "pooled"  # upstream
    assert os.path.isfile(os.path.join(ev_dir, "evaluate.log"))

    # test.py on the same checkpoint: grid + raw depth that agrees with the png16 copy
    img = str(tmp_path / "ex.png")
    cv2.imwrite(img, np.random.RandomState(0).randint(0, 255, (70, 100, 3), np.uint8))
    tf.keras.backend.clear_session()
    out = str(tmp_path / "test" / "test.png")
    assert test_script.main(["--ckptdir", ckptdir, "--input", str(tmp_path / "*.png"),
                             "--output", out]) == 0
    from common_metrics import io as cmio
    grid = cmio.read_png(out)
    assert grid.shape == (70, 200, 3)               # the input's own size, RGB | colour depth
    raw = cmio.read_npy(str(tmp_path / "test" / "ex_depth.npy"))
    assert raw.shape == (70, 100) and 0.1 <= raw.min() and raw.max() <= 10.0
    np.testing.assert_allclose(cmio.read_png16(str(tmp_path / "test" / "ex_depth.png")), raw,
                               atol=0.6e-3)


def test_bad_paths_fail_clearly(tmp_path, nyu_test_zip):
    assert evaluate.main(["--ckptdir", str(tmp_path / "none"), "--test_data", nyu_test_zip,
                          "--logdir", str(tmp_path)]) == 2
    assert infer_from_pb.main(["--model_path", str(tmp_path / "x.pb"),
                               "--image_path", nyu_test_zip]) == 2
    bad = tmp_path / "bad.pb"
    bad.write_bytes(b"\x00garbage")
    with pytest.raises(ValueError, match="bad.pb"):
        infer_from_pb.load_graph(str(bad))
    with pytest.raises(FileNotFoundError, match="no image matches"):
        test_script.run(test_script.build_parser().parse_args(
            ["--input", str(tmp_path / "*.jpg")]))


def test_full_size_output_any_aspect():
    class Const(object):     # network stand-in: DepthNorm 1000/200 -> 2 m, at half resolution
        def predict_on_batch(self, batch):
            assert batch.shape[1] % 32 == 0 and batch.shape[2] % 32 == 0
            return np.full((len(batch), batch.shape[1] // 2, batch.shape[2] // 2, 1), 5.0)
    rgb = np.zeros((375, 500, 3), np.uint8)
    depth = test_script.predict_full_size(Const(), rgb, None, 10.0, 1000.0)
    assert depth.shape == (375, 500)                 # padded to 384x512, then un-padded
    np.testing.assert_allclose(depth, 2.0, rtol=1e-6)
    depth = test_script.predict_full_size(Const(), rgb, (64, 96), 10.0, 1000.0)
    assert depth.shape == (375, 500)                 # reduced-size model: resized back


def test_examples_are_written_when_missing(tmp_path, monkeypatch):
    monkeypatch.chdir(str(tmp_path))
    test_script.ensure_examples(test_script.DEFAULT_INPUT)
    images = sorted(os.listdir("examples"))
    assert images == ["example_0.png", "example_1.png"]
    assert cv2.imread(os.path.join("examples", images[0])).shape == (240, 320, 3)
