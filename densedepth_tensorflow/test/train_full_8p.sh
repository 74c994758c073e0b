#!/usr/bin/env bash
# Several devices, one training process per device:
#   Ascend (npu_bridge importable): RANK_TABLE_FILE (HCCL rank table), RANK_SIZE (default 8);
#   N GPUs: N local workers, one GPU each, MultiWorkerMirroredStrategy (TF_CONFIG on 127.0.0.1);
#   CPU only: RANK_SIZE (default 2) local workers, MultiWorkerMirroredStrategy as above.
# Data as train_full_1p.sh. Rank 0 on the console, every rank in result/8p/rank_<i>.log;
# checkpoints in ./ckpt_npu (rank 0) and ./ckpt_npu/worker_<i>; exit code: the first failure.
set -uo pipefail
cd "$(dirname "$0")/.."
. test/common.sh
choose_data
choose_device
weights=./dataset/densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5
extra=()
[ -f "$weights" ] && extra=(--densenet_weights "$weights")

case "$DEVICE" in
    ascend)
        : "${RANK_TABLE_FILE:?set RANK_TABLE_FILE to the HCCL rank table json}"
        [ -f "$RANK_TABLE_FILE" ] || { echo "[train] RANK_TABLE_FILE $RANK_TABLE_FILE not found" >&2; exit 2; }
        export RANK_SIZE=${RANK_SIZE:-8} JOB_ID=${JOB_ID:-10087}
        echo "[train] $RANK_SIZE Ascend devices, HCCL rank table $RANK_TABLE_FILE" ;;
    gpu)
        export RANK_SIZE=${RANK_SIZE:-$NUM_GPUS}
        echo "[train] $RANK_SIZE local workers, one GPU each, MultiWorkerMirroredStrategy" ;;
    cpu)
        export RANK_SIZE=${RANK_SIZE:-2}
        echo "[train] $RANK_SIZE local CPU workers, MultiWorkerMirroredStrategy (TF_CONFIG on 127.0.0.1)" ;;
esac
reduced_flags 100
SEED=${SEED:-$((RANDOM * 32768 + RANDOM))}   # one seed for all workers: same initial weights
echo "[train] seed $SEED (SEED=... to choose)"
ports=$("$PYTHON" - "$RANK_SIZE" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
)
workers=$(printf '"127.0.0.1:%s",' $ports)
workers="[${workers%,}]"

mkdir -p ./result/8p
pids=()
for ((i = 0; i < RANK_SIZE; i++)); do
    mkdir -p "./result/8p/rank_$i"
    env_i=(RANK_ID=$i ASCEND_DEVICE_ID=$i DEVICE_ID=$i)
    case "$DEVICE" in
        gpu) env_i+=(CUDA_VISIBLE_DEVICES=$i) ;;
        cpu) env_i+=(CUDA_VISIBLE_DEVICES=) ;;
    esac
    [ "$DEVICE" = ascend ] || env_i+=(TF_CONFIG="{\"cluster\":{\"worker\":$workers},\"task\":{\"type\":\"worker\",\"index\":$i}}")
    cmd=(env "${env_i[@]}" "$PYTHON" train.py
         --op_select_implmode=high_precision --precision_mode=allow_mix_precision
         --is_distributed=True --is_loss_scale=True --hcom_parallel=True "${DATA_FLAGS[@]}"
         --bs=4 --lr=0.0001 --epochs=20 --steps=$((12672 / RANK_SIZE))
         --seed="$SEED" --result "./result/8p/rank_$i" "${REDUCED[@]}" "${extra[@]}" "$@")
    if [ "$i" = 0 ]; then
        "${cmd[@]}" > >(tee "./result/8p/rank_0.log") 2>&1 &
    else
        "${cmd[@]}" > "./result/8p/rank_$i.log" 2>&1 &
    fi
    pids+=($!)
done

# the first worker to fail stops the others (they would wait for it forever)
rc=0
for ((left = ${#pids[@]}; left > 0; left--)); do
    wait -n; status=$?
    if [ "$status" != 0 ] && [ "$rc" = 0 ]; then
        rc=$status
        echo "[train] a worker failed (exit $status): stopping the others; logs in ./result/8p/" >&2
        kill "${pids[@]}" 2>/dev/null
    fi
done
wait
echo "[train] exit code $rc; logs ./result/8p/rank_<i>.log, checkpoints ./ckpt_npu"
exit "$rc"
