import json
import math
import os

import numpy as np
import pytest

import common_metrics
from common_metrics.depth import DepthMetricAccumulator
from common_metrics.report import (FORMAT, PROTOCOL_KEYS, REQUIRED_KEYS, ReportError,
                                   read_report, write_report)

METRICS = {"abs_rel": 0.1, "sq_rel": 0.05, "rmse": 0.4, "rmse_log": 0.15, "log10": 0.05,
           "silog": 12.5, "a1": 0.9, "a2": 0.97, "a3": 0.99}


def _write(path, **kw):
    args = dict(model="midas_v21", framework="mindspore", dataset="nyu", split="test",
                metrics=METRICS, num_samples=654, checkpoint="w.ckpt",
                protocol={"crop": "nyu_eigen", "scaling": "median", "min_depth": 1e-3,
                          "max_depth": 10.0, "averaging": "per_image", "flip": True},
                framework_version="2.10.0", extra={"note": "x"})
    args.update(kw)
    return write_report(path, **args)


def test_round_trip(tmp_path):
    path = tmp_path / "sub" / "dir" / "r.json"       # parent folders are created
    written = _write(str(path))
    back = read_report(str(path))
    assert back == written
    assert back["format"] == FORMAT and set(back) == set(REQUIRED_KEYS)
    assert back["metrics"] == METRICS
    assert back["num_samples"] == 654 and back["num_skipped"] == 0
    assert back["protocol"]["flip"] is True and back["protocol"]["crop"] == "nyu_eigen"
    assert back["versions"]["framework"] == "2.10.0"
    assert back["versions"]["common_metrics"] == common_metrics.__version__
    assert back["created"].endswith("Z") and len(back["created"]) == 20
    assert os.listdir(str(path.parent)) == ["r.json"]   # no temp file left behind


def test_accumulator_result_feeds_the_counts(tmp_path):
    acc = DepthMetricAccumulator()
    acc.update(np.full((4, 4), 2.0), np.full((4, 4), 2.0))
    acc.update(np.ones((4, 4)), np.zeros((4, 4)))
    r = write_report(str(tmp_path / "r.json"), model="m", framework="numpy", dataset="d",
                     split="s", metrics=acc.result(), framework_version=np.__version__)
    assert (r["num_samples"], r["num_skipped"]) == (1, 1)
    assert "num_samples" not in r["metrics"] and r["metrics"]["a1"] == 1.0
    assert r["protocol"] == dict(dict.fromkeys(PROTOCOL_KEYS), flip=False)


def test_numpy_values_are_stored_as_json_numbers(tmp_path):
    m = {k: np.float32(v) for k, v in METRICS.items()}
    r = _write(str(tmp_path / "r.json"), metrics=m, num_samples=np.int64(3),
               extra={"arr": np.arange(3)})
    assert r["num_samples"] == 3 and r["extra"]["arr"] == [0, 1, 2]
    assert isinstance(r["metrics"]["a1"], float)


def test_numpy_protocol_values_are_accepted(tmp_path):
    r = _write(str(tmp_path / "r.json"), protocol={"flip": np.bool_(True),
                                                   "max_depth": np.float32(80.0)})
    assert r["protocol"]["flip"] is True and r["protocol"]["max_depth"] == 80.0
    with pytest.raises(ValueError, match="flip"):
        _write(str(tmp_path / "r.json"), protocol={"flip": "yes"})


def test_write_refuses_non_finite_and_bad_fields(tmp_path):
    p = str(tmp_path / "r.json")
    with pytest.raises(ValueError, match="abs_rel"):
        _write(p, metrics=dict(METRICS, abs_rel=float("nan")))
    with pytest.raises(ValueError, match="rmse"):
        _write(p, metrics=dict(METRICS, rmse=np.float64("inf")))
    with pytest.raises(ValueError, match="unknown protocol key"):
        _write(p, protocol={"crops": "eigen"})
    with pytest.raises(ValueError, match="task"):
        _write(p, task="segmentation")
    with pytest.raises(ValueError, match="num_samples"):
        _write(p, num_samples=None)
    with pytest.raises(ValueError, match="model"):
        _write(p, model="")
    with pytest.raises(ValueError, match="strict JSON"):
        _write(p, extra={"x": float("nan")})
    assert not os.path.exists(p) and os.listdir(str(tmp_path)) == []


def test_write_is_atomic_over_an_existing_report(tmp_path):
    p = str(tmp_path / "r.json")
    _write(p)
    with pytest.raises(ValueError):
        _write(p, metrics={"a1": float("nan")})
    assert read_report(p)["metrics"] == METRICS     # the old file is intact


def _corrupt(tmp_path, mutate):
    p = str(tmp_path / "bad.json")
    r = _write(p)
    mutate(r)
    with open(p, "w") as f:
        json.dump(r, f)
    return p


@pytest.mark.parametrize("mutate, message", [
    (lambda r: r.pop("metrics"), "missing key.*metrics"),
    (lambda r: r.pop("created"), "missing key.*created"),
    (lambda r: r["metrics"].update(a1=float("nan")), "metric 'a1' must be a finite"),
    (lambda r: r["metrics"].update(a1="0.9"), "metric 'a1'"),
    (lambda r: r.update(format="other/9"), "format"),
    (lambda r: r.update(task="x"), "task"),
    (lambda r: r.update(num_samples=-1), "num_samples"),
    (lambda r: r.update(num_skipped=1.5), "num_skipped"),
    (lambda r: r.update(model=3), "model"),
    (lambda r: r["protocol"].update(bogus=1), "unknown protocol key"),
    (lambda r: r.update(metrics={}), "metrics is empty"),
])
def test_read_rejects_malformed_reports(tmp_path, mutate, message):
    p = _corrupt(tmp_path, mutate)
    with pytest.raises(ReportError, match=message) as e:
        read_report(p)
    assert p in str(e.value)


def test_read_rejects_non_json_and_missing_files(tmp_path):
    p = tmp_path / "r.json"
    p.write_text("{not json")
    with pytest.raises(ReportError, match="not valid JSON") as e:
        read_report(str(p))
    assert str(p) in str(e.value)
    p.write_text("[1, 2]")
    with pytest.raises(ReportError, match="JSON object"):
        read_report(str(p))
    with pytest.raises(ReportError, match="cannot read"):
        read_report(str(tmp_path / "absent.json"))
    assert issubclass(ReportError, ValueError)


def test_nan_literal_in_file_is_rejected(tmp_path):
    p = _write(str(tmp_path / "r.json"))
    text = json.dumps(p).replace('"a1": 0.9', '"a1": NaN')
    (tmp_path / "r.json").write_text(text)
    with pytest.raises(ReportError, match="a1"):
        read_report(str(tmp_path / "r.json"))
    assert math.isnan(json.loads(text)["metrics"]["a1"])
