"""Train DenseDepth on NYU Depth v2 (TFRecords from dataset_tool_tf.py, or nyu_data.zip).

    python train.py --train_tfrecords ./dataset/nyu_data.tfrecords --test_data ./dataset/nyu_test.zip \
        --bs 4 --lr 0.0001 --epochs 20
"""
import argparse
import json
import logging
import os
import sys

import tensorflow as tf

import callbacks
import checkpoint
import data
import npu_support
from loss import depth_loss_function
from model import DEFAULT_HEIGHT, DEFAULT_WIDTH, create_model
from utils import parse_with_config, run_reporting_errors, setup_logging, str2bool

LOG = logging.getLogger("densedepth")


def build_parser():
    p = argparse.ArgumentParser(description="DenseDepth training (TensorFlow 1.15)")
    p.add_argument("--config", default=None, help="YAML file of flag defaults (configs/)")
    p.add_argument("--lr", type=float, default=0.0001, help="learning rate")
    p.add_argument("--bs", type=int, default=4, help="batch size (per worker)")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--steps", type=int, default=0, help="steps per epoch (0: samples // bs)")
    p.add_argument("--test_data", default="./dataset/nyu_test.zip")
    p.add_argument("--train_tfrecords", default="./dataset/nyu_data.tfrecords",
                   help="used when the file exists, else --train_data")
    p.add_argument("--train_data", default="./dataset/nyu_data.zip", help="nyu_data.zip")
    p.add_argument("--result", default="./result", help="output folder (ckpt_npu/, train.log)")
    p.add_argument("--full", type=str2bool, nargs="?", const=True, default=False,
                   help="evaluate every saved checkpoint on --test_data (evaluate.log)")
    p.add_argument("--op_select_implmode", default="high_precision")
    p.add_argument("--precision_mode", default="allow_mix_precision")
    p.add_argument("--hcom_parallel", type=str2bool, default=False)
    p.add_argument("--is_distributed", type=str2bool, default=False)
    p.add_argument("--is_loss_scale", type=str2bool, default=True)
    p.add_argument("--name", default="densedepth_nyu", help="run name (log and report)")
    p.add_argument("--mindepth", type=float, default=10.0)
    p.add_argument("--maxdepth", type=float, default=1000.0)
    p.add_argument("--densenet_weights", default="",
                   help="densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5 (never downloaded)")
    p.add_argument("--decoder_width", type=float, default=0.5,
                   help="decoder filters = width * 1664 (0.5: Ascend port, 1.0: nyu.h5)")
    p.add_argument("--single_leaky", action="store_true", help="one LeakyReLU per up block (nyu.h5)")
    p.add_argument("--existing", default="", help="start from these weights (.h5, e.g. nyu.h5)")
    p.add_argument("--input_height", type=int, default=DEFAULT_HEIGHT, help="network input height")
    p.add_argument("--input_width", type=int, default=DEFAULT_WIDTH, help="network input width")
    p.add_argument("--lr_schedule", choices=("exp", "plateau"), default="exp",
                   help="exp: lr*0.9^epoch (port); plateau: ReduceLROnPlateau (original)")
    p.add_argument("--no_resume", action="store_true", help="ignore checkpoints in --result")
    p.add_argument("--no_augment", action="store_true", help="no mirror / channel permutation")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--log_every", type=int, default=20, help="log progress every N steps")
    return p


def worker_info(is_distributed, path):
    """(rank_size, rank_id, is_chief) from RANK_SIZE/RANK_ID (Ascend) or TF_CONFIG."""
    if path == "npu" or not is_distributed:
        rank_size, rank_id = data.rank_from_env() if is_distributed else (1, 0)
        return rank_size, rank_id, rank_id == 0
    raw = os.environ.get("TF_CONFIG")
    if not raw:
        raise ValueError("--is_distributed True needs TF_CONFIG (cluster.worker list + task index) "
                         "off Ascend")
    try:
        tf_config = json.loads(raw)
        workers = tf_config["cluster"]["worker"]
        index = int(tf_config["task"]["index"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError("TF_CONFIG is not valid (%s): %s" % (exc, raw))
    return len(workers), index, index == 0


def check_args(args):
    if args.bs < 1 or args.epochs < 1 or args.steps < 0 or args.lr <= 0:
        raise ValueError("--bs, --epochs must be >= 1, --steps >= 0 and --lr > 0")
    if not 0 < args.mindepth < args.maxdepth:
        raise ValueError("need 0 < --mindepth < --maxdepth")
    for flag in ("input_height", "input_width"):
        if getattr(args, flag) % 32 or getattr(args, flag) <= 0:
            raise ValueError("--%s must be a positive multiple of 32" % flag)
    if args.densenet_weights and not os.path.isfile(args.densenet_weights):
        raise FileNotFoundError("--densenet_weights %s: file not found" % args.densenet_weights)
    if args.full and not os.path.isfile(args.test_data):
        raise FileNotFoundError("--full needs --test_data, not found: %s" % args.test_data)


def make_full_eval(args, model):
    """--full: evaluate each saved checkpoint with the in-memory model, log to evaluate.log."""
    import utils
    rgb, depth, crop = data.load_test_data(args.test_data)

    def run(ckptdir, epoch):
        result = utils.evaluate_nyu(model.predict_on_batch, rgb, depth, crop, batch_size=2,
                                    min_depth=args.mindepth, max_depth=args.maxdepth,
                                    progress=False,
                                    input_shape=(args.input_height, args.input_width))
        with open(os.path.join(ckptdir, "evaluate.log"), "a") as f:
            f.write("epoch %d\n%s\n" % (epoch, utils.format_metrics(result)))
        LOG.info("epoch %d test metrics:\n%s", epoch, utils.format_metrics(result))
    return run


def train(args):
    path = npu_support.device_path()
    npu_support.log_path(path)
    rank_size, rank_id, is_chief = worker_info(args.is_distributed, path)
    strategy = None
    if args.is_distributed and path != "npu":
        npu_support.configure_distributed_sessions(path)
        strategy = tf.distribute.experimental.MultiWorkerMirroredStrategy()
        LOG.info("MultiWorkerMirroredStrategy: worker %d of %d", rank_id, rank_size)
    else:
        npu_support.use_session(path, args.precision_mode, args.op_select_implmode,
                                args.hcom_parallel)
    if args.seed is not None:
        tf.compat.v1.set_random_seed(args.seed)

    ckptdir = os.path.join(args.result, "ckpt_npu")
    if not is_chief:  # non-chief workers keep their own copy, away from the chief's files
        ckptdir = os.path.join(ckptdir, "worker_%d" % rank_id)
    model_config = {"decoder_width": args.decoder_width, "single_leaky": bool(args.single_leaky)}
    index = None if args.no_resume else checkpoint.read_index(ckptdir)
    if index is not None and index["model_config"] != model_config:
        raise ValueError("%s holds a %s model but flags ask for %s; use another --result or "
                         "--no_resume" % (ckptdir, index["model_config"], model_config))
    initial_epoch = index["epoch"] if index else 0
    if initial_epoch >= args.epochs:
        LOG.info("checkpoint in %s is already at epoch %d of %d: nothing to do",
                 ckptdir, initial_epoch, args.epochs)
        return None

    input_shape = (args.input_height, args.input_width)
    dataset, num = data.train_dataset(args.bs, input_shape, tfrecords=args.train_tfrecords,
                                      zip_path=args.train_data, rank_size=rank_size,
                                      rank_id=rank_id, seed=args.seed,
                                      do_augment=not args.no_augment)
    if strategy is not None:
        options = tf.data.Options()
        options.experimental_distribute.auto_shard = False  # sharded by hand above
        dataset = dataset.with_options(options)
    steps = args.steps or num // args.bs
    LOG.info("%d samples in this shard, %d steps/epoch at bs %d, input %dx%d",
             num, steps, args.bs, input_shape[0], input_shape[1])

    scope = strategy.scope() if strategy is not None else _NullScope()
    with scope:
        model = create_model(existing=args.existing, decoder_width=args.decoder_width,
                             single_leaky=args.single_leaky,
                             densenet_weights=args.densenet_weights or None)
        if index is not None:
            model.load_weights(os.path.join(ckptdir, index["weights"]))
            LOG.info("resuming from %s epoch %d", ckptdir, initial_epoch)
        optimizer = npu_support.make_optimizer(args.lr, path, args.is_loss_scale, args.is_distributed)
        model.compile(optimizer=optimizer, loss=depth_loss_function)
    LOG.info("model: %d parameters (%d trainable)", model.count_params(),
             sum(tf.keras.backend.count_params(w) for w in model.trainable_weights))

    cbs = [callbacks.lr_callback(args.lr_schedule, args.lr),
           callbacks.ProgressLogger(steps, args.epochs, args.bs, args.log_every, initial_epoch)]
    if index is not None and path != "npu":
        cbs.append(callbacks.RestoreOptimizer(checkpoint.load_optimizer_weights(ckptdir, index)))
    on_saved = make_full_eval(args, model) if (args.full and is_chief) else None
    cbs.append(callbacks.EpochCheckpoint(ckptdir, args.epochs, model_config, True, on_saved,
                                         save_optimizer=path != "npu"))
    history = model.fit(dataset, epochs=args.epochs, steps_per_epoch=steps,
                        initial_epoch=initial_epoch, callbacks=cbs, verbose=0)
    return history


class _NullScope(object):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def run(args):
    check_args(args)
    train(args)


def main(argv=None):
    args = parse_with_config(build_parser(), argv)
    os.makedirs(args.result, exist_ok=True)
    setup_logging(os.path.join(args.result, "train.log"))
    return run_reporting_errors(run, args)


if __name__ == "__main__":
    sys.exit(main())
