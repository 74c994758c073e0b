#!/usr/bin/env bash
# make bench hook: bash depthnet_mindspore/bench.sh REPORTS_DIR
# CPU training speed (images/s) of CoarseNet and FineNet and inference latency (batch 1) at 228x304,
# written to REPORTS_DIR/bench_depthnet_mindspore.md.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: bash bench.sh REPORTS_DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$1"
GLOG_v=${GLOG_v:-3} "${PYTHON:-python}" "$HERE/bench.py" --out "$1/bench_depthnet_mindspore.md" "${@:2}"
