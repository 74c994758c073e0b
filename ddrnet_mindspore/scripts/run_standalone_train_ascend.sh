#!/usr/bin/env bash
# Single-device training on Ascend.
#   bash scripts/run_standalone_train_ascend.sh [DEVICE_ID] [CONFIG_PATH] [train.py flags...]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/train_common.sh"
[ $# -ge 2 ] || { echo "usage: bash run_standalone_train_ascend.sh [DEVICE_ID] [CONFIG_PATH]" >&2; exit 2; }
standalone Ascend "$@"
