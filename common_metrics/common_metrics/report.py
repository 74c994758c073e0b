"""The DepthZoo evaluation report: one JSON file per evaluation.

Format "depthzoo-report/1" (all keys always present):

    format       "depthzoo-report/1"
    task         "depth" | "classification"
    model        str    e.g. "monodepth2_paddle/mono_640x192"
    framework    str    e.g. "paddlepaddle"
    dataset      str    e.g. "kitti"
    split        str    e.g. "eigen"
    protocol     {crop, scaling, min_depth, max_depth, averaging, flip}
                 crop: str|null, scaling: str|null ("median", "none", "lsq_disp"),
                 min_depth/max_depth: number|null, averaging: "per_image"|"pooled"|null,
                 flip: bool (test-time flip augmentation)
    metrics      {name: finite number}
    num_samples  int >= 0   images (or samples) that were scored
    num_skipped  int >= 0   images skipped (e.g. no valid pixel)
    checkpoint   str|null
    created      ISO-8601 UTC time, "YYYY-MM-DDTHH:MM:SSZ"
    versions     {python: str, framework: str|null, common_metrics: str}
    extra        {}     free JSON object for anything else
"""
import datetime
import json
import math
import numbers
import os
import platform
import sys

from . import __version__
from .atomic import atomic_write_text

FORMAT = "depthzoo-report/1"
TASKS = ("depth", "classification")
PROTOCOL_KEYS = ("crop", "scaling", "min_depth", "max_depth", "averaging", "flip")
REQUIRED_KEYS = ("format", "task", "model", "framework", "dataset", "split", "protocol",
                 "metrics", "num_samples", "num_skipped", "checkpoint", "created",
                 "versions", "extra")
_COUNT_KEYS = ("num_samples", "num_skipped")
# module names whose __version__ is recorded when framework_version is not given
_FRAMEWORK_MODULES = {"mindspore": "mindspore", "tensorflow": "tensorflow",
                      "paddlepaddle": "paddle", "paddle": "paddle", "torch": "torch",
                      "pytorch": "torch", "numpy": "numpy"}


class ReportError(ValueError):
    """A report file that cannot be read or does not follow the format."""


def _is_number(v):
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _is_int(v):
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def _json_default(o):
    if hasattr(o, "tolist"):  # numpy scalars and arrays
        return o.tolist()
    raise TypeError("%r of type %s is not JSON serialisable" % (o, type(o).__name__))


def _clean_metrics(metrics):
    if not isinstance(metrics, dict) or not metrics:
        raise ValueError("metrics must be a non-empty dict of name -> number, got %r"
                         % (metrics,))
    out = {}
    for k, v in metrics.items():
        if k in _COUNT_KEYS:
            continue
        if not isinstance(k, str):
            raise ValueError("metric names must be strings, got %r" % (k,))
        if hasattr(v, "item") and getattr(v, "shape", ()) == ():
            v = v.item()
        if not _is_number(v):
            raise ValueError("metric %r must be a number, got %r" % (k, v))
        if not math.isfinite(float(v)):
            raise ValueError("metric %r is %r; refusing to write a non-finite metric"
                             % (k, v))
        out[k] = float(v)
    if not out:
        raise ValueError("metrics holds no metric besides num_samples/num_skipped")
    return out


def _clean_protocol(protocol):
    protocol = {} if protocol is None else dict(protocol)
    unknown = sorted(set(protocol) - set(PROTOCOL_KEYS))
    if unknown:
        raise ValueError("unknown protocol key(s) %s; allowed: %s (put anything else "
                         "in extra)" % (", ".join(map(str, unknown)), ", ".join(PROTOCOL_KEYS)))
    out = dict.fromkeys(PROTOCOL_KEYS)
    out["flip"] = False
    out.update(protocol)
    for k in ("min_depth", "max_depth", "flip"):  # numpy scalars -> python values
        if hasattr(out[k], "item") and getattr(out[k], "shape", None) == ():
            out[k] = out[k].item()
    for k in ("min_depth", "max_depth"):
        v = out[k]
        if v is not None and (not _is_number(v) or not math.isfinite(v)):
            raise ValueError("protocol %s must be a finite number or None, got %r" % (k, v))
    if not isinstance(out["flip"], bool):
        raise ValueError("protocol flip must be True or False, got %r" % (out["flip"],))
    for k in ("crop", "scaling", "averaging"):
        if out[k] is not None and not isinstance(out[k], str):
            raise ValueError("protocol %s must be a string or None, got %r" % (k, out[k]))
    return out


def _detect_framework_version(framework):
    mod = sys.modules.get(_FRAMEWORK_MODULES.get(str(framework).lower(), ""))
    return getattr(mod, "__version__", None)


def _utc_now():
    return datetime.datetime.utcnow().replace(microsecond=0).isoformat() + "Z"


def make_report(*, model, framework, dataset, split, metrics, protocol=None,
                num_samples=None, num_skipped=None, checkpoint=None,
                framework_version=None, task="depth", extra=None):
    """Build (and validate) a report dict without writing it."""
    if task not in TASKS:
        raise ValueError("task must be one of %s, got %r" % (", ".join(TASKS), task))
    for name, v in (("model", model), ("framework", framework), ("dataset", dataset),
                    ("split", split)):
        if not isinstance(v, str) or not v:
            raise ValueError("%s must be a non-empty string, got %r" % (name, v))
    if isinstance(metrics, dict):
        if num_samples is None:
            num_samples = metrics.get("num_samples")
        if num_skipped is None:
            num_skipped = metrics.get("num_skipped")
    if num_samples is None:
        raise ValueError("num_samples is required (pass it or include it in metrics)")
    num_skipped = 0 if num_skipped is None else num_skipped
    for name, v in (("num_samples", num_samples), ("num_skipped", num_skipped)):
        if not _is_int(v) or v < 0:
            raise ValueError("%s must be an int >= 0, got %r" % (name, v))
    if checkpoint is not None:
        checkpoint = str(checkpoint)
    if framework_version is None:
        framework_version = _detect_framework_version(framework)
    if extra is not None and not isinstance(extra, dict):
        raise ValueError("extra must be a dict or None, got %r" % (extra,))
    report = {
        "format": FORMAT,
        "task": task,
        "model": model,
        "framework": framework,
        "dataset": dataset,
        "split": split,
        "protocol": _clean_protocol(protocol),
        "metrics": _clean_metrics(metrics),
        "num_samples": int(num_samples),
        "num_skipped": int(num_skipped),
        "checkpoint": checkpoint,
        "created": _utc_now(),
        "versions": {"python": platform.python_version(),
                     "framework": None if framework_version is None else str(framework_version),
                     "common_metrics": __version__},
        "extra": {} if extra is None else extra,
    }
    try:  # normalises numpy values in extra, refuses NaN/inf there too
        report = json.loads(json.dumps(report, allow_nan=False, default=_json_default))
    except (TypeError, ValueError) as e:
        raise ValueError("report cannot be written as strict JSON: %s" % e)
    return report


def write_report(path, *, model, framework, dataset, split, metrics, protocol=None,
                 num_samples=None, num_skipped=None, checkpoint=None,
                 framework_version=None, task="depth", extra=None):
    """Validate and write a report atomically (temp file + os.replace).

    Creates parent directories. Returns the report dict as written.
    """
    report = make_report(model=model, framework=framework, dataset=dataset, split=split,
                         metrics=metrics, protocol=protocol, num_samples=num_samples,
                         num_skipped=num_skipped, checkpoint=checkpoint,
                         framework_version=framework_version, task=task, extra=extra)
    atomic_write_text(path, json.dumps(report, indent=2, sort_keys=False) + "\n")
    return report


def _fail(path, msg):
    raise ReportError("%s: %s" % (path, msg))


def validate_report(report, path="<report>"):
    """Raise ReportError (naming path) unless report follows the format."""
    if not isinstance(report, dict):
        _fail(path, "top level must be a JSON object, got %s" % type(report).__name__)
    missing = [k for k in REQUIRED_KEYS if k not in report]
    if missing:
        _fail(path, "missing key(s): %s" % ", ".join(missing))
    if report["format"] != FORMAT:
        _fail(path, "format is %r, expected %r" % (report["format"], FORMAT))
    if report["task"] not in TASKS:
        _fail(path, "task is %r, expected one of %s" % (report["task"], ", ".join(TASKS)))
    for k in ("model", "framework", "dataset", "split", "created"):
        if not isinstance(report[k], str):
            _fail(path, "%s must be a string, got %r" % (k, report[k]))
    if report["checkpoint"] is not None and not isinstance(report["checkpoint"], str):
        _fail(path, "checkpoint must be a string or null, got %r" % (report["checkpoint"],))
    for k in _COUNT_KEYS:
        if not _is_int(report[k]) or report[k] < 0:
            _fail(path, "%s must be an integer >= 0, got %r" % (k, report[k]))
    for k in ("protocol", "metrics", "versions", "extra"):
        if not isinstance(report[k], dict):
            _fail(path, "%s must be an object, got %r" % (k, report[k]))
    try:
        _clean_protocol(report["protocol"])
    except ValueError as e:
        _fail(path, str(e))
    if not report["metrics"]:
        _fail(path, "metrics is empty")
    for k, v in report["metrics"].items():
        if not _is_number(v) or not math.isfinite(v):
            _fail(path, "metric %r must be a finite number, got %r" % (k, v))
    for k in ("python", "common_metrics"):
        if not isinstance(report["versions"].get(k), str):
            _fail(path, "versions.%s must be a string, got %r" % (k, report["versions"].get(k)))
    return report


def read_report(path):
    """Read and validate a report; ReportError names the file and the problem."""
    path = os.fspath(path)
    try:
        with open(path, "r") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        _fail(path, "cannot read report: %s" % e)
    try:
        report = json.loads(text)
    except ValueError as e:
        _fail(path, "not valid JSON: %s" % e)
    return validate_report(report, path)
