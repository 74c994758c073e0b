#!/usr/bin/env bash
# Single-device training on Ascend (upstream form).
#   bash run_standalone_train_ascend.sh [DATASET_PATH] [DEVICE_ID]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -eq 2 ] || { echo "usage: bash run_standalone_train_ascend.sh [DATASET_PATH] [DEVICE_ID]" >&2; exit 2; }
DATA=$(abspath "$1")
need_dir "$DATA" "DATASET_PATH"
cd "$PROJECT_DIR"
export DEVICE_ID=$2
"$PYTHON" train.py --data_url "$DATA" --device_target Ascend --device_id "$2" > train.log 2>&1 &
echo "training in the background on Ascend device $2; log: $PROJECT_DIR/train.log"
