# Sourced by the run_*.sh scripts: project folder, python, absolute paths.
# Relative paths given to a script are resolved against the caller's folder; the
# scripts then run from the project folder, so outputs go to <project>/Model as upstream.
PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python}

abspath() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        "~"*) printf '%s\n' "${HOME}${1#\~}" ;;
        *) printf '%s/%s\n' "$(pwd)" "$1" ;;
    esac
}

need_dir() {
    [ -d "$1" ] || { echo "error: $2 folder not found: $1" >&2; exit 2; }
}

need_file() {
    [ -f "$1" ] || { echo "error: $2 not found: $1" >&2; exit 2; }
}

# export_model coarse|fine [CKPT_FILE] [FILE_FORMAT=MINDIR] [DEVICE_TARGET=CPU]
export_model() {
    local which=$1 name
    name=Final$(tr '[:lower:]' '[:upper:]' <<< "${which:0:1}")${which:1}Net
    local ckpt format=${3:-MINDIR} target=${4:-CPU}
    ckpt=$(abspath "${2:-$PROJECT_DIR/Model/Ckpt/$name.ckpt}")
    need_file "$ckpt" "CKPT_FILE"
    cd "$PROJECT_DIR"
    exec "$PYTHON" export.py --coarse_or_fine "$which" --ckpt_file "$ckpt" --file_format "$format" --device_target "$target"
}

# upstream's distributed scripts train with 4 images per device
DISTRIBUTED_BATCH=4
