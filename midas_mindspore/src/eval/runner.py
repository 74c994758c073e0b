"""Evaluate one dataset: read, predict, score, average; reports and a panel for the demo."""
import os
import time

import numpy as np
from common_metrics.panels import save_panel
from common_metrics.report import write_report

from .protocol import METRIC_KEYS, is_constant, protocol_dict, score


def _mean(rows):
    return {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}


def _progress(log, name, i, total, start):
    rate = i / max(time.time() - start, 1e-9)
    log("%s: %d/%d images (%.2f img/s, ETA %.0f s)" % (name, i, total, rate, (total - i) / rate))


def evaluate(spec, root, predict, log=print, log_every=10):
    """Scores of ``predict`` (RGB image -> disparity) on one dataset.

    Returns a dict: ``value`` (the dataset's upstream number), ``metrics`` and
    ``baseline`` (mean per-image metrics of the model and of a constant disparity) and
    ``first`` (the first sample with its aligned prediction, for pictures).
    """
    entries = spec.reader.index(root)
    rows, base_rows, first, constant = [], [], None, 0
    start = time.time()
    for i, entry in enumerate(entries, 1):
        sample = spec.reader.load(entry)
        pred = np.asarray(predict(sample["image"]), np.float32)
        metrics, pred_depth = score(spec, pred, sample)
        rows.append(metrics)
        constant += int(is_constant(pred))
        base_rows.append(score(spec, np.ones_like(pred), sample)[0])
        if first is None:
            first = dict(sample, pred=pred, pred_depth=pred_depth)
        if i % log_every == 0 or i == len(entries):
            _progress(log, spec.name, i, len(entries), start)
    if constant:
        log("warning: %s: %d of %d predictions are constant (scored as a constant disparity; "
            "untrained or broken weights?)" % (spec.name, constant, len(entries)))
    metrics, baseline = _mean(rows), _mean(base_rows)
    value = metrics[METRIC_KEYS[spec.metric]]
    return {"value": value, "metrics": metrics, "baseline": baseline, "num": len(rows),
            "first": first}


def write_outputs(spec, result, report_dir, model, checkpoint=None, framework_version=None):
    """``midas_<name>.json``, ``midas_<name>_baseline.json`` and ``midas_<name>.png``."""
    stem = os.path.join(report_dir, "midas_%s" % spec.name.lower())
    common = dict(framework="mindspore", dataset="%s (MiDaS zero-shot)" % spec.name,
                  split="test", protocol=protocol_dict(spec), num_samples=result["num"],
                  num_skipped=0, extra={"upstream_metric": METRIC_KEYS[spec.metric]})
    write_report(stem + ".json", model=model, metrics=result["metrics"], checkpoint=checkpoint,
                 framework_version=framework_version, **common)
    base = dict(common, extra=dict(common["extra"], note=(
        "a constant prediction orders no DIW pair: every pair is a tie, counted as wrong "
        "(chance is 0.5)" if spec.metric == "whdr" else
        "constant disparity; its best scale/shift fit is the mean target disparity")))
    write_report(stem + "_baseline.json", model="constant disparity", metrics=result["baseline"],
                 **base)
    s = result["first"]
    if spec.metric == "whdr":
        save_panel(stem + ".png", s["image"], s["pred"], kind="disparity",
                   title="%s %s: prediction (disparity)" % (spec.name, s["name"]))
    else:
        save_panel(stem + ".png", s["image"], s["pred_depth"], s["depth"],
                   mask=s["mask"] & (s["depth"] < spec.cap), kind="depth",
                   title="%s %s: aligned prediction | ground truth" % (spec.name, s["name"]))
    return stem
