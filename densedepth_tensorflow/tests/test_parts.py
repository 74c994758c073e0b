"""Small parts with oracles: BatchNorm re-estimation, step/time caps and checkpoint triggers,
device-path session configs, the quiet console."""
import os
import subprocess
import sys
import time

import numpy as np
import pytest
import tensorflow as tf

import bn_stats
import callbacks
import npu_support
from conftest import PROJECT


def test_bn_reestimation_equals_pooled_input_statistics():
    inp = tf.keras.layers.Input((4, 5, 3))
    out = tf.keras.layers.BatchNormalization(name="bn")(inp)
    model = tf.keras.Model(inp, out)
    rng = np.random.RandomState(0)
    batches = [rng.normal(3.0, 2.0, (2, 4, 5, 3)).astype(np.float32) for _ in range(3)]
    assert bn_stats.reestimate(model, batches) == 6
    pooled = np.concatenate(batches).reshape(-1, 3).astype(np.float64)
    mean, var = tf.keras.backend.batch_get_value([model.get_layer("bn").moving_mean,
                                                  model.get_layer("bn").moving_variance])
    np.testing.assert_allclose(mean, pooled.mean(0), rtol=1e-5)
    np.testing.assert_allclose(var, pooled.var(0), rtol=1e-4)
    # inference now normalises the data: mean ~0, variance ~1 per channel
    y = model.predict(np.concatenate(batches)).reshape(-1, 3)
    np.testing.assert_allclose(y.mean(0), 0.0, atol=1e-4)
    np.testing.assert_allclose(y.var(0), 1.0, rtol=1e-3)
    assert bn_stats.reestimate(model, []) == 0


class _Model(object):
    stop_training = False


def _counter(steps, **kw):
    counter = callbacks.StepCounter(steps, **kw)
    counter.set_model(_Model())
    counter.on_train_begin()
    return counter


def test_step_cap_stops_and_every_n_checkpoints():
    counter = _counter(4, global_step=2, max_steps=7)
    saved = []
    ckpt = callbacks.Checkpointer(counter, lambda: saved.append((counter.global_step, counter.epoch,
                                                                 counter.step)), every_steps=3)
    for batch in range(5):
        counter.on_batch_end(batch)
        ckpt.on_batch_end(batch)
        if counter.model.stop_training:
            break
    ckpt.on_epoch_end(1)          # Keras still ends the (partial) epoch: no second save
    assert counter.global_step == 7 and counter.stopped == "DEPTHZOO_MAX_STEPS=7 reached"
    assert saved == [(3, 0, 3), (6, 1, 2), (7, 1, 3)]


def test_time_cap_stops():
    counter = _counter(100, time_limit=0.05)
    time.sleep(0.1)
    counter.on_batch_end(0)
    assert counter.model.stop_training and counter.stopped.startswith("DEPTHZOO_TIME_LIMIT")


def test_session_configs_of_the_three_paths():
    cpu = npu_support.session_config(path="cpu")
    assert cpu.graph_options.rewrite_options.disable_meta_optimizer
    from tensorflow.core.protobuf.rewriter_config_pb2 import RewriterConfig
    gpu = npu_support.session_config(path="gpu")
    assert gpu.graph_options.rewrite_options.auto_mixed_precision == RewriterConfig.ON
    npu = npu_support.session_config("allow_mix_precision", "high_precision", True, path="npu")
    custom = npu.graph_options.rewrite_options.custom_optimizers[0]
    assert custom.name == "NpuOptimizer"
    assert custom.parameter_map["precision_mode"].s == b"allow_mix_precision"
    assert custom.parameter_map["hcom_parallel"].b is True
    with pytest.raises(ValueError, match="--precision_mode"):
        npu_support.session_config(precision_mode="fp8")
    opt = npu_support.make_optimizer(1e-4, "cpu")
    assert isinstance(opt, tf.keras.optimizers.Adam) and opt.amsgrad   # upstream: amsgrad=True


@pytest.mark.parametrize("verbose", ["", "1"])
def test_console_is_quiet_unless_verbose(tmp_path, verbose):
    env = dict(os.environ, DEPTHZOO_VERBOSE=verbose)
    proc = subprocess.run([sys.executable, "-c", "import quiet, model, tensorflow as tf; "
                           "tf.compat.v1.image.resize_bilinear(tf.zeros((1, 2, 2, 1)), (4, 4)); "
                           "tf.compat.v1.placeholder_with_default(1.0, ()); "
                           "from tensorflow.python.util import deprecation; "
                           "deprecation.deprecated(None, 'x')(lambda: 0)()"],
                          cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=300)
    out = proc.stdout.decode("utf8", "replace")
    assert proc.returncode == 0, out
    if verbose:
        assert "deprecated" in out             # DEPTHZOO_VERBOSE=1 brings the notices back
    else:
        assert out.strip() == ""
