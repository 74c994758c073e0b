"""Freeze a checkpoint into an inference-only GraphDef (.pb).

    python ckpt2pb.py --ckptdir ./ckpt_npu --pbdir ./result/pb --output_node_names conv3/BiasAdd --pb_name test
"""
import quiet  # noqa: F401  (first: silences third-party noise; DEPTHZOO_VERBOSE=1)
import argparse
import logging
import os
import sys

import tensorflow as tf

import checkpoint
import utils

LOG = logging.getLogger("densedepth")


def build_parser():
    p = argparse.ArgumentParser(description="checkpoint -> frozen .pb")
    p.add_argument("--ckptdir", default="./ckpt_npu", help="checkpoint directory or Keras .h5")
    p.add_argument("--pbdir", default="./result/pb")
    p.add_argument("--output_node_names", default="conv3/BiasAdd")
    p.add_argument("--pb_name", default="test")
    p.add_argument("--decoder_width", type=float, choices=(0.5, 1.0), default=None,
                   help="checked against the layout read from the .h5")
    p.add_argument("--single_leaky", type=utils.str2bool, nargs="?", const=True, default=None,
                   help="checked against the layout read from the .h5")
    return p


def freeze(ckptdir, pbdir, output_node_names, pb_name, decoder_width=None, single_leaky=None):
    tf.compat.v1.keras.backend.clear_session()
    tf.compat.v1.keras.backend.set_learning_phase(0)  # inference graph: BN uses moving stats
    model = checkpoint.load_model(ckptdir, decoder_width=decoder_width, single_leaky=single_leaky)
    sess = tf.compat.v1.keras.backend.get_session()
    graph_def = sess.graph.as_graph_def()
    outputs = [n.strip() for n in output_node_names.split(",") if n.strip()]
    names = {n.name for n in graph_def.node}
    missing = [n for n in outputs if n not in names]
    if missing:
        raise ValueError("--output_node_names: %s not in the graph (model output is %s)"
                         % (", ".join(missing), model.output.op.name))
    frozen = tf.compat.v1.graph_util.convert_variables_to_constants(sess, graph_def, outputs)
    frozen = tf.compat.v1.graph_util.remove_training_nodes(frozen, protected_nodes=outputs)
    os.makedirs(pbdir, exist_ok=True)
    path = os.path.join(pbdir, pb_name + ".pb")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(frozen.SerializeToString())
    os.replace(tmp, path)
    LOG.info("frozen graph (%d nodes, input %s, output %s) -> %s", len(frozen.node),
             model.input.name, ",".join(outputs), path)
    return path


def run(args):
    freeze(args.ckptdir, args.pbdir, args.output_node_names, args.pb_name,
           args.decoder_width, args.single_leaky)


def main(argv=None):
    args = build_parser().parse_args(argv)
    utils.setup_logging()
    return utils.run_reporting_errors(run, args)


if __name__ == "__main__":
    sys.exit(main())
