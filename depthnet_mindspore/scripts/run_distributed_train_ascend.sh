#!/usr/bin/env bash
# 8-device data-parallel training on Ascend with a rank table (upstream form).
#   bash run_distributed_train_ascend.sh [DATASET_PATH] [RANK_TABLE_FILE]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -eq 2 ] || { echo "usage: bash run_distributed_train_ascend.sh [DATASET_PATH] [RANK_TABLE_FILE]" >&2; exit 2; }
DATA=$(abspath "$1"); TABLE=$(abspath "$2")
need_dir "$DATA" "DATASET_PATH"
need_file "$TABLE" "RANK_TABLE_FILE"
export RANK_TABLE_FILE=$TABLE RANK_SIZE=${RANK_SIZE:-8} DEVICE_NUM=${RANK_SIZE:-8}
for ((i = 0; i < RANK_SIZE; i++)); do
    export DEVICE_ID=$i RANK_ID=$i
    work="$PROJECT_DIR/train_parallel$i"
    rm -rf "$work"; mkdir -p "$work"
    ( cd "$work" && "$PYTHON" "$PROJECT_DIR/train.py" --data_url "$DATA" --device_target Ascend --device_id "$i" \
        --is_distributed 1 --train_url "$PROJECT_DIR/Model" > train.log 2>&1 & )
    echo "rank $i started, log: $work/train.log"
done
