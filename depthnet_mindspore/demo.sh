#!/usr/bin/env bash
# make demo hook: bash depthnet_mindspore/demo.sh DATA_ROOT REPORTS_DIR
# Short coarse + fine training on DATA_ROOT/nyu_depthnet (sample data), evaluation at 480x640
# (whole NYU Eigen crop) -> REPORTS_DIR/depthnet_mindspore.json, its constant mean-training-depth
# baseline REPORTS_DIR/depthnet_mindspore_baseline.json and the panel REPORTS_DIR/depthnet_mindspore.png
# (RGB | prediction | ground truth at 480x640); more panels in outputs/depthnet_mindspore/.
# Budget (<= 4 min on 2 idle cores): 30 + 40 seeded steps (DEMO_COARSE_STEPS / DEMO_FINE_STEPS); the time
# limits DEMO_COARSE_SECONDS / DEMO_FINE_SECONDS (240 s / 120 s) are only a safety net: on a busy machine the demo takes longer rather than
# stopping early with an undertrained model.

set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bash demo.sh DATA_ROOT REPORTS_DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA="$1/nyu_depthnet"
REPORTS=$2
OUT=${DEMO_OUT:-outputs/depthnet_mindspore}
PYTHON=${PYTHON:-python}
[ -d "$DATA/Train" ] || { echo "demo: $DATA/Train not found (run: python -m sample_data all --out $1)" >&2; exit 2; }
rm -rf "$OUT/Model"
mkdir -p "$OUT" "$REPORTS"

"$PYTHON" "$HERE/train.py" --data_url "$DATA" --train_url "$OUT/Model" --device_target CPU \
    --batch_size 2 --learning_rate_max 3e-4 --learning_rate_min 1e-3 \
    --coarse_net_train_step "${DEMO_COARSE_STEPS:-30}" --fine_net_train_step "${DEMO_FINE_STEPS:-40}" \
    --time_limit_coarse "${DEMO_COARSE_SECONDS:-240}" --time_limit_fine "${DEMO_FINE_SECONDS:-120}" \
    --save_checkpoint_steps 0 --keep_checkpoint_max 1 --log_every 5 --num_parallel_works 2

"$PYTHON" "$HERE/eval.py" --test_data "$DATA" --device_target CPU --full_res \
    --coarse_ckpt_model "$OUT/Model/Ckpt/FinalCoarseNet.ckpt" --fine_ckpt_model "$OUT/Model/Ckpt/FinalFineNet.ckpt" \
    --report "$REPORTS/depthnet_mindspore.json" --dataset_name nyu_depth_v2 \
    --save_dir "$OUT" --save_count 3 --quiet
rm -rf "$OUT/Model/Ckpt"/*-*.ckpt  # the demo keeps only the final weights
echo "demo: report $REPORTS/depthnet_mindspore.json (+ _baseline.json, .png), panels in $OUT/"
