#!/usr/bin/env bash
# make demo hook: bash midas_mindspore/demo.sh DATA_ROOT REPORTS_DIR
# Short training on DATA_ROOT/redweb at reduced size (ResNeXt with one block per stage, decoder
# width 64, 96x96 inputs, no ImageNet/WSL weights), then zero-shot evaluation on the six sample
# sets DATA_ROOT/midas_* -> REPORTS_DIR/midas_<set>.json, _baseline.json and .png.
# Budget (<= 4 min on 2 cores): DEMO_TRAIN_SECONDS (default 110), DEMO_TRAIN_STEPS (default 400).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bash demo.sh DATA_ROOT REPORTS_DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA=$(cd "$1" && pwd)
mkdir -p "$2"
REPORTS=$(cd "$2" && pwd)
OUT=${DEMO_OUT:-outputs/midas_mindspore}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PYTHON=${PYTHON:-python}
[ -d "$DATA/redweb/ReDWeb_V1" ] || { echo "demo: $DATA/redweb not found (run: python -m sample_data all --out $1)" >&2; exit 2; }
rm -rf "$OUT/ckpt"
ARCH=(--layers 1,1,1,1 --width_per_group 4 --features 64)
cd "$HERE"

DEPTHZOO_MAX_STEPS=${DEMO_TRAIN_STEPS:-400} DEPTHZOO_TIME_LIMIT=${DEMO_TRAIN_SECONDS:-110} \
"$PYTHON" midas_train.py --device_target CPU --train_data_dir "$DATA/redweb" "${ARCH[@]}" \
    --img_width 96 --img_height 96 --batch_size 4 --epoch_size 1000 \
    --backbone_params_lr 0.001 --no_backbone_params_lr 0.001 \
    --ckpt_dir "$OUT/ckpt" --save_checkpoint_steps 100000 --keep_checkpoint_max 1 --resume False --log_every 20

"$PYTHON" midas_eval.py --device_target CPU --ckpt_path "$OUT/ckpt" --data_name all \
    --img_width 128 --img_height 128 \
    --datapath_Kitti "$DATA/midas_kitti" --datapath_TUM "$DATA/midas_tum" \
    --datapath_Sintel "$DATA/midas_sintel" --datapath_ETH3D "$DATA/midas_eth3d" \
    --datapath_DIW "$DATA/midas_diw" \
    --datapath_NYU "$DATA/midas_nyu/nyu.mat,$DATA/midas_nyu/splits.mat" \
    --ann_file "$OUT/val.json" --report_dir "$REPORTS"
echo "demo: reports $REPORTS/midas_*.json, pictures $REPORTS/midas_*.png, val.json in $OUT"
