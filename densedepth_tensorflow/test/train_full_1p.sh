#!/usr/bin/env bash
# One device (Ascend with npu_bridge, else GPU/CPU): full NYU training as the Ascend port runs it.
# Data: ../dataset/nyu_data.tfrecords (dataset_tool_tf.py), ../dataset/nyu_test.zip,
# optional ../dataset/densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5.
set -euo pipefail
cd "$(dirname "$0")/.."
export RANK_SIZE=1 RANK_ID=0
weights=./dataset/densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5
extra=()
[ -f "$weights" ] && extra=(--densenet_weights "$weights")
python train.py --op_select_implmode=high_precision --precision_mode=allow_mix_precision \
    --is_distributed=False --is_loss_scale=True --hcom_parallel=False \
    --test_data=./dataset/nyu_test.zip --train_tfrecords=./dataset/nyu_data.tfrecords \
    --bs=4 --lr=0.0001 --epochs=20 --steps=12672 --full --result ./result/1p "${extra[@]}" "$@" \
    2>&1 | tee ./result/train_1p.log
