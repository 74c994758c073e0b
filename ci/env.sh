#!/usr/bin/env bash
# Build (or reuse) the virtual environment of one project.
#
#   ci/env.sh NAME [NAME ...]
#
# NAME is a model project folder (its requirements.txt, and requirements-test.txt when present),
# or one of the base environments in which common_metrics and sample_data are tested:
# base37 / base311 (ci/requirements-base*.txt), bench311 (base311 + torch, for `make bench`).
#
# Environments live in .venv/.envs/py<version>-<hash>, where the hash covers everything that
# goes into them; .venv/NAME is a symlink to it. Projects with identical requirement files
# therefore share one environment, and an environment is rebuilt only when its inputs change.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SCHEMA=3   # bump to force every environment to be rebuilt

log() { printf '[env] %s\n' "$*" >&2; }
die() { printf '[env] ERROR: %s\n' "$*" >&2; exit 1; }

# find_python X.Y -> path of a working pythonX.Y (PATH first, then pyenv's versions).
find_python() {
    local ver=$1 cand
    for cand in "python$ver" \
                "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$ver".*/bin/"python$ver" \
                /usr/local/bin/"python$ver" /usr/bin/"python$ver"; do
        if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys, venv' >/dev/null 2>&1; then
            command -v "$cand"
            return 0
        fi
    done
    return 1
}

python_or_die() {
    local ver=$1
    find_python "$ver" && return 0
    die "Python $ver was not found on PATH or under pyenv (${PYENV_ROOT:-$HOME/.pyenv}/versions).
       Install it, e.g. 'pyenv install $ver' (https://github.com/pyenv/pyenv) or your distribution's
       python$ver + python$ver-venv packages, then re-run make."
}

# requirement files and python version of NAME
env_inputs() {
    local name=$1
    case "$name" in
        base37)   PYVER=3.7;  REQS=(ci/requirements-base37.txt) ;;
        base311)  PYVER=3.11; REQS=(ci/requirements-base311.txt) ;;
        bench311) PYVER=3.11; REQS=(ci/requirements-base311.txt ci/requirements-bench.txt) ;;
        *)
            [ -f "$name/requirements.txt" ] || die "no project '$name' (no $name/requirements.txt)"
            REQS=("$name/requirements.txt")
            [ -f "$name/requirements-test.txt" ] && REQS+=("$name/requirements-test.txt")
            PYVER=$(sed -n '1s/^#[[:space:]]*python:[[:space:]]*\([0-9.]*\).*/\1/p' "$name/requirements.txt")
            PYVER=${PYVER:-3.11}
            ;;
    esac
}

build_env() {
    local name=$1
    env_inputs "$name"
    local hash
    hash=$( { echo "schema $SCHEMA python $PYVER"; cat "${REQS[@]}" \
              common_metrics/pyproject.toml sample_data/pyproject.toml 2>/dev/null; } \
            | sha256sum | cut -c1-12)
    local dir=".venv/.envs/py$PYVER-$hash"
    mkdir -p .venv/.envs
    if [ -f "$dir/.depthzoo-stamp" ]; then
        log "$name: up to date ($dir)"
    else
        local py
        py=$(python_or_die "$PYVER")
        log "$name: building $dir with $py from ${REQS[*]}"
        rm -rf "$dir"
        "$py" -m venv "$dir"
        local pip=("$dir/bin/python" -m pip --disable-pip-version-check -q)
        if [ "$PYVER" = 3.7 ]; then "${pip[@]}" install "pip<24" "setuptools<69" wheel
        else "${pip[@]}" install --upgrade pip setuptools wheel; fi
        local r args=()
        for r in "${REQS[@]}"; do args+=(-r "$r"); done
        "${pip[@]}" install "${args[@]}"
        # the shared packages, editable; their own dependencies (numpy, opencv) are already
        # satisfied by the pins above, so pip leaves those versions alone.
        local pkg
        for pkg in common_metrics sample_data; do
            if [ -f "$pkg/pyproject.toml" ]; then "${pip[@]}" install -e "./$pkg"; fi
        done
        # setuptools' editable import hook loses to the same-named top-level folder (a namespace
        # package) whenever Python runs from the repository root (python -m ...); a plain .pth
        # entry for each package folder makes the real package win from anywhere.
        "$dir/bin/python" -m pip check >&2 || log "$name: pip check reported conflicts (see above)"
        echo "$hash" > "$dir/.depthzoo-stamp"
    fi
    # written on every call (cheap), so a moved checkout or a new shared folder needs no rebuild
    local site
    site=$("$dir/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    printf '%s\n' "$ROOT/common_metrics" "$ROOT/sample_data" "$ROOT/mindspore_common" \
        > "$site/depthzoo-shared.pth"
    ln -sfn ".envs/py$PYVER-$hash" ".venv/$name"
}

# remove finished environments that no .venv/NAME link points to any more (superseded builds)
prune() {
    local d used
    used=$(for l in .venv/*; do [ -L "$l" ] && readlink "$l"; done)
    for d in .venv/.envs/*; do
        [ -f "$d/.depthzoo-stamp" ] || continue          # being built right now: keep
        grep -qx ".envs/$(basename "$d")" <<<"$used" || { log "removing superseded $d"; rm -rf "$d"; }
    done
}

[ $# -ge 1 ] || die "usage: ci/env.sh NAME [NAME ...]"
for n in "$@"; do build_env "$n"; done
prune
