#!/usr/bin/env bash
# make bench: benchmarks, printed and recorded in README.md (between the bench markers).
#
# 1. common_metrics: the 9-metric suite over 654 NYU-size images (target <= 2 s).
# 2. The convolution-stack throughput of every framework stack, with its ratio to PyTorch
#    (and to TF 1.15) measured in the same run, so a regression shows whatever the machine load.
# 3. Each present model project's bench.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. ci/projects.sh
REPORTS=${REPORTS:-reports}
mkdir -p "$REPORTS"

bash ci/env.sh base311 bench311 "${PROJECTS[@]}"

echo "================ bench: common_metrics ================"
.venv/base311/bin/python common_metrics/bench.py --out "$REPORTS/bench_common_metrics.md"

echo "================ bench: convolution stack ================"
# stack -> environment that has the framework
declare -A stack_env=([torch]=bench311)
for p in "${PROJECTS[@]}"; do
    case "$p" in
        *_mindspore) stack_env[mindspore]=$p; stack_env[mindspore-avx2]=$p ;;
        *_paddle) stack_env[paddle]=$p; stack_env[paddle-static]=$p ;;
        *_tensorflow) stack_env[tf]=$p ;;
    esac
done
conv_json="$REPORTS/bench_conv.jsonl"; : > "$conv_json"
for stack in torch tf mindspore mindspore-avx2 paddle paddle-static; do
    env=${stack_env[$stack]:-}
    [ -n "$env" ] || { echo "[bench] $stack: no environment in this checkout, skipped"; continue; }
    echo "[bench] $stack ($env)"
    (cd /tmp && env -u ONEDNN_MAX_CPU_ISA "$ROOT/.venv/$env/bin/python" "$ROOT/ci/bench_conv.py" "$stack") \
        2>/dev/null | tail -n 1 | tee -a "$conv_json"
done
.venv/base311/bin/python ci/bench_report.py conv "$conv_json" --out "$REPORTS/bench_conv.md"

for p in "${PROJECTS[@]}"; do
    if [ -f "$p/bench.sh" ]; then
        echo "================ bench: $p ================"
        ( . ".venv/$p/bin/activate" && bash "$p/bench.sh" "$REPORTS" )
    fi
done

.venv/base311/bin/python ci/bench_report.py readme README.md "$REPORTS"
echo "[bench] figures recorded in README.md"
