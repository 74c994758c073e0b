#!/usr/bin/env bash
# make demo: sample data -> reference predictors -> each model project's demo -> one table.
#
#   ci/demo.sh [PROJECT]        (no project: every present model project)
#
# Environment: DATA (default data/sample), REPORTS (default reports).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. ci/projects.sh

DATA=${DATA:-data/sample}
REPORTS=${REPORTS:-reports}
only=${1:-}

run=("${PROJECTS[@]}")
if [ -n "$only" ]; then
    case " ${ALL_PROJECTS[*]} " in *" $only "*) ;; *)
        echo "[demo] unknown MODEL '$only'; one of: ${ALL_PROJECTS[*]}" >&2; exit 2 ;; esac
    [ -f "$only/requirements.txt" ] || { echo "[demo] MODEL '$only' is not present in this checkout" >&2; exit 2; }
    run=("$only")
fi

t_start=$SECONDS
bash ci/env.sh base311 "${run[@]}"
PY=.venv/base311/bin/python

# 1. sample data, regenerated only when the sample_data sources change
stamp=$(cat sample_data/pyproject.toml $(find sample_data/sample_data -name '*.py' | sort) | sha256sum | cut -c1-12)
if [ "$(cat "$DATA/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "[demo] generating sample data in $DATA"
    rm -rf "$DATA"
    t0=$SECONDS
    "$PY" -m sample_data all --out "$DATA"
    echo "$stamp" > "$DATA/.stamp"
    echo "[demo] sample data: $((SECONDS - t0)) s"
else
    echo "[demo] sample data in $DATA is up to date"
fi

# 2. reference predictors (oracle and constant mean depth) through the same report path
mkdir -p "$REPORTS"
"$PY" ci/reference_predictors.py --data "$DATA" --reports "$REPORTS"

# 3. each model project's demo, in its own environment
timings=()
for p in "${run[@]}"; do
    echo; echo "================ demo: $p ================"
    rm -f "$REPORTS/$p"*.json
    t0=$SECONDS
    ( . ".venv/$p/bin/activate" && bash "$p/demo.sh" "$DATA" "$REPORTS" )
    timings+=("$(printf '%-24s %5d s' "$p" $((SECONDS - t0)))")
done

# 4. one comparison table
echo; echo "================ comparison ================"
"$PY" -m common_metrics compare "$REPORTS"/*.json
"$PY" -m common_metrics compare "$REPORTS"/*.json --markdown --out "$REPORTS/summary.md" >/dev/null
echo; echo "[demo] wrote $REPORTS/summary.md"
[ ${#timings[@]} -gt 0 ] && printf '[demo] %s\n' "${timings[@]}"
echo "[demo] total $((SECONDS - t_start)) s"
