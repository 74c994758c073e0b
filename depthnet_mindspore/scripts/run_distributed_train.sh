#!/usr/bin/env bash
# Data-parallel training with msrun on CPU or GPU (one process per worker).
#   bash run_distributed_train.sh [DATASET_PATH] [WORKER_NUM] [DEVICE_TARGET] [extra train.py flags...]
#   e.g. bash run_distributed_train.sh ~/NYU 2 CPU --epochs_coarse 5
# Per-device batch 4 as upstream's distributed script (global batch 4 x WORKER_NUM); a
# --batch_size flag overrides it. MSRUN_PORT (default 8118) and MSRUN_LOG_DIR (default
# <project>/msrun_log) can be set.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 1 ] || { echo "usage: bash run_distributed_train.sh [DATASET_PATH] [WORKER_NUM=2] [DEVICE_TARGET=CPU] [train.py flags...]" >&2; exit 2; }
DATA=$(abspath "$1"); shift
WORKERS=${1:-2}; [ $# -ge 1 ] && shift
TARGET=${1:-CPU}; [ $# -ge 1 ] && shift
need_dir "$DATA" "DATASET_PATH"
LOG_DIR=$(abspath "${MSRUN_LOG_DIR:-$PROJECT_DIR/msrun_log}")
cd "$PROJECT_DIR"
exec msrun --worker_num="$WORKERS" --local_worker_num="$WORKERS" --master_addr=127.0.0.1 \
    --master_port="${MSRUN_PORT:-8118}" --log_dir="$LOG_DIR" --join=True \
    train.py --data_url "$DATA" --device_target "$TARGET" --is_distributed 1 --batch_size "$DISTRIBUTED_BATCH" "$@"
