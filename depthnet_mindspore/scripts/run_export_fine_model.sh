#!/usr/bin/env bash
# Export FineNet: Model/Ckpt/FinalFineNet.ckpt -> Model/<FORMAT>/FinalFineNet.<ext>
#   bash run_export_fine_model.sh [CKPT_FILE] [FILE_FORMAT=MINDIR] [DEVICE_TARGET=CPU]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CKPT=$(abspath "${1:-$PROJECT_DIR/Model/Ckpt/FinalFineNet.ckpt}")
FORMAT=${2:-MINDIR}
TARGET=${3:-CPU}
need_file "$CKPT" "CKPT_FILE"
cd "$PROJECT_DIR"
exec "$PYTHON" export.py --coarse_or_fine fine --ckpt_file "$CKPT" --file_format "$FORMAT" --device_target "$TARGET"
