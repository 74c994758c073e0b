"""DenseDepth network: Keras DenseNet-169 encoder + bilinear up-projection decoder.

Entry point kept from upstream: ``create_model(existing='', is_halffeatures=True)``.
Extra keyword options select the decoder layout:

* default (``is_halffeatures=True``, two LeakyReLUs per block) is the layout of the
  Ascend port (decode_filters = 1664 / 2 = 832);
* ``decoder_width=1.0, single_leaky=True`` is the layout of the released ``nyu.h5``.
"""
import logging
import os

import h5py
import tensorflow as tf

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
    if densenet_weights:
        available_layers(densenet_weights, "--densenet_weights")  # fail before the slow build
    inputs = tf.keras.layers.Input(shape=shape, name=INPUT_NAME)
    # weights=None: Keras must never download anything; pretrained weights are a user file.
    base = tf.keras.applications.DenseNet169(include_top=False, weights=None, input_tensor=inputs)
    if densenet_weights:
        load_encoder_weights(base, densenet_weights)
    else:
        LOG.warning("no --densenet_weights given: DenseNet-169 encoder starts from random init")
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


def _h5_layer_names(path):
    with h5py.File(path, "r") as f:
        group = f["model_weights"] if "model_weights" in f else f
        names = [n.decode("utf8") if isinstance(n, bytes) else n
                 for n in group.attrs.get("layer_names", [])]
        with_weights = [n for n in names if len(group[n].attrs.get("weight_names", [])) > 0]
    return with_weights


def available_layers(path, what):
    """Names of the weighted layers stored in a Keras .h5; clear errors for bad files."""
    if not os.path.isfile(path):
        raise FileNotFoundError("%s: file not found: %s" % (what, path))
    try:
        return set(_h5_layer_names(path))
    except (OSError, KeyError) as exc:
        raise ValueError("%s: %s is not a readable Keras .h5 weights file (%s)" % (what, path, exc))


def load_weights_by_name(model, path, what):
    """Load an .h5 file by layer name; every weighted layer of ``model`` must be covered."""
    available = available_layers(path, what)
    needed = [l.name for l in model.layers if l.weights]
    missing = [n for n in needed if n not in available]
    if missing:
        raise ValueError("%s: %s lacks weights for %d layers (first: %s); wrong file or wrong "
                         "--decoder_width?" % (what, path, len(missing), ", ".join(missing[:3])))
    try:
        model.load_weights(path, by_name=True)
    except ValueError as exc:
        raise ValueError("%s: %s does not fit this model: %s" % (what, path, exc))
    LOG.info("loaded %s from %s", what, path)


def load_encoder_weights(base, path):
    load_weights_by_name(base, path, "--densenet_weights")


def create_model(existing="", is_halffeatures=True, decoder_width=None, single_leaky=False,
                 input_shape=None, densenet_weights=None):
    """Upstream entry point: a new model, or one whose weights come from ``existing`` (.h5)."""
    if decoder_width is None:
        decoder_width = 0.5 if is_halffeatures else 1.0
    if existing:
        if not str(existing).endswith(".h5"):
            raise ValueError("existing model %s: expected a Keras .h5 file" % existing)
        available_layers(existing, "existing model")
        model = build_densedepth(input_shape, decoder_width, single_leaky, densenet_weights=None)
        load_weights_by_name(model, existing, "existing model")
        return model
    return build_densedepth(input_shape, decoder_width, single_leaky, densenet_weights)
