#!/usr/bin/env bash
# Run test suites, each in its own environment, and print one summary line per suite.
#
#   ci/test.sh [TARGET ...]     (no target: everything present)
#
# TARGET is a model project folder, or common_metrics / sample_data, which run under both
# Python 3.7 (base37) and Python 3.11 (base311). Absent folders are skipped. Exits non-zero if
# any suite fails or collects no test.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=ci/projects.sh
. ci/projects.sh

RESULTS=.ci-results
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(common_metrics sample_data mindspore_common "${PROJECTS[@]}")

# suite list: "label env folder"
suites=()
for t in "${targets[@]}"; do
    if [ ! -d "$t" ]; then echo "[test] skip $t (absent)"; continue; fi
    case "$t" in
        common_metrics|sample_data) suites+=("$t-py3.7 base37 $t" "$t-py3.11 base311 $t") ;;
        mindspore_common) suites+=("$t depthnet_mindspore $t") ;;   # the MindSpore projects' env
        *) suites+=("$t $t $t") ;;
    esac
done

declare -A envs_needed=()
for s in "${suites[@]}"; do read -r _ env _ <<<"$s"; envs_needed[$env]=1; done
if [ ${#envs_needed[@]} -gt 0 ]; then
    t0=$SECONDS
    bash ci/env.sh "${!envs_needed[@]}" || { echo "[test] environment set-up failed"; exit 1; }
    echo "[test] environments ready in $((SECONDS - t0)) s"
fi

summary=(); failed=0; tot_pass=0; tot_fail=0; tot_skip=0
for s in "${suites[@]}"; do
    read -r label env folder <<<"$s"
    echo; echo "================ $label ================"
    t0=$SECONDS
    # a hung suite must not eat CI's 90 minutes: each suite gets SUITE_TIMEOUT seconds
    (cd "$folder" && timeout --kill-after=30 "${SUITE_TIMEOUT:-2400}" \
        "$ROOT/.venv/$env/bin/python" -m pytest tests -p no:cacheprovider \
        -o junit_family=xunit1 --junitxml="$ROOT/$RESULTS/$label.xml" -q)
    rc=$?
    dt=$((SECONDS - t0))
    counts=$(python3 ci/junit_counts.py "$RESULTS/$label.xml" 2>/dev/null || echo "0 0 0 0")
    read -r n_pass n_fail n_skip n_total <<<"$counts"
    status=ok
    if [ $rc -ne 0 ] || [ "$n_total" = 0 ]; then
        status=FAILED; failed=1
        [ "$n_fail" = 0 ] && n_fail=1   # a crash or an empty suite counts as a failure
    fi
    [ $rc -eq 5 ] && status="FAILED (no tests collected)"
    [ $rc -eq 124 ] || [ $rc -eq 137 ] && status="FAILED (timed out after ${SUITE_TIMEOUT:-2400} s)"
    tot_pass=$((tot_pass + n_pass)); tot_fail=$((tot_fail + n_fail)); tot_skip=$((tot_skip + n_skip))
    summary+=("$(printf '%-30s %-28s %4d passed %3d failed %3d skipped %6d s' \
                  "$label" "$status" "$n_pass" "$n_fail" "$n_skip" "$dt")")
done

echo; echo "================ summary ================"
printf '%s\n' "${summary[@]}"
echo "total: $tot_pass passed, $tot_fail failed, $tot_skip skipped"
exit $failed
