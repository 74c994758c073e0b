# Sourced by the run_*.sh scripts: project folder, python, device and sample-data detection.
PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python}

# "TARGET TRAIN_DATA_DIR SAMPLE(0|1)" as midas_train.py would resolve them from config.yaml.
probe_setup() {
    "$PYTHON" - "$@" <<'PY'
import mindspore_common  # noqa: F401
import sys
sys.path.insert(0, ".")
from mindspore_common.runtime import resolve_device
from src.config import get_config, resolve_data_path
cfg = get_config(sys.argv[1:])
sample = cfg.train_data_dir == resolve_data_path("data/sample/redweb")
print(resolve_device(cfg.device_target), cfg.train_data_dir, int(sample))
PY
}

# Flags for a CPU run on the sample data: the full recipe (ResNeXt-101 at 384x384, 400 epochs)
# would take days on a CPU, so the run is reduced and says so.
CPU_SAMPLE_FLAGS=(--img_width 64 --img_height 64 --batch_size 2 --epoch_size 10
                  --layers 1,1,1,1 --width_per_group 4 --features 64 --save_checkpoint_steps 20)
