"""Offline flow as a user runs it: export MINDIR -> run_infer_310.sh (preprocess, Python MINDIR
runner, postprocess) gives eval.py's logits and top-1."""
import os
import sys

import numpy as np

from conftest import PROJECT, rel_err
from mindspore_common.testing import run_cmd


def eval_logits(config, ckpt):
    from src.data.imagenet import create_dataset_imagenet
    from src.tools.entry_args import parse_entry_args
    from src.tools.evaluation import predict, score
    from src.tools.network import load_network

    args = parse_entry_args(["--ddr_config", config], {}, "test")
    net = load_network(args.arch, args.num_classes, ckpt)
    return score(predict(net, create_dataset_imagenet(args.data_url, args, training=False),
                         log=lambda *a: None), (1, 5))


def test_run_infer_310_matches_eval(eval_setup, tmp_path):
    mindir = str(tmp_path / "slim")
    proc = run_cmd([sys.executable, "export.py", "--ddr_config", eval_setup["config"],
                    "--pretrained", eval_setup["random"], "--file_name", mindir], cwd=PROJECT, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
    work = tmp_path / "scripts_run"
    work.mkdir()
    proc = run_cmd(["bash", os.path.join(PROJECT, "scripts", "run_infer_310.sh"), mindir + ".mindir",
                    "imagenet2012", os.path.join(eval_setup["data"], "val"), "0", eval_setup["config"]],
                   cwd=str(work), timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
    metrics, logits, labels = eval_logits(eval_setup["config"], eval_setup["random"])
    offline = np.stack([np.fromfile(str(work / "result_Files" / ("%05d_0.bin" % i)), np.float32)
                        for i in range(len(labels))])
    assert rel_err(offline, logits) <= 1e-5  # same preprocessing, same network, same order
    acc = open(str(work / "acc.log")).read()
    assert "Top1 acc: %.5f" % metrics["top1"] in acc and "Top5 acc: %.5f" % metrics["top5"] in acc
    import json
    label_file = json.load(open(str(work / "preprocess_Result" / "label.json")))
    assert label_file["classes"] == sorted(os.listdir(os.path.join(eval_setup["data"], "val")))
    assert [label_file["labels"]["%05d.bin" % i] for i in range(len(labels))] == list(labels)


def test_run_infer_310_bad_dataset_name(tmp_path):
    proc = run_cmd(["bash", os.path.join(PROJECT, "scripts", "run_infer_310.sh"), "x.mindir",
                    "cifar10", str(tmp_path)], cwd=str(tmp_path), timeout=30)
    assert proc.returncode == 2 and "DATASET_NAME must be imagenet2012" in proc.stdout


def test_postprocess_missing_result_names_it(tmp_path):
    import json
    (tmp_path / "label.json").write_text(json.dumps({"classes": ["a", "b"], "labels": {"00000.bin": 1}}))
    proc = run_cmd([sys.executable, "postprocess.py", "--result_path", str(tmp_path / "res"),
                    "--label_file", str(tmp_path / "label.json")], cwd=PROJECT, timeout=60)
    assert proc.returncode == 2
    assert "00000_0.bin missing" in proc.stdout and "Traceback" not in proc.stdout
