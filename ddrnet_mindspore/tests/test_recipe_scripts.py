"""train.py and the training scripts run as a user runs them (subprocesses from their folders)."""
import glob
import os
import re
import sys

import pytest
from mindspore_common.testing import run_cmd

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(PROJECT)
CPU_CONFIG = "src/configs/ddrnet23_imagenet_cpu.yaml"
SAMPLE = os.path.join(REPO, "data", "sample", "imagenet")
CKPT_CPU = os.path.join(REPO, "outputs", "ddrnet_mindspore", "ckpt_cpu")


def newest_step(folder):
    from mindspore_common.checkpoint import read_meta
    steps = [read_meta(p)["step"] for p in glob.glob(os.path.join(folder, "DDRNet23slim*.ckpt"))]
    return max(steps) if steps else 0


def drop_stale_checkpoints():
    """Checkpoints of an older CPU config cannot be resumed (train.py says so and stops); they are
    outputs of an earlier version of this file, so they go."""
    from mindspore_common.checkpoint import find_resume, list_checkpoints
    from src.args import parse_args
    from src.tools.get_misc import recipe_settings
    settings = recipe_settings(parse_args(["--ddr_config", os.path.join(PROJECT, CPU_CONFIG)]), 1)
    try:
        find_resume(CKPT_CPU, "DDRNet23slim", settings)
    except ValueError:
        for path in list_checkpoints(CKPT_CPU, "DDRNet23slim"):
            os.remove(path)


def test_cpu_config_runs_as_written():
    """README: `python train.py --ddr_config src/configs/ddrnet23_imagenet_cpu.yaml` after make demo."""
    if not os.path.isdir(SAMPLE):  # what make demo writes; the command the error message names
        made = run_cmd([sys.executable, "-m", "sample_data", "imagenet", "--out", SAMPLE, "--quiet"],
                       cwd=REPO, timeout=300)
        assert made.returncode == 0, made.stdout
    drop_stale_checkpoints()
    before = newest_step(CKPT_CPU)
    res = run_cmd("python train.py --ddr_config %s" % CPU_CONFIG, cwd=PROJECT,
                  env={"DEPTHZOO_MAX_STEPS": "1"}, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:]
    if "training already finished" not in res.stdout:
        assert "step cap 1 reached" in res.stdout
        assert "mixed precision: O2 requested, but CPU training stays float32" in res.stdout
        assert "x devices 1 / 256 = 0.1 peak" in res.stdout  # 1.6 x 16 / 256
        assert newest_step(CKPT_CPU) == before + 1  # resumed from the previous run, if any
    assert "Traceback" not in res.stdout and "[WARNING]" not in res.stdout


def test_missing_dataset_is_one_line_naming_the_key_and_the_fix(tmp_path):
    res = run_cmd("python train.py --ddr_config %s --data_url %s" % (CPU_CONFIG, tmp_path / "none"),
                  cwd=PROJECT, timeout=300)
    assert res.returncode == 2
    lines = res.stdout.strip().splitlines()
    assert re.match(r"error: data_url: .*python -m sample_data imagenet --out data/sample/imagenet",
                    lines[-1]), res.stdout
    assert "Traceback" not in res.stdout


def test_unknown_config_key_is_named(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(open(os.path.join(PROJECT, CPU_CONFIG)).read() + "mixup_alpha: 0.2\n")
    res = run_cmd("bash scripts/run_standalone_train_cpu.sh %s" % cfg, cwd=PROJECT, timeout=300)
    assert res.returncode == 2 and "mixup_alpha" in res.stdout.strip().splitlines()[-1]
    res = run_cmd("bash scripts/run_standalone_train_cpu.sh", cwd=PROJECT, timeout=60)
    assert res.returncode == 2 and "usage" in res.stdout


def test_two_msrun_cpu_workers_keep_identical_weights(tiny_imagenet, tmp_path):
    logs = tmp_path / "logs"
    res = run_cmd("bash run_distribute_train_cpu.sh 2 ../%s --data_url %s "
                  "--image_size 32 --batch_size 4 --mode pynative --eval_every_epochs 0 "
                  "--ckpt_dir %s" % (CPU_CONFIG, tiny_imagenet, tmp_path / "ckpt"),
                  cwd=os.path.join(PROJECT, "scripts"),
                  env={"DEPTHZOO_MAX_STEPS": "2", "MSRUN_LOG_DIR": str(logs), "MSRUN_PORT": "8139"},
                  timeout=600)
    text = {i: open(logs / ("worker_%d.log" % i)).read() for i in (0, 1)}
    assert res.returncode == 0, res.stdout[-2000:] + text[0][-2000:] + text[1][-2000:]
    sums = [re.search(r"rank %d: trained weights sha1 ([0-9a-f]{40})" % i, text[i]) for i in (0, 1)]
    assert all(sums), text
    assert sums[0].group(1) == sums[1].group(1)
    assert "data parallel: rank 1 of 2" in text[1]
    assert newest_step(str(tmp_path / "ckpt")) == 2  # rank 0 wrote the checkpoint


RANK_TABLE = """{"version": "1.0", "server_count": "1", "status": "completed", "server_list": [
  {"server_id": "10.0.0.1", "device": [
    {"device_id": "0", "device_ip": "192.168.100.101", "rank_id": "0"},
    {"device_id": "1", "device_ip": "192.168.101.101", "rank_id": "1"}],
   "host_nic_ip": "reserve"}]}"""
# stands in for the Python of an Ascend machine: answers the script's rank-table question with
# the real interpreter, and instead of training records what each rank was started with
FAKE_PYTHON = """#!/usr/bin/env bash
if [ "$1" = "-c" ]; then exec "%s" "$@"; fi
echo "rank=$RANK_ID device=$DEVICE_ID size=$RANK_SIZE table=$RANK_TABLE_FILE args=$*"
[ "$RANK_ID" != "${FAIL_RANK:-none}" ]
"""


def test_rank_table_script_starts_one_process_per_device(tmp_path):
    table = tmp_path / "hccl_2p.json"
    table.write_text(RANK_TABLE)
    fake = tmp_path / "python"
    fake.write_text(FAKE_PYTHON % sys.executable)
    fake.chmod(0o755)
    cmd = "bash scripts/run_distribute_train_ascend.sh %s src/configs/ddrnet23_imagenet_ascend.yaml" % table
    res = run_cmd(cmd, cwd=PROJECT, env={"PYTHON": str(fake)}, timeout=60)
    assert res.returncode == 0, res.stdout
    for rank in (0, 1):
        log = open(os.path.join(REPO, "outputs", "ddrnet_mindspore", "train_parallel%d" % rank,
                                "train.log")).read()
        assert "rank=%d device=%d size=2 table=%s" % (rank, rank, table) in log
        assert ("train.py --device_target Ascend --device_id %d --ddr_config %s/src/configs/"
                "ddrnet23_imagenet_ascend.yaml --run_distribute true" % (rank, PROJECT)) in log
    res = run_cmd(cmd, cwd=PROJECT, env={"PYTHON": str(fake), "FAIL_RANK": "1"}, timeout=60)
    assert res.returncode == 1 and "error: rank 1 failed" in res.stdout
    res = run_cmd("bash scripts/run_distribute_train_ascend.sh %s x.yaml" % (tmp_path / "no.json"),
                  cwd=PROJECT, timeout=60)
    assert res.returncode == 2 and "RANK_TABLE_FILE not found" in res.stdout
