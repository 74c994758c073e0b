#!/usr/bin/env bash
# 8-device data-parallel training on Ascend with a rank table (upstream form).
#   bash run_distributed_train_ascend.sh [DATASET_PATH] [RANK_TABLE_FILE] [extra train.py flags...]
# Per-device batch 4 as upstream's distributed script (global batch 4 x RANK_SIZE, same learning
# rate); pass --batch_size to change it. Waits for every rank; exits non-zero if one fails.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 2 ] || { echo "usage: bash run_distributed_train_ascend.sh [DATASET_PATH] [RANK_TABLE_FILE]" >&2; exit 2; }
DATA=$(abspath "$1"); TABLE=$(abspath "$2"); shift 2
need_dir "$DATA" "DATASET_PATH"
need_file "$TABLE" "RANK_TABLE_FILE"
export RANK_TABLE_FILE=$TABLE RANK_SIZE=${RANK_SIZE:-8} DEVICE_NUM=${RANK_SIZE:-8}
pids=()
for ((i = 0; i < RANK_SIZE; i++)); do
    work="$PROJECT_DIR/train_parallel$i"
    rm -rf "$work"; mkdir -p "$work"
    ( cd "$work" && RANK_ID=$i exec "$PYTHON" "$PROJECT_DIR/train.py" --data_url "$DATA" --device_target Ascend \
        --device_id "$i" --is_distributed 1 --batch_size "$DISTRIBUTED_BATCH" --train_url "$PROJECT_DIR/Model" "$@" \
        > train.log 2>&1 ) &
    pids+=($!)
    echo "rank $i started, log: $work/train.log"
done
failed=0
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { echo "error: rank $i failed, see $PROJECT_DIR/train_parallel$i/train.log" >&2; failed=1; }
done
exit "$failed"
