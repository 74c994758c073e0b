#!/usr/bin/env bash
# Single-device training on Ascend (upstream form).
#   bash run_standalone_train_ascend.sh [DATASET_PATH] [DEVICE_ID] [extra train.py flags...]
# The log goes to <project>/train.log; the script waits for training and exits with its status.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 2 ] || { echo "usage: bash run_standalone_train_ascend.sh [DATASET_PATH] [DEVICE_ID]" >&2; exit 2; }
DATA=$(abspath "$1"); DEV=$2; shift 2
need_dir "$DATA" "DATASET_PATH"
cd "$PROJECT_DIR"
echo "training on Ascend device $DEV; log: $PROJECT_DIR/train.log"
status=0
"$PYTHON" train.py --data_url "$DATA" --device_target "${DEVICE_TARGET:-Ascend}" --device_id "$DEV" "$@" \
    > train.log 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    echo "error: training failed (exit $status); last lines of $PROJECT_DIR/train.log:" >&2
    tail -n 5 train.log >&2
fi
exit "$status"
