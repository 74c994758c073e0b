#!/usr/bin/env bash
# Single-device training: bash scripts/run_standalone_train.sh [DEVICE_ID] [midas_train.py flags...]
# Device from config.yaml's device_target (auto: Ascend, else GPU, else CPU). On CPU with the
# sample ReDWeb data the run is reduced (see CPU_SAMPLE_FLAGS in common.sh) and says so.
# Ctrl-C stops after the current step and writes a checkpoint; running again resumes.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DEVICE_ID=${1:-0}
case "$DEVICE_ID" in ''|*[!0-9]*) echo "error: DEVICE_ID must be a number, got '$DEVICE_ID' (usage: bash scripts/run_standalone_train.sh [DEVICE_ID])" >&2; exit 2 ;; esac
[ $# -ge 1 ] && shift
cd "$PROJECT_DIR"
read -r TARGET DATA SAMPLE < <(probe_setup "$@") || exit 2
extra=()
if [ "$TARGET" = CPU ] && [ "$SAMPLE" = 1 ]; then
    echo "CPU with the sample data ($DATA): reduced run ${CPU_SAMPLE_FLAGS[*]}"
    echo "(config.yaml's full recipe is ResNeXt-101 at 384x384 for 400 epochs; pass flags to change)"
    extra=("${CPU_SAMPLE_FLAGS[@]}")
fi
exec "$PYTHON" midas_train.py --device_id "$DEVICE_ID" "${extra[@]}" "$@"
