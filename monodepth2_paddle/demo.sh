#!/usr/bin/env bash
# make demo hook: bash monodepth2_paddle/demo.sh DATA_ROOT REPORTS_DIR
# Sample KITTI raw (DATA_ROOT/kitti_raw) -> export_gt_depth -> short stereo training from scratch
# -> median-scaled evaluation -> REPORTS_DIR/monodepth2_paddle.json, its constant baseline
# monodepth2_paddle_baseline.json and panel monodepth2_paddle.png; demo.py pictures in
# outputs/monodepth2_paddle/pictures. DEMO_EPOCHS caps the schedule (see README "Demo").
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bash demo.sh DATA_ROOT REPORTS_DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KITTI=$1/kitti_raw
REPORTS=$2
OUT=${DEMO_OUT:-outputs/monodepth2_paddle}
PY=${PYTHON:-python}
NAME=stereo_demo

[ -d "$KITTI/splits/sample" ] || { echo "demo.sh: $KITTI/splits/sample not found (run python -m sample_data kitti_raw --out $KITTI)" >&2; exit 2; }
rm -rf "$OUT/sample" "$OUT/logs/$NAME" "$OUT/pictures"
mkdir -p "$OUT/sample" "$REPORTS"
# a copy of the sample split: gt_depths.npz is written next to test_files.txt
cp "$KITTI/splits/sample/"*_files.txt "$OUT/sample/"

"$PY" "$HERE/export_gt_depth.py" --data_path "$KITTI" --split "$OUT/sample"

# stereo supervision (known baseline, no pose network) at 192x64: the cheapest signal that
# learns the sample street's layout within the demo's CPU budget. --min_depth 1 (x5.4 m with the
# stereo baseline) puts a fresh network's mid-range sigmoid (0.5) at ~2 units, a few pixels of
# disparity, instead of 0.2 units (a third of the image width), where the photometric loss has
# no useful gradient and a scratch network drifts to a constant disparity; train, evaluation
# and pictures share the range.
RANGE=(--min_depth 1 --max_depth 100)
"$PY" "$HERE/train.py" --model_name "$NAME" --frame_ids 0 --use_stereo \
    --data_path "$KITTI" --split "$OUT/sample" --height 64 --width 192 --batch_size 4 \
    --learning_rate 2.5e-4 --num_epochs "${DEMO_EPOCHS:-8}" --scheduler_step_size 6 \
    --weights_init scratch --log_dir "$OUT/logs" --num_workers 0 --no_to_static --log_frequency 11 "${RANGE[@]}"

WEIGHTS=$OUT/logs/$NAME/models/weights_best
"$PY" "$HERE/evaluate_depth.py" --load_weights_folder "$WEIGHTS" --eval_mono --data_path "$KITTI" \
    --eval_split "$OUT/sample" --num_workers 0 --report "$REPORTS/monodepth2_paddle.json" \
    --panel "$REPORTS/monodepth2_paddle.png" "${RANGE[@]}"

first=$(head -n 1 "$OUT/sample/test_files.txt")
set -- $first
img=$(printf '%s/%s/image_02/data/%010d.jpg' "$KITTI" "$1" "$((10#$2))")
"$PY" "$HERE/demo.py" --image_path "$img" --load_weights_folder "$WEIGHTS" --output_dir "$OUT/pictures" "${RANGE[@]}"
echo "demo.sh: report $REPORTS/monodepth2_paddle.json (+ _baseline.json, .png), pictures in $OUT/pictures"
