"""Ascend glue: the npu_bridge-absent path, and the session config with a stand-in npu_bridge."""
import importlib
import sys
import types

import pytest
import tensorflow as tf

import npu_support


def test_absent_npu_bridge_runs_plain_graph(caplog):
    assert npu_support.HAVE_NPU is False          # not installed here
    assert npu_support.device_path() == "cpu"
    config = npu_support.session_config(path="cpu")
    assert not [o.name for o in config.graph_options.rewrite_options.custom_optimizers]
    assert config.graph_options.rewrite_options.disable_meta_optimizer
    opt = npu_support.make_optimizer(1e-4, "cpu")
    assert isinstance(opt, tf.keras.optimizers.Adam)
    assert opt.epsilon == pytest.approx(1e-7)
    with caplog.at_level("INFO", logger="densedepth"):
        npu_support.LOG.propagate = True
        npu_support.log_path("cpu")
    assert "npu_bridge not importable: running the same graph on CPU" in caplog.text
    with pytest.raises(ValueError, match="--precision_mode"):
        npu_support.session_config(precision_mode="fp8")


def test_stand_in_npu_bridge_sets_npu_optimizer(monkeypatch):
    # minimal stand-in modules with the names the Ascend adapter exports
    calls = {}

    class Manager(object):
        def __init__(self, **kw):
            calls["manager"] = kw

    class LossScale(object):
        def __init__(self, opt, manager, is_distributed=False):
            calls["loss_scale"] = (opt, manager, is_distributed)

    from tensorflow.core.protobuf.rewriter_config_pb2 import RewriterConfig
    init = types.ModuleType("npu_bridge.npu_init")
    init.NPULossScaleOptimizer = LossScale
    init.ExponentialUpdateLossScaleManager = Manager
    init.NPUDistributedOptimizer = lambda opt: opt
    init.RewriterConfig = RewriterConfig
    est = types.ModuleType("npu_bridge.estimator")
    est.npu_ops = types.ModuleType("npu_bridge.estimator.npu_ops")
    pkg = types.ModuleType("npu_bridge")
    for name, mod in (("npu_bridge", pkg), ("npu_bridge.npu_init", init),
                      ("npu_bridge.estimator", est), ("npu_bridge.estimator.npu_ops", est.npu_ops)):
        monkeypatch.setitem(sys.modules, name, mod)
    try:
        mod = importlib.reload(npu_support)
        assert mod.HAVE_NPU and mod.device_path() == "npu"
        config = mod.session_config("allow_mix_precision", "high_precision", True)
        custom = config.graph_options.rewrite_options.custom_optimizers[0]
        assert custom.name == "NpuOptimizer"
        assert custom.parameter_map["precision_mode"].s == b"allow_mix_precision"
        assert custom.parameter_map["hcom_parallel"].b is True
        mod.make_optimizer(1e-4, "npu", is_loss_scale=True)
        assert calls["manager"] == {"init_loss_scale": 2 ** 32, "incr_every_n_steps": 500,
                                    "decr_every_n_nan_or_inf": 2, "incr_ratio": 2.0,
                                    "decr_ratio": 0.8}
        assert isinstance(calls["loss_scale"][0], tf.compat.v1.train.AdamOptimizer)
    finally:
        monkeypatch.undo()
        importlib.reload(npu_support)
