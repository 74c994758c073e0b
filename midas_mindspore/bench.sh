#!/usr/bin/env bash
# make bench hook: bash midas_mindspore/bench.sh REPORTS_DIR [bench.py flags]
# CPU inference latency at 384x384 and train-step time at batch 2 of the full MiDaS v2.1 network,
# MindSpore next to PyTorch (same architecture, same run), grouped vs split convolution;
# written to REPORTS_DIR/bench_midas_mindspore.md.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: bash bench.sh REPORTS_DIR [bench.py flags]" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$1"
"${PYTHON:-python}" "$HERE/bench.py" --out "$1/bench_midas_mindspore.md" "${@:2}"
