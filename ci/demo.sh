#!/usr/bin/env bash
# make demo: sample data -> oracle rows -> each model project's demo -> table -> summary verdict.
#
#   ci/demo.sh [PROJECT]        (no project: every present model project)
#
# Environment: DATA (default data/sample), REPORTS (default reports).
# Budgets (2 cores): each project's demo.sh <= 4 min, the whole make demo <= 15 min; the
# per-project times are printed at the end, with a note when one runs over.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. ci/projects.sh

DATA=${DATA:-data/sample}
REPORTS=${REPORTS:-reports}
only=${1:-}
PROJECT_BUDGET_S=240
TOTAL_BUDGET_S=900

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

# 2. the oracle (ground truth as the prediction) through the same report path: a check that
#    reading, cropping and scoring are right (each model's constant baseline is its own
#    REPORTS/<name>_baseline.json, written by its demo under its own protocol)
mkdir -p "$REPORTS"
rm -f "$REPORTS"/reference_*.json
"$PY" ci/reference_predictors.py --data "$DATA" --reports "$REPORTS"

# 3. each model project's demo, in its own environment; a failing demo does not stop the
#    others, it fails make demo at the end
timings=(); failed=()
for p in "${run[@]}"; do
    echo; echo "================ demo: $p ================"
    rm -f "$REPORTS/$p"*.json "$REPORTS/$p"*.png
    t0=$SECONDS
    rc=0
    ( . ".venv/$p/bin/activate" && bash "$p/demo.sh" "$DATA" "$REPORTS" ) || rc=$?
    dt=$((SECONDS - t0))
    note=""
    [ $rc -ne 0 ] && { note="  FAILED (exit $rc)"; failed+=("$p"); }
    [ $dt -gt $PROJECT_BUDGET_S ] && note="$note  over its ${PROJECT_BUDGET_S} s budget"
    timings+=("$(printf '%-24s %5d s%s' "$p" "$dt" "$note")")
    echo "[demo] $p: ${dt} s${note}"
done

# 4. one comparison table (models, their baselines, the oracle), then the verdict:
#    summary.png / summary.md, and a non-zero exit when a model does not beat its baseline
echo; echo "================ comparison ================"
shopt -s nullglob
reports=("$REPORTS"/*.json)
[ ${#reports[@]} -eq 0 ] || "$PY" -m common_metrics compare "${reports[@]}" || true
echo
summary_rc=0
"$PY" ci/demo_summary.py --reports "$REPORTS" || summary_rc=$?

echo
[ ${#timings[@]} -gt 0 ] && printf '[demo] %s\n' "${timings[@]}"
total=$((SECONDS - t_start))
echo "[demo] total ${total} s$([ $total -gt $TOTAL_BUDGET_S ] && echo "  over the ${TOTAL_BUDGET_S} s budget")"
[ ${#failed[@]} -eq 0 ] || { echo "[demo] FAILED demos: ${failed[*]}" >&2; exit 1; }
[ $summary_rc -eq 0 ] || { echo "[demo] FAILED: see the [summary] lines above" >&2; exit "$summary_rc"; }
