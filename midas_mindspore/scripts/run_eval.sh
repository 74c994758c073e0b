#!/usr/bin/env bash
# Zero-shot evaluation: bash scripts/run_eval.sh [DEVICE_ID] [DATA_NAME] [midas_eval.py flags...]
# DATA_NAME: Sintel | Kitti | TUM | ETH3D | DIW | NYU | all, or a comma list such as Kitti,NYU
# (default: config.yaml's data_name).
# Runs from any folder; data paths come from config.yaml (relative = from the repo root),
# val.json and checkpoints are resolved in the project folder.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
usage="usage: bash scripts/run_eval.sh [DEVICE_ID] [DATA_NAME] [flags...]"
DEVICE_ID=${1:-0}
case "$DEVICE_ID" in ''|*[!0-9]*) echo "error: DEVICE_ID must be a number, got '$DEVICE_ID' ($usage)" >&2; exit 2 ;; esac
[ $# -ge 1 ] && shift
data=()
if [ $# -ge 1 ] && [ "${1#-}" = "$1" ]; then
    case "$1" in
        Sintel|Kitti|TUM|ETH3D|DIW|NYU|all|*,*) data=(--data_name "$1"); shift ;;
        *) echo "error: DATA_NAME must be one of Sintel Kitti TUM ETH3D DIW NYU all (or a comma list), got '$1' ($usage)" >&2; exit 2 ;;
    esac
fi
cd "$PROJECT_DIR"
exec "$PYTHON" midas_eval.py --device_id "$DEVICE_ID" "${data[@]}" "$@"
