#!/usr/bin/env bash
# Single-device training (CPU by default; also GPU / Ascend).
#   bash run_standalone_train.sh [DATASET_PATH] [DEVICE_TARGET] [extra train.py flags...]
#   e.g. bash run_standalone_train.sh ~/NYU CPU --batch_size 8
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 1 ] || { echo "usage: bash run_standalone_train.sh [DATASET_PATH] [DEVICE_TARGET=CPU] [train.py flags...]" >&2; exit 2; }
DATA=$(abspath "$1"); shift
TARGET=${1:-CPU}; [ $# -ge 1 ] && shift
need_dir "$DATA" "DATASET_PATH"
cd "$PROJECT_DIR"
exec "$PYTHON" train.py --data_url "$DATA" --device_target "$TARGET" "$@"
