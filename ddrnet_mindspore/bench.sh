#!/usr/bin/env bash
# make bench hook: bash ddrnet_mindspore/bench.sh REPORTS_DIR
# DDRNet-23 CPU inference latency (224x224, batch 1) and training throughput (batch 8), each next
# to the PyTorch reference measured in the same run -> REPORTS_DIR/bench_ddrnet_mindspore.md.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: bash bench.sh REPORTS_DIR [bench.py flags]" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$1"
REPORTS=$(cd "$1" && pwd)
cd "$HERE"
"${PYTHON:-python}" bench.py --out "$REPORTS/bench_ddrnet_mindspore.md" "${@:2}"
