#!/usr/bin/env bash
# Evaluate a checkpoint on CPU: bash scripts/run_eval_cpu.sh [DEVICE_ID] [CONFIG_PATH] [CHECKPOINT_PATH]
# Runs eval.py from the project folder; log and report in ./eval_cpu/ (eval.log, eval_report.json).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: bash run_eval_cpu.sh [DEVICE_ID] [CONFIG_PATH] [CHECKPOINT_PATH]" >&2; exit 2; }
abspath() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
CONFIG=$(abspath "$2"); CKPT=$(abspath "$3")
[ -f "$CONFIG" ] || { echo "error: CONFIG_PATH not found: $2" >&2; exit 2; }
[ -f "$CKPT" ] || { echo "error: CHECKPOINT_PATH not found: $3" >&2; exit 2; }
OUT=$PWD/eval_cpu
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$OUT"
cd "$PROJECT"
${PYTHON:-python} eval.py --device_id "$1" --device_target CPU --ddr_config "$CONFIG" \
    --pretrained "$CKPT" --report "$OUT/eval_report.json" 2>&1 | tee "$OUT/eval.log"
