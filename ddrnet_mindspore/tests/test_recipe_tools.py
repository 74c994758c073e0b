"""Learning-rate schedules, parameter groups, loss, and the train step (overflow skip, clip, fp16)."""
import math
from types import SimpleNamespace

import mindspore as ms
import numpy as np
import pytest
from mindspore import nn

from recipe_tiny_net import TinyNet
from src.tools.cell import cast_amp
from src.tools.criterion import NetWithLoss, SoftTargetCrossEntropy
from src.tools.optimizer import get_optimizer, get_param_groups
from src.tools.schedulers import cosine_lr, get_lr, lr_scale
from src.trainers.train_one_step_with_scale_and_clip_global_norm import get_train_one_step


def recipe(**kw):
    base = dict(batch_size=64, base_lr=0.1, warmup_lr=1e-6, min_lr=1e-5, epochs=3, warmup_length=1,
                lr_scheduler="cosine_lr", lr_adjust=1, lr_gamma=0.1, optimizer="momentum",
                momentum=0.9, use_nesterov=True, weight_decay=1e-4, beta=[0.9, 0.999], eps=1e-8,
                clip_global_norm=True, clip_global_norm_value=5.0, is_dynamic_loss_scale=True,
                loss_scale=1024)
    base.update(kw)
    return SimpleNamespace(**base)


def test_lr_is_scaled_by_global_batch_over_256():
    assert lr_scale(64, 8) == 2.0
    lrs = get_lr(recipe(), steps_per_epoch=10, world_size=8)
    assert lrs.shape == (30,)
    assert lrs[0] == pytest.approx(2e-6)
    assert lrs.max() == pytest.approx(0.2)


def test_cosine_warmup_then_half_cosine_to_min():
    lrs = cosine_lr(1.0, 0.0, 0.1, warmup_steps=4, total_steps=15)
    np.testing.assert_allclose(lrs[:5], [0.0, 0.25, 0.5, 0.75, 1.0], atol=1e-7)
    assert lrs[-1] == pytest.approx(0.1)
    # decay over steps 4..14: step 9 is halfway (t = 1/2), step 6 at t = 1/5
    assert lrs[9] == pytest.approx(0.55)
    assert lrs[6] == pytest.approx(0.1 + 0.45 * (1 + math.cos(math.pi * 0.2)))
    assert np.all(np.diff(lrs[4:]) <= 0)


def test_multistep_schedule():
    lrs = get_lr(recipe(lr_scheduler="multistep_lr", batch_size=256, warmup_length=0), 2, 1)
    np.testing.assert_allclose(lrs, [0.1, 0.1, 0.01, 0.01, 0.001, 0.001], rtol=1e-5)


def test_no_weight_decay_on_batchnorm_and_biases():
    net = TinyNet()
    decay, no_decay, _ = get_param_groups(net, 1e-4)
    assert decay["weight_decay"] == 1e-4 and no_decay["weight_decay"] == 0.0
    assert sorted(p.name for p in decay["params"]) == ["conv.weight", "fc.weight"]
    assert sorted(p.name for p in no_decay["params"]) == ["bn.beta", "bn.gamma", "conv.bias",
                                                          "fc.bias"]


def _zero_grad_step(opt_name):
    net = TinyNet()
    before = {p.name: p.asnumpy().copy() for p in net.trainable_params()}
    opt = get_optimizer(recipe(optimizer=opt_name, weight_decay=0.5), net, 0.1)
    opt(tuple(ms.Tensor(np.zeros(p.shape, np.float32)) for p in net.trainable_params()))
    return before, {p.name: p.asnumpy() for p in net.trainable_params()}


def test_nesterov_momentum_by_hand():
    """Two steps of gradient 1, lr 0.1, momentum 0.9: v = 1 then 1.9; w -= lr (g + 0.9 v)."""
    net = nn.Dense(3, 1, has_bias=False)
    net.weight.set_data(ms.Tensor(np.ones((1, 3), np.float32)))
    opt = get_optimizer(recipe(weight_decay=0.0), net, 0.1)
    grad = (ms.Tensor(np.ones((1, 3), np.float32)),)
    opt(grad)
    np.testing.assert_allclose(net.weight.asnumpy(), 1 - 0.1 * 1.9, rtol=1e-6)
    opt(grad)
    np.testing.assert_allclose(net.weight.asnumpy(), 0.81 - 0.1 * (1 + 0.9 * 1.9), rtol=1e-6)


def test_nesterov_momentum_decays_weights_only():
    before, after = _zero_grad_step("momentum")
    # grad = wd * w; v = grad; nesterov update w -= lr * (grad + momentum * v)
    np.testing.assert_allclose(after["conv.weight"],
                               before["conv.weight"] * (1 - 0.1 * 0.5 * 1.9), rtol=1e-5)
    for name in ("bn.gamma", "bn.beta", "conv.bias", "fc.bias"):
        np.testing.assert_array_equal(after[name], before[name])


def test_adamw_decays_weights_only():
    before, after = _zero_grad_step("adamw")
    np.testing.assert_allclose(after["fc.weight"], before["fc.weight"] * (1 - 0.1 * 0.5), rtol=1e-5)
    np.testing.assert_array_equal(after["bn.gamma"], before["bn.gamma"])


def test_soft_target_cross_entropy_against_numpy():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 5)).astype(np.float32)
    target = rng.dirichlet(np.ones(5), size=4).astype(np.float32)
    got = SoftTargetCrossEntropy()(ms.Tensor(logits), ms.Tensor(target)).asnumpy()
    log_p = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    assert got == pytest.approx(float(np.mean(np.sum(-target * log_p, 1))), rel=1e-5)
    hard = np.eye(5, dtype=np.float32)[[0, 3, 1, 1]]
    ref = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")(
        ms.Tensor(logits), ms.Tensor(np.array([0, 3, 1, 1], np.int32))).asnumpy()
    assert SoftTargetCrossEntropy()(ms.Tensor(logits), ms.Tensor(hard)).asnumpy() == \
        pytest.approx(float(ref), rel=1e-5)


def _step_cell(fp16, **kw):
    ms.set_context(mode=ms.PYNATIVE_MODE)
    net = TinyNet()
    # fp16: the Ascend/GPU branch of cast_amp, forced on CPU by naming GPU as the target
    net, half = cast_amp(net, SimpleNamespace(amp_level="O2"), "GPU" if fp16 else "CPU", log=print)
    assert half == fp16
    opt = get_optimizer(recipe(weight_decay=0.0, momentum=0.0, use_nesterov=False), net, 1.0)
    cell = get_train_one_step(recipe(**kw), NetWithLoss(net, SoftTargetCrossEntropy()), opt, fp16)
    return net, cell


def _batch(nan=False):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(4, 3, 16, 16)).astype(np.float32)
    if nan:
        x[0, 0, 0, 0] = np.nan
    return ms.Tensor(x), ms.Tensor(np.eye(5, dtype=np.float32)[[0, 1, 2, 3]])


def _weights(net):
    return {p.name: p.asnumpy().copy() for p in net.trainable_params()}


@pytest.mark.parametrize("fp16", [False, True])
def test_overflowing_step_leaves_weights_unchanged(fp16):
    net, cell = _step_cell(fp16)
    before = _weights(net)
    _, overflow, scale = cell(*_batch(nan=True))
    assert bool(overflow.asnumpy())
    for name, value in _weights(net).items():
        np.testing.assert_array_equal(value, before[name], err_msg=name)
    if fp16:  # the dynamic loss scale shrinks after an overflow
        assert float(cell.scale_sense.asnumpy()) == pytest.approx(512.0)
    loss, overflow, _ = cell(*_batch())
    assert not bool(overflow.asnumpy()) and np.isfinite(loss.asnumpy())
    assert any(not np.array_equal(v, before[k]) for k, v in _weights(net).items())


def test_gradients_are_clipped_to_the_global_norm():
    net, cell = _step_cell(False, clip_global_norm_value=1e-3)
    before = _weights(net)
    cell(*_batch())  # plain SGD, lr 1: the update is minus the clipped gradient
    after = _weights(net)
    norm = math.sqrt(sum(float(np.sum((after[k] - before[k]) ** 2)) for k in before))
    assert norm == pytest.approx(1e-3, rel=1e-3)


def test_amp_computes_in_float16_with_batchnorm_in_float32(capsys):
    ms.set_context(mode=ms.PYNATIVE_MODE)
    x = _batch()[0]
    net32 = TinyNet()
    ref = net32(x).asnumpy()
    net16, half = cast_amp(TinyNet(), SimpleNamespace(amp_level="O2"), "GPU")
    ms.load_param_into_net(net16, {p.name: p for p in net32.get_parameters()})
    out = net16(x).asnumpy()
    assert half and "BatchNorm float32" in capsys.readouterr().out
    assert 1e-6 < np.abs(out - ref).max() < 5e-2  # float16 rounding, nothing worse
    cpu, half = cast_amp(TinyNet(), SimpleNamespace(amp_level="O2"), "CPU")
    assert not half and "CPU training stays float32" in capsys.readouterr().out
