#!/usr/bin/env bash
# Data-parallel training with WORKER_NUM CPU processes of this machine with msrun.
#   bash scripts/run_distribute_train_cpu.sh [WORKER_NUM] [CONFIG_PATH] [train.py flags...]
# MSRUN_PORT (default 8129) and MSRUN_LOG_DIR (default <repo>/outputs/ddrnet_mindspore/msrun_log) may be set.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/train_common.sh"
[ $# -ge 2 ] || { echo "usage: bash run_distribute_train_cpu.sh [WORKER_NUM] [CONFIG_PATH]" >&2; exit 2; }
with_msrun CPU "$@"
