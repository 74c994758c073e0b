#!/usr/bin/env bash
# Export CoarseNet: Model/Ckpt/FinalCoarseNet.ckpt -> Model/<FORMAT>/FinalCoarseNet.<ext>
#   bash run_export_coarse_model.sh [CKPT_FILE] [FILE_FORMAT=MINDIR] [DEVICE_TARGET=CPU]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
export_model coarse "$@"
