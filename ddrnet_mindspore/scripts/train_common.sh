# Sourced by the run_*_train_*.sh scripts: project folder, python, absolute paths, checks.
# Paths given to a script are relative to the caller's folder; training then runs from the
# project folder, so a config's relative ckpt_dir/data_url are relative to the project.
PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUTPUTS_DIR=$(dirname "$PROJECT_DIR")/outputs/ddrnet_mindspore  # logs (git-ignored)
PYTHON=${PYTHON:-python}

abspath() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$(pwd)" "$1" ;;
    esac
}

need_file() {
    [ -f "$1" ] || { echo "error: $2 not found: $1" >&2; exit 2; }
}

# standalone TARGET DEVICE_ID CONFIG_PATH [train.py flags...]
standalone() {
    local target=$1 device=$2 config
    config=$(abspath "$3"); shift 3
    need_file "$config" "CONFIG_PATH"
    cd "$PROJECT_DIR"
    exec "$PYTHON" train.py --device_id "$device" --device_target "$target" --ddr_config "$config" "$@"
}

# with_msrun TARGET WORKER_NUM CONFIG_PATH [train.py flags...]: one process per device
with_msrun() {
    local target=$1 workers=$2 config
    config=$(abspath "$3"); shift 3
    need_file "$config" "CONFIG_PATH"
    [[ "$workers" =~ ^[1-9][0-9]*$ ]] || { echo "error: WORKER_NUM must be a positive integer, got '$workers'" >&2; exit 2; }
    local log_dir
    log_dir=$(abspath "${MSRUN_LOG_DIR:-$OUTPUTS_DIR/msrun_log}")
    cd "$PROJECT_DIR"
    exec msrun --worker_num="$workers" --local_worker_num="$workers" --master_addr=127.0.0.1 \
        --master_port="${MSRUN_PORT:-8129}" --log_dir="$log_dir" --join=True \
        train.py --device_target "$target" --ddr_config "$config" --run_distribute true "$@"
}
