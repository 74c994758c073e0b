"""DenseDepth network: Keras DenseNet-169 encoder + bilinear up-projection decoder.

Entry point kept from upstream: ``create_model(existing='', is_halffeatures=True)``.

* default (``is_halffeatures=True``, two LeakyReLUs per block) is the layout of the
  Ascend port (decode_filters = 1664 / 2 = 832);
* ``is_halffeatures=False, single_leaky=True`` is the layout of the released ``nyu.h5``
  (command-line flags ``--decoder_width 1.0 --single_leaky``).
For an existing ``.h5`` the layout is read from the file (``read_h5``).
"""
import contextlib
import logging
import os

import h5py
import tensorflow as tf
from tensorflow.python.keras.saving import hdf5_format

LOG = logging.getLogger("densedepth")

# Skip connections, deepest first (Keras DenseNet-169 layer names).
SKIP_LAYERS = ("pool3_pool", "pool2_pool", "pool1", "conv1/relu")
INPUT_NAME = "input_1"
OUTPUT_NODE = "conv3/BiasAdd"
DEFAULT_HEIGHT, DEFAULT_WIDTH = 480, 640


class BilinearUpSampling2D(tf.keras.layers.Layer):
    """x2 bilinear resize with aligned corners (the upstream custom layer's behaviour)."""

    def __init__(self, size=(2, 2), **kwargs):
        super(BilinearUpSampling2D, self).__init__(**kwargs)
        self.size = tuple(size)

    def call(self, inputs):
        static = inputs.shape.as_list()
        if static[1] is not None and static[2] is not None:
            new_size = (static[1] * self.size[0], static[2] * self.size[1])
        else:
            shape = tf.shape(inputs)
            new_size = tf.stack([shape[1] * self.size[0], shape[2] * self.size[1]])
        return tf.compat.v1.image.resize_bilinear(inputs, new_size, align_corners=True)

    def compute_output_shape(self, input_shape):
        input_shape = tf.TensorShape(input_shape).as_list()
        h = None if input_shape[1] is None else input_shape[1] * self.size[0]
        w = None if input_shape[2] is None else input_shape[2] * self.size[1]
        return tf.TensorShape([input_shape[0], h, w, input_shape[3]])

    def get_config(self):
        config = super(BilinearUpSampling2D, self).get_config()
        config["size"] = self.size
        return config


def _check_shape(input_shape):
    if input_shape is None:
        return (None, None, 3)
    height, width = int(input_shape[0]), int(input_shape[1])
    if height % 32 or width % 32 or height <= 0 or width <= 0:
        raise ValueError("input shape %dx%d: height and width must be positive multiples of 32"
                         % (height, width))
    return (height, width, 3)


def _up_block(tensor, skip, filters, name, single_leaky):
    x = BilinearUpSampling2D((2, 2), name=name + "_upsampling2d")(tensor)
    x = tf.keras.layers.Concatenate(name=name + "_concat")([x, skip])
    x = tf.keras.layers.Conv2D(filters, 3, padding="same", name=name + "_convA")(x)
    if not single_leaky:
        x = tf.keras.layers.LeakyReLU(alpha=0.2, name=name + "_leakyA")(x)
    x = tf.keras.layers.Conv2D(filters, 3, padding="same", name=name + "_convB")(x)
    x = tf.keras.layers.LeakyReLU(alpha=0.2, name=name + "_leakyB")(x)
    return x


def build_densedepth(input_shape=None, decoder_width=0.5, single_leaky=False,
                     densenet_weights=None):
    """Build the Keras model. ``input_shape`` = (H, W) or None for any multiple of 32."""
    if not 0.0 < float(decoder_width) <= 1.0:
        raise ValueError("--decoder_width must be in (0, 1], got %r" % (decoder_width,))
    shape = _check_shape(input_shape)
    with contextlib.ExitStack() as stack:
        group = available = None
        if densenet_weights:  # read first: fail before the slow build
            group = stack.enter_context(open_h5(densenet_weights, "--densenet_weights"))
            available, _ = describe_h5(group, densenet_weights, "--densenet_weights")
        inputs = tf.keras.layers.Input(shape=shape, name=INPUT_NAME)
        # weights=None: Keras must never download anything; pretrained weights are a user file.
        base = tf.keras.applications.DenseNet169(include_top=False, weights=None, input_tensor=inputs)
        if group is not None:
            load_weights_by_name(base, group, densenet_weights, "--densenet_weights", available)
    for layer in base.layers:
        layer.trainable = True

    encoder_channels = int(base.output.shape[-1])
    decode_filters = int(encoder_channels * float(decoder_width))
    x = tf.keras.layers.Conv2D(decode_filters, 1, padding="same", name="conv2")(base.output)
    for i, skip_name in enumerate(SKIP_LAYERS):
        x = _up_block(x, base.get_layer(skip_name).output, decode_filters // 2 ** (i + 1),
                      "up%d" % (i + 1), single_leaky)
    outputs = tf.keras.layers.Conv2D(1, 3, padding="same", name="conv3")(x)
    return tf.keras.Model(inputs=inputs, outputs=outputs, name="densedepth")


@contextlib.contextmanager
def open_h5(path, what):
    """The weights group of a Keras .h5 (weights file, or full model such as nyu.h5), opened
    once for reading its layout and loading it."""
    if not os.path.isfile(path):
        raise FileNotFoundError("%s: file not found: %s" % (what, path))
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        raise ValueError("%s: %s is not a readable Keras .h5 weights file (%s)" % (what, path, exc))
    with f:
        yield f["model_weights"] if "model_weights" in f else f


def describe_h5(group, path, what):
    """-> (names of the weighted layers, architecture {"decoder_width", "single_leaky"}).

    The architecture comes from the file itself: the decoder width from conv2's kernel
    (1664 * width filters), the LeakyReLU count from its stored layer list (4: one per up
    block, as the released nyu.h5; 8: two, as the Ascend port); a value the file does not
    reveal is None.
    """
    try:
        names = [n.decode("utf8") if isinstance(n, bytes) else n
                 for n in group.attrs.get("layer_names", [])]
        weighted = [n for n in names if len(group[n].attrs.get("weight_names", [])) > 0]
        width = None
        if "conv2" in group:
            kernels = [k for k in group["conv2"].attrs.get("weight_names", [])
                       if b"kernel" in (k if isinstance(k, bytes) else k.encode())]
            if kernels:
                shape = group["conv2"][kernels[0]].shape
                width = shape[-1] / float(shape[-2])
    except (OSError, KeyError) as exc:
        raise ValueError("%s: %s is not a readable Keras .h5 weights file (%s)" % (what, path, exc))
    leaky = sum(1 for n in names if "leaky" in n.lower())
    single = {4: True, 8: False}.get(leaky)
    return set(weighted), {"decoder_width": width, "single_leaky": single}


def read_h5(path, what):
    with open_h5(path, what) as group:
        return describe_h5(group, path, what)


def resolve_architecture(stored, decoder_width=None, single_leaky=None, what="weights"):
    """The file's architecture wins; a flag that contradicts it is an error (None = not given)."""
    asked = {"decoder_width": decoder_width, "single_leaky": single_leaky}
    wrong = ["--%s %s (the file holds %s)" % (key, asked[key], stored[key]) for key in asked
             if asked[key] is not None and stored[key] is not None
             and asked[key] != stored[key]]
    if wrong:
        raise ValueError("%s does not fit the flags: %s; drop the flag(s), the layout is read "
                         "from the file" % (what, "; ".join(wrong)))
    width = stored["decoder_width"] if stored["decoder_width"] is not None else decoder_width
    single = stored["single_leaky"] if stored["single_leaky"] is not None else single_leaky
    return {"decoder_width": 0.5 if width is None else float(width),
            "single_leaky": bool(single)}


def load_weights_by_name(model, group, path, what, available):
    """Load an open .h5 weights group by layer name; every weighted layer of ``model`` must be
    covered. (Keras' model.load_weights would open the file a second time.)"""
    needed = [l.name for l in model.layers if l.weights]
    missing = [n for n in needed if n not in available]
    if missing:
        raise ValueError("%s: %s lacks weights for %d layers (first: %s); wrong file?"
                         % (what, path, len(missing), ", ".join(missing[:3])))
    try:
        hdf5_format.load_weights_from_hdf5_group_by_name(group, model.layers)
    except ValueError as exc:
        raise ValueError("%s: %s does not fit this model: %s" % (what, path, exc))
    LOG.info("loaded %s from %s", what, path)


def create_model(existing="", is_halffeatures=None, single_leaky=None, input_shape=None,
                 densenet_weights=None):
    """Upstream entry point: a new model, or one whose weights come from ``existing`` (.h5).

    A new model is half-width (the Ascend port) unless ``is_halffeatures=False``. For
    ``existing`` the layout is read from the file; ``is_halffeatures`` / ``single_leaky``
    given explicitly (not None) must agree with it.
    """
    if not existing:
        width = 1.0 if is_halffeatures is False else 0.5
        return build_densedepth(input_shape, width, bool(single_leaky), densenet_weights)
    if not str(existing).endswith(".h5"):
        raise ValueError("existing model %s: expected a Keras .h5 file" % existing)
    with open_h5(existing, "existing model") as group:
        available, stored = describe_h5(group, existing, "existing model")
        width = None if is_halffeatures is None else (0.5 if is_halffeatures else 1.0)
        arch = resolve_architecture(stored, width, single_leaky, "existing model %s" % existing)
        LOG.info("%s: decoder_width %s, single_leaky %s (read from the file)", existing,
                 arch["decoder_width"], arch["single_leaky"])
        model = build_densedepth(input_shape, arch["decoder_width"], arch["single_leaky"])
        load_weights_by_name(model, group, existing, "existing model", available)
    return model
