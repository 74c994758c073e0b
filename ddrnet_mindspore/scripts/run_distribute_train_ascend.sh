#!/usr/bin/env bash
# Data-parallel training on the Ascend devices of a rank table (one process per device).
#   bash scripts/run_distribute_train_ascend.sh [RANK_TABLE_FILE] [CONFIG_PATH] [train.py flags...]
# Rank i logs to <repo>/outputs/ddrnet_mindspore/train_parallel<i>/train.log; the script waits
# for all ranks and fails if one fails. Checkpoints: the config's ckpt_dir (written by rank 0).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/train_common.sh"
[ $# -ge 2 ] || { echo "usage: bash run_distribute_train_ascend.sh [RANK_TABLE_FILE] [CONFIG_PATH]" >&2; exit 2; }
TABLE=$(abspath "$1"); CONFIG=$(abspath "$2"); shift 2
need_file "$TABLE" "RANK_TABLE_FILE"
need_file "$CONFIG" "CONFIG_PATH"
RANK_SIZE=$("$PYTHON" -c 'import json, sys; t = json.load(open(sys.argv[1]))
print(sum(len(s["device"]) for s in t["server_list"]))' "$TABLE") \
    || { echo "error: RANK_TABLE_FILE $TABLE is not a rank table (server_list/device)" >&2; exit 2; }
export RANK_TABLE_FILE=$TABLE RANK_SIZE DEVICE_NUM=$RANK_SIZE
pids=()
for ((i = 0; i < RANK_SIZE; i++)); do
    work="$OUTPUTS_DIR/train_parallel$i"
    mkdir -p "$work"
    ( cd "$PROJECT_DIR" && RANK_ID=$i DEVICE_ID=$i exec "$PYTHON" train.py --device_target Ascend \
        --device_id "$i" --ddr_config "$CONFIG" --run_distribute true "$@" > "$work/train.log" 2>&1 ) &
    pids+=($!)
    echo "rank $i started, log: $work/train.log"
done
failed=0
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { echo "error: rank $i failed, see $OUTPUTS_DIR/train_parallel$i/train.log" >&2; failed=1; }
done
exit "$failed"
