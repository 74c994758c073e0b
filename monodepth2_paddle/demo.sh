#!/usr/bin/env bash
# Demo: sample KITTI raw -> export_gt_depth -> short mono+stereo training -> evaluate -> report.
#   bash monodepth2_paddle/demo.sh DATA_ROOT REPORTS_DIR
# DATA_ROOT is `python -m sample_data all --out DATA_ROOT` (uses DATA_ROOT/kitti_raw).
# Writes REPORTS_DIR/monodepth2_paddle.json (stereo x5.4), monodepth2_paddle_median.json and pictures under outputs/monodepth2_paddle/.
set -euo pipefail
DATA_ROOT=${1:?usage: demo.sh DATA_ROOT REPORTS_DIR}
REPORTS=${2:?usage: demo.sh DATA_ROOT REPORTS_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KITTI=$DATA_ROOT/kitti_raw
OUT=outputs/monodepth2_paddle
PY=${PYTHON:-python}

[ -d "$KITTI/splits/sample" ] || { echo "demo.sh: $KITTI/splits/sample not found (run python -m sample_data kitti_raw --out $KITTI)" >&2; exit 1; }
rm -rf "$OUT/sample" "$OUT/logs/mono+stereo_demo" "$OUT/pictures"
mkdir -p "$OUT/sample" "$REPORTS"
# a copy of the sample split (gt_depths.npz is written next to test_files.txt); 16 training
# lines keep the training run short on 2 CPU cores
head -n 16 "$KITTI/splits/sample/train_files.txt" > "$OUT/sample/train_files.txt"
cp "$KITTI/splits/sample/val_files.txt" "$KITTI/splits/sample/test_files.txt" "$OUT/sample/"

$PY "$HERE/export_gt_depth.py" --data_path "$KITTI" --split "$OUT/sample"

$PY "$HERE/train.py" --model_name mono+stereo_demo --frame_ids 0 -1 1 --use_stereo \
    --data_path "$KITTI" --split "$OUT/sample" --height 64 --width 192 --batch_size 2 \
    --num_epochs 1 --weights_init scratch --log_dir "$OUT/logs" --num_workers 0 --log_frequency 2

WEIGHTS=$OUT/logs/mono+stereo_demo/models/weights_best
$PY "$HERE/evaluate_depth.py" --load_weights_folder "$WEIGHTS" --eval_stereo --data_path "$KITTI" \
    --eval_split "$OUT/sample" --num_workers 0 --report "$REPORTS/monodepth2_paddle.json"

# the same model scored the monocular way (per-image median scaling) as a second report
$PY "$HERE/evaluate_depth.py" --load_weights_folder "$WEIGHTS" --eval_mono --data_path "$KITTI" \
    --eval_split "$OUT/sample" --num_workers 0 --report "$REPORTS/monodepth2_paddle_median.json"

first=$(head -n 1 "$OUT/sample/test_files.txt")
set -- $first
img=$(printf '%s/%s/image_02/data/%010d.jpg' "$KITTI" "$1" "$((10#$2))")
$PY "$HERE/demo.py" --image_path "$img" --load_weights_folder "$WEIGHTS" --output_dir "$OUT/pictures"
echo "demo.sh: report $REPORTS/monodepth2_paddle.json, pictures in $OUT/pictures"
