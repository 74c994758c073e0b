"""Train DenseDepth on NYU Depth v2 (TFRecords from dataset_tool_tf.py, or nyu_data.zip).

    python train.py --train_tfrecords ./dataset/nyu_data.tfrecords --test_data ./dataset/nyu_test.zip \
        --bs 4 --lr 0.0001 --epochs 20
"""
import quiet  # noqa: F401  (first: silences third-party noise; DEPTHZOO_VERBOSE=1)
import argparse
import contextlib
import json
import logging
import os
import sys

import numpy as np
import tensorflow as tf

import bn_stats
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
    p.add_argument("--train_data", default="./dataset/nyu_data.zip",
                   help="nyu_data.zip (also the validation split of --lr_schedule plateau)")
    p.add_argument("--result", default="./result", help="output folder (train.log)")
    p.add_argument("--ckptdir", default="./ckpt_npu",
                   help="checkpoint folder (what evaluate/test/ckpt2pb read by default)")
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
    p.add_argument("--decoder_width", type=float, choices=(0.5, 1.0), default=None,
                   help="decoder filters = width * 1664 (0.5: Ascend port, default for new "
                        "models; 1.0: nyu.h5); read from the file with --existing")
    p.add_argument("--single_leaky", type=str2bool, nargs="?", const=True, default=None,
                   help="one LeakyReLU per up block (nyu.h5); read from the file with --existing")
    p.add_argument("--existing", default="", help="fine-tune from these weights (.h5, e.g. nyu.h5)")
    p.add_argument("--input_height", type=int, default=DEFAULT_HEIGHT, help="network input height")
    p.add_argument("--input_width", type=int, default=DEFAULT_WIDTH, help="network input width")
    p.add_argument("--lr_schedule", choices=("exp", "plateau"), default="exp",
                   help="exp: lr*0.9^epoch (Ascend port); plateau: upstream ReduceLROnPlateau "
                        "on the validation loss")
    p.add_argument("--no_resume", action="store_true", help="ignore checkpoints in --ckptdir")
    p.add_argument("--weights_only", action="store_true",
                   help="take only the weights of the checkpoint in --ckptdir and start a new "
                        "run (fine-tuning with other settings)")
    p.add_argument("--save_every_steps", type=int, default=0,
                   help="also checkpoint every N steps (0: at epoch ends only)")
    p.add_argument("--keep_checkpoints", type=int, default=5, help="keep the last K checkpoints")
    p.add_argument("--bn_images", type=int, default=32,
                   help="re-estimate BatchNorm statistics on this many training images before "
                        "every checkpoint (0: keep Keras' moving averages)")
    p.add_argument("--no_augment", action="store_true", help="no mirror / channel permutation")
    p.add_argument("--seed", type=int, default=None, help="data order / init seed (stored)")
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
    if args.keep_checkpoints < 1 or args.save_every_steps < 0 or args.bn_images < 0:
        raise ValueError("--keep_checkpoints must be >= 1, --save_every_steps and --bn_images >= 0")
    if not 0 < args.mindepth < args.maxdepth:
        raise ValueError("need 0 < --mindepth < --maxdepth")
    for flag in ("input_height", "input_width"):
        if getattr(args, flag) % 32 or getattr(args, flag) <= 0:
            raise ValueError("--%s must be a positive multiple of 32" % flag)
    if args.densenet_weights and not os.path.isfile(args.densenet_weights):
        raise FileNotFoundError("--densenet_weights %s: file not found" % args.densenet_weights)
    if args.full and not os.path.isfile(args.test_data):
        raise FileNotFoundError("--full needs --test_data, not found: %s" % args.test_data)


def env_caps():
    """(max steps, time limit in s) from DEPTHZOO_MAX_STEPS / DEPTHZOO_TIME_LIMIT (None: unset)."""
    caps = []
    for name, kind in (("DEPTHZOO_MAX_STEPS", int), ("DEPTHZOO_TIME_LIMIT", float)):
        raw = os.environ.get(name, "").strip()
        try:
            value = kind(raw) if raw else None
        except ValueError:
            value = -1
        if value is not None and value <= 0:
            raise ValueError("%s=%r: expected a positive %s" % (name, raw, kind.__name__))
        caps.append(value)
    return tuple(caps)


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


def settings_of(args, steps, seed):
    return {"input_height": args.input_height, "input_width": args.input_width, "bs": args.bs,
            "steps": steps, "lr": args.lr, "lr_schedule": args.lr_schedule, "seed": seed}


def resume_point(args, ckptdir):
    """(checkpoint index to continue from or None, weights file to start from or '')."""
    index = None if args.no_resume else checkpoint.read_index(ckptdir)
    if index is None:
        return None, args.existing
    if args.existing:
        raise ValueError("--existing %s given but %s holds a checkpoint: use --no_resume (or "
                         "another --ckptdir) to fine-tune, or drop --existing to resume"
                         % (args.existing, ckptdir))
    weights = checkpoint.resolve(ckptdir)
    if args.weights_only:
        LOG.info("--weights_only: new run from the weights of %s", weights)
        return None, weights
    return index, weights


def check_resume(index, settings, args, ckptdir):
    """Refuse to continue a checkpoint with other training settings or another model."""
    wrong = checkpoint.settings_mismatch(index.get("settings", {}), settings)
    asked = {"decoder_width": args.decoder_width, "single_leaky": args.single_leaky}
    wrong += checkpoint.settings_mismatch(index["model_config"],
                                          {k: v for k, v in asked.items() if v is not None})
    if wrong:
        raise ValueError("%s was made with other settings: %s; resume with the same flags, or "
                         "--weights_only to start a new run from its weights, or --no_resume"
                         % (ckptdir, "; ".join(wrong)))


def train(args):
    path = npu_support.device_path()
    npu_support.log_path(path)
    rank_size, rank_id, is_chief = worker_info(args.is_distributed, path)
    npu_support.use_session(path, args.precision_mode, args.op_select_implmode, args.hcom_parallel)
    strategy = None
    if args.is_distributed and path != "npu":
        strategy = tf.distribute.experimental.MultiWorkerMirroredStrategy()
        LOG.info("MultiWorkerMirroredStrategy: worker %d of %d", rank_id, rank_size)
    max_steps, time_limit = env_caps()
    if time_limit is not None and strategy is not None:
        LOG.warning("DEPTHZOO_TIME_LIMIT is not applied to distributed workers (they must stop "
                    "at the same step); use DEPTHZOO_MAX_STEPS")
        time_limit = None

    ckptdir = args.ckptdir
    if not is_chief:  # every worker writes its checkpoints; others away from the chief's files
        ckptdir = os.path.join(ckptdir, "worker_%d" % rank_id)
    index, start_weights = resume_point(args, ckptdir)

    input_shape = (args.input_height, args.input_width)
    seed = args.seed
    if index is not None and seed is None:
        seed = index.get("settings", {}).get("seed")
    if seed is None:
        seed = int(np.random.randint(0, 2 ** 31 - 1))
    tf.compat.v1.set_random_seed(seed)
    global_step = index["global_step"] if index else 0

    dataset, num = data.train_dataset(args.bs, input_shape, tfrecords=args.train_tfrecords,
                                      zip_path=args.train_data, rank_size=rank_size,
                                      rank_id=rank_id, seed=seed,
                                      do_augment=not args.no_augment,
                                      start=global_step * args.bs)
    steps = args.steps or num // args.bs
    settings = settings_of(args, steps, seed)
    model_config = None
    if index is not None:
        model_config = index["model_config"]
        check_resume(index, settings, args, ckptdir)
    total = args.epochs * steps
    if global_step >= total:
        LOG.info("checkpoint in %s is already at step %d of %d: nothing to do",
                 ckptdir, global_step, total)
        return None
    LOG.info("%d samples in this shard, %d steps/epoch at bs %d, input %dx%d, seed %d",
             num, steps, args.bs, input_shape[0], input_shape[1], seed)
    if strategy is not None:
        options = tf.data.Options()
        options.experimental_distribute.auto_shard = False  # sharded by hand above
        dataset = dataset.with_options(options)
    validation = None
    if args.lr_schedule == "plateau":
        validation = validation_data(args, input_shape)
    bn_batches = data.numpy_batches(
        lambda: data.train_dataset(args.bs, input_shape, tfrecords=args.train_tfrecords,
                                   zip_path=args.train_data, do_augment=False, shuffle=False,
                                   repeat=False)[0],
        -(-args.bn_images // args.bs)) if args.bn_images else []

    scope = strategy.scope() if strategy is not None else contextlib.nullcontext()
    with scope:
        if start_weights:
            halffeatures = None if args.decoder_width is None else args.decoder_width == 0.5
            model = create_model(existing=start_weights, is_halffeatures=halffeatures,
                                 single_leaky=args.single_leaky)
        else:
            if not args.densenet_weights:
                LOG.warning("no --densenet_weights given: DenseNet-169 encoder starts from "
                            "random init")
            model = create_model(is_halffeatures=args.decoder_width in (None, 0.5),
                                 single_leaky=bool(args.single_leaky),
                                 densenet_weights=args.densenet_weights or None)
        optimizer = npu_support.make_optimizer(args.lr, path, args.is_loss_scale, args.is_distributed)
        model.compile(optimizer=optimizer, loss=depth_loss_function)
    if model_config is None:
        model_config = {"decoder_width": 0.5 if model.get_layer("conv2").filters == 832 else 1.0,
                        "single_leaky": sum(isinstance(l, tf.keras.layers.LeakyReLU)
                                            for l in model.layers) == 4}
    LOG.info("model: %d parameters (%d trainable)", model.count_params(),
             sum(tf.keras.backend.count_params(w) for w in model.trainable_weights))

    schedule = callbacks.lr_callback(args.lr_schedule, args.lr,
                                     "val_loss" if validation else "loss")
    counter = callbacks.StepCounter(steps, global_step, None if max_steps is None
                                    else global_step + max_steps, time_limit)
    full_eval = make_full_eval(args, model) if (args.full and is_chief) else None

    def save():
        if bn_batches:
            bn_stats.reestimate(model, bn_batches)
        state = {"epoch": counter.epoch + (counter.step == steps), "step": counter.step % steps,
                 "global_step": counter.global_step, "model_config": model_config,
                 "settings": settings, "lr_state": callbacks.lr_state(model, schedule)}
        values = tf.keras.backend.batch_get_value(npu_support.optimizer_variables(model.optimizer))
        checkpoint.save(ckptdir, model, state, values, args.keep_checkpoints)
        if full_eval is not None:
            full_eval(ckptdir, state["epoch"])

    cbs = [schedule, counter, callbacks.ProgressLogger(counter, total, args.bs, args.log_every),
           callbacks.Checkpointer(counter, save, args.save_every_steps)]
    if index is not None:
        LOG.info("resuming from %s at epoch %d step %d", ckptdir, index["epoch"], index["step"])
        cbs.insert(1, callbacks.RestoreState(npu_support.optimizer_variables,
                                             checkpoint.load_optimizer_values(ckptdir, index),
                                             index["lr_state"], schedule))
    first_epoch, skip = divmod(global_step, steps)
    fit = dict(callbacks=cbs, verbose=0, validation_data=validation[0] if validation else None,
               validation_steps=validation[1] if validation else None)
    if skip:  # resumed mid-epoch: finish that epoch first
        model.fit(dataset, initial_epoch=first_epoch, epochs=first_epoch + 1,
                  steps_per_epoch=steps - skip, **fit)
        first_epoch += 1
    if not counter.stopped and first_epoch < args.epochs:
        model.fit(dataset, initial_epoch=first_epoch, epochs=args.epochs, steps_per_epoch=steps, **fit)
    if counter.stopped:
        LOG.info("stopped at step %d: %s (checkpoint written)", counter.global_step, counter.stopped)
    return model


def validation_data(args, input_shape):
    """(dataset, steps) of nyu_data.zip's test split, the validation set upstream watches."""
    if not os.path.isfile(args.train_data):
        LOG.warning("--lr_schedule plateau: no %s for the validation split; watching the "
                    "training loss instead", args.train_data)
        return None
    ds, num = data.train_dataset(args.bs, input_shape, zip_path=args.train_data,
                                 do_augment=False, shuffle=False, csv_name=data.TEST_CSV)
    return ds, num // args.bs


def run(args):
    check_args(args)
    train(args)


def main(argv=None):
    args = parse_with_config(build_parser(), argv)
    os.makedirs(args.result, exist_ok=True)
    setup_logging(os.path.join(args.result, "train.log"))
    return run_reporting_errors(run, args)


def exit_process(rc, distributed):
    """Exit with ``rc``. A MultiWorkerMirroredStrategy worker's gRPC server (held by TF's
    distribute coordinator, no public way to stop it in TF 1.15) is torn down after its C++
    module and prints 'Exception ignored in Server.__del__' at interpreter exit; such a worker
    flushes its output and leaves without that teardown."""
    if not distributed:
        sys.exit(rc)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(rc)


if __name__ == "__main__":
    exit_process(main(), distributed=bool(os.environ.get("TF_CONFIG")))
