#!/usr/bin/env bash
# Evaluate checkpoints on DATASET_PATH/Test.
#   bash run_eval.sh [DATASET_PATH] [COARSENET_MODEL_PATH] [FINENET_MODEL_PATH] [DEVICE_TARGET] [extra eval.py flags...]
# Checkpoints default to <project>/Model/Ckpt/Final{Coarse,Fine}Net.ckpt, DEVICE_TARGET to CPU.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 1 ] || { echo "usage: bash run_eval.sh [DATASET_PATH] [COARSENET_MODEL_PATH] [FINENET_MODEL_PATH] [DEVICE_TARGET=CPU]" >&2; exit 2; }
DATA=$(abspath "$1")
COARSE=$(abspath "${2:-$PROJECT_DIR/Model/Ckpt/FinalCoarseNet.ckpt}")
FINE=$(abspath "${3:-$PROJECT_DIR/Model/Ckpt/FinalFineNet.ckpt}")
TARGET=${4:-CPU}
shift $(( $# < 4 ? $# : 4 ))
need_dir "$DATA" "DATASET_PATH"
need_file "$COARSE" "COARSENET_MODEL_PATH"
need_file "$FINE" "FINENET_MODEL_PATH"
cd "$PROJECT_DIR"
exec "$PYTHON" eval.py --test_data "$DATA" --coarse_ckpt_model "$COARSE" --fine_ckpt_model "$FINE" \
    --device_target "$TARGET" "$@"
