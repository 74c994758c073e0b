"""DDRNet networks: upstream parameter counts, any input size, DropPath, registry errors."""
import numpy as np
import pytest
import mindspore as ms

from src.models import get_model
from src.models.blocks import DropPath

# upstream facts (ydhongHIT/DDRNet classification, 1000 classes, stem convs with bias)
UPSTREAM_PARAMS = {"DDRNet23": 28216616, "DDRNet23slim": 7574664, "DDRNet39": 40130344}


def count(params):
    return sum(int(np.prod(p.shape)) for p in params)


@pytest.mark.parametrize("arch", sorted(UPSTREAM_PARAMS))
def test_trainable_parameter_count_matches_upstream(arch):
    assert count(get_model(arch).trainable_params()) == UPSTREAM_PARAMS[arch]


def test_torch_reference_has_upstream_counts_too():
    from torch_ddrnet import ARCH, TorchDDRNet
    for arch, n in UPSTREAM_PARAMS.items():
        assert sum(p.numel() for p in TorchDDRNet(**ARCH[arch]).parameters()) == n


def test_stem_convs_have_bias_and_stage_ends_have_no_relu():
    net = get_model("DDRNet23")
    names = {p.name for p in net.get_parameters()}
    assert {"conv1.0.bias", "conv1.3.bias"} <= names
    assert "layer1.0.conv1.bias" not in names
    assert [b.no_relu for b in net.layer1] == [False, True]
    assert [b.no_relu for b in net.layer5] == [False]  # a one-block stage keeps its ReLU


def test_odd_input_size_matches_torch_reference():
    """225x231: the fusion resize follows the high-resolution tensor (upstream would crash)."""
    import torch
    from torch_ddrnet import randomized
    from src.tools.pth2ckpt import to_mindspore_names
    from mindspore_common.checkpoint import load_into

    ref = randomized("DDRNet23slim", classes=7, seed=3)
    net = get_model("DDRNet23slim", 7)
    state = {k: v.numpy() for k, v in ref.state_dict().items() if "num_batches" not in k}
    shapes = {p.name: p.shape for p in net.get_parameters()}
    load_into(net, {k: ms.Parameter(v, k) for k, v in to_mindspore_names(state, shapes).items()})
    net.set_train(False)
    x = np.random.RandomState(0).rand(1, 3, 225, 231).astype(np.float32)
    got = net(ms.Tensor(x)).asnumpy()
    with torch.no_grad():
        want = ref(torch.from_numpy(x)).numpy()
    from conftest import rel_err
    assert rel_err(got, want) <= 1e-4


def test_drop_path_drops_whole_samples_in_training_only():
    ms.set_seed(0)
    cell = DropPath(0.5)
    x = ms.Tensor(np.ones((64, 2, 3, 3), np.float32))
    cell.set_train(True)
    y = cell(x).asnumpy()
    per_sample = y.reshape(64, -1)
    assert set(np.unique(per_sample)) <= {0.0, 2.0}  # kept samples scaled by 1/keep
    assert np.all(per_sample.min(1) == per_sample.max(1))  # whole samples, not elements
    assert 10 < (per_sample[:, 0] == 0).sum() < 54
    cell.set_train(False)
    assert np.array_equal(cell(x).asnumpy(), x.asnumpy())


def test_drop_path_is_on_the_residual_branch():
    """With every residual branch dropped, a block is ReLU(shortcut): identity on x >= 0."""
    from src.models.blocks import BasicBlock
    block = BasicBlock(4, 4, drop_path=0.999999)
    block.set_train(True)
    x = np.abs(np.random.RandomState(1).randn(2, 4, 5, 5)).astype(np.float32)
    np.testing.assert_allclose(block(ms.Tensor(x)).asnumpy(), x, rtol=1e-6)


def test_unknown_arch_names_it():
    with pytest.raises(ValueError, match="DDRNet99"):
        get_model("DDRNet99")
