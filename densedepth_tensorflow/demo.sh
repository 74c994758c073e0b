#!/usr/bin/env bash
# DepthZoo demo: sample NYU zips -> TFRecords -> short reduced-resolution CPU training ->
# NYU evaluation (common_metrics report) -> depth pictures.
#   bash densedepth_tensorflow/demo.sh DATA_ROOT REPORTS_DIR      (from the repo root)
set -euo pipefail
DATA_ROOT=${1:?usage: demo.sh DATA_ROOT REPORTS_DIR}
REPORTS=${2:?usage: demo.sh DATA_ROOT REPORTS_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NYU=$DATA_ROOT/nyu_densedepth
OUT=outputs/densedepth_tensorflow
STEPS=${DD_DEMO_STEPS:-150}
H=64
W=96
for f in "$NYU/nyu_data.zip" "$NYU/nyu_test.zip"; do
    [ -f "$f" ] || { echo "[densedepth] missing $f (python -m sample_data all --out DATA_ROOT)" >&2; exit 2; }
done
mkdir -p "$OUT" "$REPORTS"
rm -rf "$OUT/result"

python "$HERE/dataset_tool_tf.py" --input_dir "$NYU/nyu_data.zip" --out "$OUT/dataset/nyu_data.tfrecords"
python "$HERE/train.py" --train_tfrecords "$OUT/dataset/nyu_data.tfrecords" \
    --test_data "$NYU/nyu_test.zip" --result "$OUT/result" --bs 2 --lr 0.0003 --epochs 1 \
    --steps "$STEPS" --input_height $H --input_width $W --seed 0 --log_every 25
python "$HERE/evaluate.py" --ckptdir "$OUT/result/ckpt_npu" --test_data "$NYU/nyu_test.zip" \
    --logdir "$OUT" --bs 4 --input_height $H --input_width $W --crop eigen \
    --report "$REPORTS/densedepth_tensorflow.json" --save_pictures "$OUT/pictures"

echo "[densedepth] report $REPORTS/densedepth_tensorflow.json, pictures in $OUT/pictures"
