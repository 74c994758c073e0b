#!/usr/bin/env bash
# DepthZoo demo: sample NYU zips -> TFRecords -> short reduced-resolution CPU training (BatchNorm
# statistics re-estimated before saving) -> NYU evaluation under the cross-model protocol
# (per image, shared Eigen crop) -> report, constant-baseline report, panel picture.
#   bash densedepth_tensorflow/demo.sh DATA_ROOT REPORTS_DIR      (from the repo root)
set -euo pipefail
DATA_ROOT=${1:?usage: demo.sh DATA_ROOT REPORTS_DIR}
REPORTS=${2:?usage: demo.sh DATA_ROOT REPORTS_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NYU=$DATA_ROOT/nyu_densedepth
OUT=outputs/densedepth_tensorflow
NAME=densedepth_tensorflow
STEPS=${DD_DEMO_STEPS:-150}
H=64
W=96
for f in "$NYU/nyu_data.zip" "$NYU/nyu_test.zip"; do
    [ -f "$f" ] || { echo "[densedepth] missing $f (python -m sample_data all --out DATA_ROOT)" >&2; exit 2; }
done
mkdir -p "$OUT" "$REPORTS"
rm -rf "$OUT/result" "$OUT/ckpt_npu" "$OUT/pictures"
protocol=(--crop eigen --averaging per_image)   # the demo table's cross-model protocol

python "$HERE/dataset_tool_tf.py" --input_dir "$NYU/nyu_data.zip" --out "$OUT/dataset/nyu_data.tfrecords"
python "$HERE/train.py" --train_tfrecords "$OUT/dataset/nyu_data.tfrecords" --train_data "$NYU/nyu_data.zip" \
    --test_data "$NYU/nyu_test.zip" --result "$OUT/result" --ckptdir "$OUT/ckpt_npu" --bs 2 \
    --lr 0.0003 --epochs 1 --steps "$STEPS" --input_height $H --input_width $W --seed 0 --log_every 25
python "$HERE/evaluate.py" --ckptdir "$OUT/ckpt_npu" --test_data "$NYU/nyu_test.zip" \
    --logdir "$OUT" --bs 4 --input_height $H --input_width $W "${protocol[@]}" \
    --report "$REPORTS/$NAME.json" --save_pictures "$OUT/pictures" --num_pictures 1
python "$HERE/baseline.py" --train_data "$NYU/nyu_data.zip" --test_data "$NYU/nyu_test.zip" \
    --logdir "$OUT/baseline" "${protocol[@]}" --report "$REPORTS/${NAME}_baseline.json"
cp "$OUT/pictures/nyu_0000.png" "$REPORTS/$NAME.png"

echo "[densedepth] $REPORTS/$NAME.json, $REPORTS/${NAME}_baseline.json, $REPORTS/$NAME.png"
