import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
import bench  # noqa: E402


def test_bench_table_agrees_with_the_naive_loop(tmp_path, capsys):
    out = tmp_path / "bench" / "bench_common_metrics.md"
    assert bench.main(["--images", "3", "--height", "60", "--width", "80", "--repeat", "1",
                       "--out", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("# common_metrics benchmark")
    row = [l for l in text.splitlines() if l.startswith("| 3 |")][0]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == "60x80" and cells[2] == "per_image"
    assert float(cells[-1]) < 1e-6        # fast path vs the textbook loop, same data
    assert row in capsys.readouterr().out


def test_bench_data_is_realistic_depth():
    gt, pred = bench.make_data(2, 48, 64)
    valid = gt > 0
    assert gt.dtype == pred.dtype == np.float32
    assert 0.99 < valid.mean() < 1.0                  # a few sensor holes
    assert gt[valid].min() > 0.5 and gt.max() < 12.0  # indoor range, metres
    assert pred.min() > 0
