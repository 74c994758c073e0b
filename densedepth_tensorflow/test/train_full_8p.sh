#!/usr/bin/env bash
# Eight Ascend devices: one process per device, as upstream. Needs RANK_TABLE_FILE (the HCCL
# rank table JSON); RANK_SIZE defaults to 8. Each process reads its shard (RANK_ID).
# Off Ascend use TF_CONFIG + MultiWorkerMirroredStrategy instead (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RANK_TABLE_FILE:?set RANK_TABLE_FILE to the HCCL rank table json}"
[ -f "$RANK_TABLE_FILE" ] || { echo "RANK_TABLE_FILE $RANK_TABLE_FILE not found" >&2; exit 2; }
export RANK_SIZE=${RANK_SIZE:-8}
export JOB_ID=${JOB_ID:-10087}
weights=./dataset/densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5
extra=()
[ -f "$weights" ] && extra=(--densenet_weights "$weights")
mkdir -p ./result
pids=()
for ((i = 0; i < RANK_SIZE; i++)); do
    mkdir -p "./result/8p/rank_$i"
    ASCEND_DEVICE_ID=$i DEVICE_ID=$i RANK_ID=$i python train.py \
        --op_select_implmode=high_precision --precision_mode=allow_mix_precision \
        --is_distributed=True --is_loss_scale=True --hcom_parallel=True \
        --test_data=./dataset/nyu_test.zip --train_tfrecords=./dataset/nyu_data.tfrecords \
        --bs=4 --lr=0.0001 --epochs=20 --steps=$((12672 / RANK_SIZE)) \
        --result "./result/8p/rank_$i" "${extra[@]}" "$@" > "./result/8p/rank_$i.log" 2>&1 &
    pids+=($!)
done
rc=0
for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
exit $rc
