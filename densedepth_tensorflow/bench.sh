#!/usr/bin/env bash
# DepthZoo bench: CPU training step (bs 4, 480x640) and inference latency (bs 1).
#   bash densedepth_tensorflow/bench.sh REPORTS_DIR      (project environment active)
set -euo pipefail
REPORTS=${1:?usage: bench.sh REPORTS_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$REPORTS"
python "$HERE/bench.py" --out "$REPORTS/bench_densedepth_tensorflow.md"
