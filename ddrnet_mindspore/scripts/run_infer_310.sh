#!/usr/bin/env bash
# Offline inference on an exported MINDIR: preprocess -> run -> postprocess (acc.log).
#   bash run_infer_310.sh [MINDIR_PATH] [DATASET_NAME(imagenet2012)] [DATASET_PATH] [DEVICE_ID] [CONFIG_PATH]
# The model zoo's Ascend 310 C++ runner (ascend310_infer/) is NOT shipped here. Step 2 runs the
# MINDIR with MindSpore's Python API instead (infer_mindir.py; DEVICE_TARGET=CPU by default, or
# GPU/Ascend), writing the same result_Files/<name>_0.bin layout the C++ runner writes.
# DATASET_PATH: the dataset root holding val/<class>/ (or that val folder itself). CONFIG_PATH
# (default src/configs/ddrnet23_imagenet_ascend.yaml) gives image_size/crop_pct/num_classes.
# Outputs in the current folder: preprocess_Result/, result_Files/, acc.log.
set -euo pipefail
[ $# -ge 3 ] && [ $# -le 5 ] || { echo "usage: bash run_infer_310.sh [MINDIR_PATH] [DATASET_NAME] [DATASET_PATH] [DEVICE_ID] [CONFIG_PATH]" >&2; exit 2; }
abspath() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MINDIR=$(abspath "$1"); DATA=$(abspath "$3"); DEV=${4:-0}
CONFIG=$(abspath "${5:-$PROJECT/src/configs/ddrnet23_imagenet_ascend.yaml}")
PYTHON=${PYTHON:-python}
[ "$2" = "imagenet2012" ] || { echo "error: DATASET_NAME must be imagenet2012, got '$2'" >&2; exit 2; }
[ -f "$MINDIR" ] || { echo "error: MINDIR_PATH not found: $1" >&2; exit 2; }
[ -f "$CONFIG" ] || { echo "error: CONFIG_PATH not found: $CONFIG" >&2; exit 2; }
[ "$(basename "$DATA")" = "val" ] && DATA=$(dirname "$DATA")
[ -d "$DATA/val" ] || { echo "error: DATASET_PATH has no val/ folder: $3" >&2; exit 2; }
OUT=$PWD
rm -rf "$OUT/preprocess_Result" "$OUT/result_Files"
(cd "$PROJECT" && "$PYTHON" preprocess.py --ddr_config "$CONFIG" --data_url "$DATA" \
    --output_path "$OUT/preprocess_Result") || { echo "preprocess dataset failed" >&2; exit 1; }
(cd "$PROJECT" && "$PYTHON" infer_mindir.py --mindir_path "$MINDIR" \
    --input_path "$OUT/preprocess_Result/img_data" --result_path "$OUT/result_Files" \
    --device_target "${DEVICE_TARGET:-CPU}" --device_id "$DEV") || { echo "execute inference failed" >&2; exit 1; }
(cd "$PROJECT" && "$PYTHON" postprocess.py --result_path "$OUT/result_Files" \
    --label_file "$OUT/preprocess_Result/label.json") > "$OUT/acc.log" || { cat "$OUT/acc.log"; echo "calculate accuracy failed" >&2; exit 1; }
cat "$OUT/acc.log"
