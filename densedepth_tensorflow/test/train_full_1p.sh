#!/usr/bin/env bash
# One device: NYU training as the Ascend port runs it (Ascend when npu_bridge is importable,
# else a GPU, else the CPU). Data: ../dataset/ (nyu_data.tfrecords or nyu_data.zip,
# nyu_test.zip, optional densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5), else the
# sample data of `make demo` on a reduced schedule. Console and result/1p/train_1p.log show
# the run; checkpoints go to ./ckpt_npu; the exit code is the training's.
set -uo pipefail
cd "$(dirname "$0")/.."
. test/common.sh
choose_data
choose_device
reduced_flags 150
export RANK_SIZE=1 RANK_ID=0
weights=./dataset/densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5
extra=()
[ -f "$weights" ] && extra=(--densenet_weights "$weights")
mkdir -p ./result/1p
"$PYTHON" train.py --op_select_implmode=high_precision --precision_mode=allow_mix_precision \
    --is_distributed=False --is_loss_scale=True --hcom_parallel=False "${DATA_FLAGS[@]}" \
    --bs=4 --lr=0.0001 --epochs=20 --steps=12672 --full --result ./result/1p \
    "${REDUCED[@]}" "${extra[@]}" "$@" 2>&1 | tee ./result/1p/train_1p.log
rc=${PIPESTATUS[0]}
echo "[train] exit code $rc; log ./result/1p/train_1p.log, checkpoints ./ckpt_npu"
exit "$rc"
