#!/usr/bin/env bash
# Training on the CPU.
#   bash scripts/run_standalone_train_cpu.sh [CONFIG_PATH] [train.py flags...]
#   e.g. bash scripts/run_standalone_train_cpu.sh src/configs/ddrnet23_imagenet_cpu.yaml
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/train_common.sh"
[ $# -ge 1 ] || { echo "usage: bash run_standalone_train_cpu.sh [CONFIG_PATH]" >&2; exit 2; }
standalone CPU 0 "$@"
