"""common_metrics.baseline: constant predictions under each protocol, hand-computed."""
import numpy as np
import pytest

from common_metrics import baseline, report
from common_metrics.classification import topk_accuracy
from common_metrics.depth import compute_depth_metrics

GT = np.array([[1.0, 2.0, 3.0, 100.0]])
MASK = np.array([[True, True, True, False]])


def test_median_scaled_constant_is_the_masked_gt_median():
    pred = baseline.constant_depth(GT, MASK, "median")
    assert pred.tolist() == [[2.0] * 4]
    # |1-2|/1, 0, |3-2|/3 -> abs_rel 4/9; a1: ratios 2, 1, 1.5 -> 1/3
    m = compute_depth_metrics(pred, GT, MASK)
    assert m["abs_rel"] == pytest.approx(4.0 / 9.0) and m["a1"] == pytest.approx(1.0 / 3.0)


def test_fixed_scale_constant_is_the_given_mean_depth():
    assert baseline.constant_depth(GT, MASK, "none", value=2.5).tolist() == [[2.5] * 4]
    with pytest.raises(ValueError, match="mean training depth"):
        baseline.constant_depth(GT, MASK, "fixed")


def test_lsq_disparity_constant_is_the_mean_gt_disparity_clamped():
    gt = np.array([[1.0, 2.0, 4.0]])
    # least squares over constants c: argmin sum (c - 1/g)^2 = mean(1/g) = 7/12
    assert baseline.constant_depth(gt, None, "lsq_disp", depth_cap=10).tolist() == [
        [pytest.approx(12.0 / 7.0)] * 3]
    # cap 1.5 m: disparity clamped to >= 1/1.5
    assert baseline.constant_depth(gt, None, "lsq_disp", depth_cap=1.5)[0, 0] == \
        pytest.approx(1.5)
    with pytest.raises(ValueError, match="depth_cap"):
        baseline.constant_depth(gt, None, "lsq_disp")


def test_accumulator_scores_and_skips_images_without_valid_pixels():
    acc = baseline.ConstantDepthBaseline("median")
    assert acc.update(GT, MASK)
    assert not acc.update(np.zeros((2, 2)))
    r = acc.result()
    assert r["num_samples"] == 1 and r["num_skipped"] == 1
    assert r["abs_rel"] == pytest.approx(4.0 / 9.0)
    with pytest.raises(ValueError, match="scaling"):
        baseline.ConstantDepthBaseline("mean")


def test_constant_class_is_the_most_frequent_training_label():
    logits = baseline.constant_class_logits(4, train_labels=[2, 2, 1])
    assert list(np.argsort(-logits)) == [2, 1, 0, 3]
    acc = topk_accuracy(np.tile(logits, (4, 1)), np.array([2, 2, 0, 3]), ks=(1, 2))
    assert acc == {"top1": 0.5, "top2": 0.5}
    assert np.argmax(baseline.constant_class_logits(3)) == 0
    with pytest.raises(ValueError, match="out of range"):
        baseline.constant_class_logits(3, [3])


def test_baseline_report_copies_the_model_protocol(tmp_path):
    path = str(tmp_path / "mymodel.json")
    proto = {"crop": "kitti_garg", "scaling": "median", "min_depth": 1e-3, "max_depth": 80.0,
             "averaging": "per_image", "flip": False}
    report.write_report(path, model="m", framework="paddle", dataset="kitti_raw", split="test",
                        metrics={"abs_rel": 0.1, "a1": 0.9}, num_samples=3, protocol=proto)
    out = baseline.write_baseline_report(path, {"abs_rel": 0.3, "a1": 0.4, "num_samples": 3},
                                         predictor="constant, median-scaled")
    assert baseline.baseline_path(path) == str(tmp_path / "mymodel_baseline.json")
    back = report.read_report(str(tmp_path / "mymodel_baseline.json"))
    assert back == out and back["protocol"] == proto and back["dataset"] == "kitti_raw"
    assert back["extra"]["baseline_for"] == "mymodel"
    assert back["model"] == "mymodel baseline: constant, median-scaled"
    with pytest.raises(report.ReportError, match="none.json"):
        baseline.write_baseline_report(str(tmp_path / "none.json"), {"a1": 1, "num_samples": 1},
                                       predictor="x")
