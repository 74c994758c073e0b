import os
import re

import common_metrics
from common_metrics import (align, baseline, classification, crops, depth, io, panels, relative,
                            report)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_version_matches_pyproject():
    text = open(os.path.join(ROOT, "pyproject.toml")).read()
    assert re.search(r'^version = "([^"]+)"', text, re.M).group(1) == common_metrics.__version__


def test_contract_names_exist():
    # ci/API_CONTRACT.md: other projects import exactly these names
    names = {
        depth: ["METRIC_NAMES", "compute_depth_metrics", "DepthMetricAccumulator",
                "EmptyMaskError"],
        crops: ["nyu_eigen_crop", "kitti_garg_crop", "kitti_eigen_crop", "kb_crop",
                "depth_range_mask"],
        align: ["median_scale", "median_scale_factor", "fixed_scale", "scale_shift_disparity"],
        relative: ["delta_error_percent", "whdr"],
        classification: ["topk_accuracy", "TopKAccumulator"],
        report: ["write_report", "read_report", "ReportError"],
        io: ["write_pfm", "read_pfm", "write_png16", "read_png16", "write_npy", "read_npy",
             "write_png", "read_png", "colorize", "write_colormap"],
        panels: ["save_panel", "compose_rows"],
        baseline: ["constant_depth", "ConstantDepthBaseline", "constant_class_logits",
                   "write_baseline_report"],
    }
    missing = ["%s.%s" % (m.__name__, n) for m, ns in names.items() for n in ns
               if not hasattr(m, n)]
    assert missing == []
