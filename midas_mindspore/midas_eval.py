"""Zero-shot evaluation of MiDaS on KITTI, Sintel, TUM, ETH3D, DIW and NYU (val.json + reports)."""
import mindspore_common  # noqa: F401  (caps the oneDNN ISA, quiets GLOG; before mindspore)

import argparse
import json
import sys

import mindspore
from common_metrics.atomic import atomic_write_text
from mindspore_common.cli import main_guard
from mindspore_common.runtime import setup_context

from src.config import get_config
from src.eval.model import load_for_eval
from src.eval.predict import make_predictor
from src.eval.protocol import METRIC_KEYS, select
from src.eval.runner import evaluate, write_outputs

DESCRIPTION = ("MiDaS zero-shot evaluation. Every config.yaml key is a flag (--data_name "
               "Sintel|Kitti|TUM|ETH3D|DIW|NYU|all or a comma list, --ckpt_path, "
               "--datapath_<name>, --ann_file); "
               "--report_dir DIR also writes common_metrics reports and pictures there.")


def split_report_dir(argv):
    """(report_dir or None, remaining argv): --report_dir is not a config key."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--report_dir", default=None)
    known, rest = parser.parse_known_args(argv)
    return known.report_dir, rest


@main_guard
def main(argv=None):
    report_dir, argv = split_report_dir(sys.argv[1:] if argv is None else argv)
    cfg = get_config(argv, DESCRIPTION)
    specs = select(cfg.data_name)
    roots = {s.name: getattr(cfg, s.reader.KEY) for s in specs}
    for spec in specs:  # a missing dataset stops here, before the model is built
        spec.reader.index(roots[spec.name])
    setup_context(cfg.device_target, cfg.device_id, mode="pynative")
    net = load_for_eval(cfg)
    results = {}
    for spec in specs:
        result = evaluate(spec, roots[spec.name], make_predictor(net, cfg, spec.resize_method))
        results[spec.name] = round(result["value"], 3)
        print("%s: %s = %.3f (constant disparity: %.3f) over %d images"
              % (spec.name, METRIC_KEYS[spec.metric], result["value"],
                 result["baseline"][METRIC_KEYS[spec.metric]], result["num"]))
        if report_dir:
            stem = write_outputs(spec, result, report_dir, "midas_mindspore", cfg.ckpt_path,
                                 mindspore.__version__)
            print("wrote %s.json, %s_baseline.json, %s.png" % (stem, stem, stem))
    atomic_write_text(cfg.ann_file, json.dumps(results) + "\n")
    print("wrote %s: %s" % (cfg.ann_file, json.dumps(results)))
    return results


if __name__ == "__main__":
    main()
