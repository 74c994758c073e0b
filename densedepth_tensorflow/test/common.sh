# Shared by train_full_1p.sh and train_full_8p.sh (sourced from the project folder): picks the
# data and the device, and says on the console what it chose and why.
#   DATA_FLAGS   train.py data flags      SAMPLE  1 when training on make demo's sample data
#   DEVICE       ascend | gpu | cpu       NUM_GPUS

PYTHON=${PYTHON:-python}
SAMPLE_DIR=../data/sample/nyu_densedepth

choose_data() {
    if [ -f ./dataset/nyu_data.tfrecords ] || [ -f ./dataset/nyu_data.zip ]; then
        DATA_FLAGS=(--train_tfrecords=./dataset/nyu_data.tfrecords --train_data=./dataset/nyu_data.zip
                    --test_data=./dataset/nyu_test.zip)
        SAMPLE=0
        echo "[train] data: ./dataset (nyu_data.tfrecords / nyu_data.zip)"
    elif [ -f "$SAMPLE_DIR/nyu_data.zip" ]; then
        DATA_FLAGS=(--train_tfrecords= --train_data="$SAMPLE_DIR/nyu_data.zip"
                    --test_data="$SAMPLE_DIR/nyu_test.zip")
        SAMPLE=1
        echo "[train] data: ./dataset has no nyu_data.zip: using the sample data of make demo ($SAMPLE_DIR)"
    else
        echo "[train] no training data: put nyu_data.zip and nyu_test.zip in densedepth_tensorflow/dataset/ (README: Dataset preparation), or run 'make demo' at the repository root for sample data" >&2
        exit 2
    fi
}

choose_device() {
    NUM_GPUS=0
    if "$PYTHON" -c "import npu_bridge" >/dev/null 2>&1; then
        DEVICE=ascend
        echo "[train] device: Ascend (npu_bridge is importable)"
        return
    fi
    if command -v nvidia-smi >/dev/null 2>&1; then
        NUM_GPUS=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU' || true)
    fi
    if [ "${NUM_GPUS:-0}" -gt 0 ]; then
        DEVICE=gpu
        echo "[train] device: $NUM_GPUS GPU(s) (nvidia-smi), no npu_bridge"
    else
        DEVICE=cpu
        echo "[train] device: CPU (no npu_bridge, no GPU found by nvidia-smi)"
    fi
}

# On CPU with sample data the full schedule (480x640, 12,672 steps x 20 epochs) would take
# weeks; train a reduced one that finishes in minutes instead, and say so.
reduced_flags() {
    REDUCED=()
    if [ "$DEVICE" = cpu ] && [ "$SAMPLE" = 1 ]; then
        REDUCED=(--input_height=64 --input_width=96 --bs=2 --lr=0.0003 --epochs=1 --steps="$1")
        echo "[train] CPU + sample data: reduced schedule ${REDUCED[*]} (minutes, not hours)"
    fi
}
