#!/usr/bin/env bash
# Export FineNet: Model/Ckpt/FinalFineNet.ckpt -> Model/<FORMAT>/FinalFineNet.<ext>
#   bash run_export_fine_model.sh [CKPT_FILE] [FILE_FORMAT=MINDIR] [DEVICE_TARGET=CPU]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
export_model fine "$@"
