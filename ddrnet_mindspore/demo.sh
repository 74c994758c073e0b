#!/usr/bin/env bash
# make demo hook: bash ddrnet_mindspore/demo.sh DATA_ROOT REPORTS_DIR
# DDRNet-23-slim trained briefly on DATA_ROOT/imagenet (sample_data: 5 classes, shape + texture),
# at 64x64 with the CPU config's SGD + Nesterov (0.1 after batch scaling), without colour jitter
# and with whole-image crops (random aspect, flips kept): from scratch on 120 images these
# augmentations only slow a few-minute run (AdamW at 0.002 did not even fit the training set in
# 140 steps), then eval.py on every val image ->
#   REPORTS_DIR/ddrnet_mindspore.json, ddrnet_mindspore_baseline.json (constant class = chance),
#   ddrnet_mindspore.png (val crops with predicted and true class).
# Budget (<= 4 min on 2 cores): DEMO_EPOCHS (default 25) and DEMO_TRAIN_SECONDS (default 200,
# passed as DEPTHZOO_TIME_LIMIT; the checkpoint is written when it stops).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bash demo.sh DATA_ROOT REPORTS_DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
abspath() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
DATA=$(abspath "$1")/imagenet
REPORTS=$(abspath "$2")
OUT=$(abspath "${DEMO_OUT:-outputs/ddrnet_mindspore}")
PYTHON=${PYTHON:-python}
[ -d "$DATA/train" ] || { echo "demo: $DATA/train not found (run: python -m sample_data imagenet --out $DATA)" >&2; exit 2; }
rm -rf "$OUT/demo_ckpt"
mkdir -p "$OUT" "$REPORTS"
CONFIG=src/configs/ddrnet23_imagenet_cpu.yaml
SIZE=(--data_url "$DATA" --image_size 64)
LIGHT=(--crop_min_scale 1.0 --color_jitter 0)
cd "$HERE"
DEPTHZOO_TIME_LIMIT=${DEMO_TRAIN_SECONDS:-200} "$PYTHON" train.py --ddr_config "$CONFIG" "${SIZE[@]}" \
    --epochs "${DEMO_EPOCHS:-25}" "${LIGHT[@]}" --ckpt_dir "$OUT/demo_ckpt" --resume false \
    --eval_every_epochs 0 --keep_checkpoint_max 1 --log_every 14
CKPT=$(ls -t "$OUT"/demo_ckpt/DDRNet23slim-*.ckpt | head -n 1)
"$PYTHON" eval.py --ddr_config "$CONFIG" "${SIZE[@]}" --pretrained "$CKPT" --mode pynative \
    --report "$REPORTS/ddrnet_mindspore.json" --baseline_report "$REPORTS/ddrnet_mindspore_baseline.json" \
    --picture "$REPORTS/ddrnet_mindspore.png"
echo "demo: report $REPORTS/ddrnet_mindspore.json, picture $REPORTS/ddrnet_mindspore.png"
