"""Model layout facts from upstream (parameter counts, node names) and .h5 loading."""
import numpy as np
import pytest
import tensorflow as tf

import checkpoint
from model import OUTPUT_NODE, create_model, read_h5


def save_as_full_model_h5(model, path, tmp_dir):
    """A file laid out like keras model.save() (weights in the model_weights group);
    model.save itself fetches layer by layer and takes minutes in graph mode."""
    import os
    import h5py
    weights = os.path.join(tmp_dir, "w.h5")
    checkpoint.save_weights_h5(model, weights)
    with h5py.File(weights, "r") as src, h5py.File(path, "w") as dst:
        group = dst.create_group("model_weights")
        for key, value in src.attrs.items():
            group.attrs[key] = value
        for name in src:
            src.copy(name, group)
        dst.attrs["model_config"] = b"{}"


def _trainable(model):
    return sum(tf.keras.backend.count_params(w) for w in model.trainable_weights)


def test_default_half_width_counts_and_output_node():
    model = create_model(input_shape=(64, 96))
    # Ascend port layout (decode_filters 832): 21,523,805 params, 21,365,405 trainable
    assert model.count_params() == 21523805
    assert _trainable(model) == 21365405
    assert model.output.op.name == OUTPUT_NODE == "conv3/BiasAdd"
    assert model.input.name == "input_1:0"
    assert model.output.shape.as_list() == [None, 32, 48, 1]   # half resolution
    assert model.get_layer("conv2").filters == 832
    assert [model.get_layer("up%d_convB" % i).filters for i in range(1, 5)] == [416, 208, 104, 52]


def test_nyu_h5_layout_read_from_file(tmp_path, caplog):
    # released nyu.h5 layout: full width 1664, one LeakyReLU per block: 42,816,089 params
    model = create_model(is_halffeatures=False, single_leaky=True)
    assert model.count_params() == 42816089
    assert model.get_layer("conv2").filters == 1664
    leaky = [l.name for l in model.layers if isinstance(l, tf.keras.layers.LeakyReLU)]
    assert len(leaky) == 4
    x = np.random.RandomState(0).rand(1, 64, 64, 3).astype(np.float32)
    ref = model.predict_on_batch(x)
    path = str(tmp_path / "nyu.h5")
    save_as_full_model_h5(model, path, str(tmp_path))  # weights under model_weights/, like nyu.h5
    tf.keras.backend.clear_session()
    assert read_h5(path, "x")[1] == {"decoder_width": 1.0, "single_leaky": True}
    # wrong flags are refused before anything is built, naming the flag and the file's value
    with pytest.raises(ValueError, match=r"--single_leaky False \(the file holds True\)"):
        checkpoint.load_model(path, single_leaky=False)
    with pytest.raises(ValueError, match=r"--decoder_width 0.5 \(the file holds 1.0\)"):
        checkpoint.load_model(path, decoder_width=0.5)
    with caplog.at_level("INFO", logger="densedepth"):
        checkpoint.LOG.propagate = True
        loaded = checkpoint.load_model(path)          # no flags: layout read from the file
    np.testing.assert_allclose(loaded.predict_on_batch(x), ref, rtol=1e-5, atol=1e-5)
    assert "random init" not in caplog.text         # said only when it is true (train.py)


def test_upstream_style_layer_names_give_the_layout(tmp_path):
    import h5py
    path = str(tmp_path / "upstream.h5")
    names = ["input_1", "conv2"] + ["leaky_re_lu_%d" % i for i in range(1, 5)]
    with h5py.File(path, "w") as f:
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = [n.encode() for n in names]
        for n in names:
            g.create_group(n).attrs["weight_names"] = []
        g["conv2"].attrs["weight_names"] = [b"conv2/kernel:0"]
        g["conv2"].create_dataset("conv2/kernel:0", data=np.zeros((1, 1, 1664, 1664), np.float32))
    assert read_h5(path, "x")[1] == {"decoder_width": 1.0, "single_leaky": True}


def test_bad_shapes_and_weights_are_clear(tmp_path):
    with pytest.raises(ValueError, match="multiples of 32"):
        create_model(input_shape=(100, 96))
    missing = str(tmp_path / "densenet.h5")
    with pytest.raises(FileNotFoundError, match="densenet_weights"):
        create_model(densenet_weights=missing)
    bogus = tmp_path / "bogus.h5"
    bogus.write_bytes(b"not hdf5")
    with pytest.raises(ValueError, match="bogus.h5"):
        create_model(densenet_weights=str(bogus))
