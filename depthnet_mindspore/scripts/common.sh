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
