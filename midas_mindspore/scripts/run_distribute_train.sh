#!/usr/bin/env bash
# Data-parallel training: bash scripts/run_distribute_train.sh [RANK_SIZE] [midas_train.py flags...]
#   Ascend: one process per device with RANK_TABLE_FILE (set it; devices 0..RANK_SIZE-1 or
#           DEVICE_START), logs in train_parallel<rank>/log.
#   CPU/GPU: msrun with RANK_SIZE local workers (MSRUN_PORT, default 8119; logs in
#           MSRUN_LOG_DIR, default <project>/msrun_log).
# Each rank trains on its shard, gradients are averaged, every rank writes ckpt/Midas_<rank>-*.ckpt.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RANK_SIZE=${1:-8}
case "$RANK_SIZE" in ''|*[!0-9]*|0|1) echo "error: RANK_SIZE must be a number >= 2, got '$RANK_SIZE' (usage: bash scripts/run_distribute_train.sh [RANK_SIZE])" >&2; exit 2 ;; esac
[ $# -ge 1 ] && shift
CALLER=$(pwd)
cd "$PROJECT_DIR"
read -r TARGET DATA SAMPLE < <(probe_setup "$@") || exit 2
extra=()
if [ "$TARGET" = CPU ] && [ "$SAMPLE" = 1 ]; then
    echo "CPU with the sample data ($DATA): reduced run ${CPU_SAMPLE_FLAGS[*]}"
    extra=("${CPU_SAMPLE_FLAGS[@]}")
fi
if [ "$TARGET" = Ascend ]; then
    [ -f "${RANK_TABLE_FILE:-}" ] || { echo "error: set RANK_TABLE_FILE to the Ascend rank table (hccl json)" >&2; exit 2; }
    export RANK_TABLE_FILE RANK_SIZE
    for ((i = 0; i < RANK_SIZE; i++)); do
        mkdir -p "train_parallel$i"
        DEVICE_ID=$((${DEVICE_START:-0} + i)) RANK_ID=$i \
            "$PYTHON" midas_train.py --run_distribute True --device_id $((${DEVICE_START:-0} + i)) \
            "${extra[@]}" "$@" > "train_parallel$i/log" 2>&1 &
    done
    echo "started $RANK_SIZE ranks; logs: $PROJECT_DIR/train_parallel*/log"
    wait
    exit 0
fi
case "${MSRUN_LOG_DIR:-}" in ''|/*) ;; *) MSRUN_LOG_DIR="$CALLER/$MSRUN_LOG_DIR" ;; esac
exec msrun --worker_num="$RANK_SIZE" --local_worker_num="$RANK_SIZE" --master_addr=127.0.0.1 \
    --master_port="${MSRUN_PORT:-8119}" --log_dir="${MSRUN_LOG_DIR:-$PROJECT_DIR/msrun_log}" --join=True \
    midas_train.py --run_distribute True "${extra[@]}" "$@"
