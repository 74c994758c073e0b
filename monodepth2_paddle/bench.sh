#!/usr/bin/env bash
# bash monodepth2_paddle/bench.sh REPORTS_DIR  -> REPORTS_DIR/bench_monodepth2_paddle.md
# BENCH_STEPS (default 2) timed train steps per path after one warm-up step.
set -euo pipefail
REPORTS=${1:?usage: bench.sh REPORTS_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$REPORTS"
${PYTHON:-python} "$HERE/bench.py" --out "$REPORTS/bench_monodepth2_paddle.md"
