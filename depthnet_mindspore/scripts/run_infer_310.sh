#!/usr/bin/env bash
# Offline inference on exported MINDIR files: preprocess -> run -> postprocess (acc.log).
#   bash run_infer_310.sh [MINDIR1_PATH] [MINDIR2_PATH] [DATA_PATH] [DEVICE_ID] [DEVICE_TARGET=CPU]
# MINDIR1 is CoarseNet, MINDIR2 FineNet, DATA_PATH the NYU Test folder (or its parent).
# The upstream Ascend 310 C++ runner is not part of this project; the Python MINDIR runner
# infer_mindir.py writes the same result_Files layout (works on CPU, GPU and Ascend).
# Outputs go to the current folder: preprocess_Result/, result_Files/, acc.log.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 3 ] || { echo "usage: bash run_infer_310.sh [MINDIR1_PATH] [MINDIR2_PATH] [DATA_PATH] [DEVICE_ID] [DEVICE_TARGET=CPU]" >&2; exit 2; }
M1=$(abspath "$1"); M2=$(abspath "$2"); DATA=$(abspath "$3")
DEV=${4:-0}; TARGET=${5:-CPU}
need_file "$M1" "MINDIR1_PATH"; need_file "$M2" "MINDIR2_PATH"; need_dir "$DATA" "DATA_PATH"
OUT=$(pwd)
rm -rf "$OUT/preprocess_Result" "$OUT/result_Files"
"$PYTHON" "$PROJECT_DIR/preprocess.py" --dataset_path "$DATA" --output_path "$OUT/preprocess_Result"
"$PYTHON" "$PROJECT_DIR/infer_mindir.py" --coarse_mindir "$M1" --fine_mindir "$M2" \
    --input_path "$OUT/preprocess_Result/img_data" --result_path "$OUT/result_Files" \
    --device_target "$TARGET" --device_id "$DEV"
"$PYTHON" "$PROJECT_DIR/postprocess.py" --result_path "$OUT/result_Files" \
    --label_file "$OUT/preprocess_Result/label" | tee "$OUT/acc.log"
