#!/usr/bin/env bash
# bash monodepth2_paddle/bench.sh REPORTS_DIR  -> REPORTS_DIR/bench_monodepth2_paddle.md
# BENCH_STEPS (default 1) timed train steps per path. Needs ~14 GB RAM (640x192, batch 12).
set -euo pipefail
REPORTS=${1:?usage: bench.sh REPORTS_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$REPORTS"
${PYTHON:-python} "$HERE/bench.py" --out "$REPORTS/bench_monodepth2_paddle.md"
