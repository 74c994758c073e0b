"""Run a frozen .pb on nyu_test.zip and report the same metrics as evaluate.py.

    python infer_from_pb.py --bs 1 --model_path ./result/pb/test.pb --image_path ./dataset/nyu_test.zip
"""
import quiet  # noqa: F401  (first: silences third-party noise; DEPTHZOO_VERBOSE=1)
import argparse
import os
import sys
import warnings

import tensorflow as tf

import data
import utils
from evaluate import protocol_of, write_outputs


def build_parser():
    p = argparse.ArgumentParser(description="frozen .pb inference on nyu_test.zip")
    p.add_argument("--bs", type=int, default=1)
    p.add_argument("--model_path", default="./result/pb/test.pb")
    p.add_argument("--image_path", default="./dataset/nyu_test.zip")
    p.add_argument("--input_tensor_name", default="input_1:0")
    p.add_argument("--output_tensor_name", default="conv3/BiasAdd:0")
    p.add_argument("--minDepth", type=float, default=10.0)
    p.add_argument("--maxDepth", type=float, default=1000.0)
    p.add_argument("--averaging", choices=("per_image", "pooled"), default="pooled",
                   help="as evaluate.py (pooled: upstream)")
    p.add_argument("--logdir", default="./result/pb", help="folder for evaluate.log and the report")
    p.add_argument("--report", default=None, help="report JSON (default: LOGDIR/densedepth_tensorflow_pb.json)")
    return p


def load_graph(path):
    if not os.path.isfile(path):
        raise FileNotFoundError("--model_path %s: file not found" % path)
    graph_def = tf.compat.v1.GraphDef()
    with open(path, "rb") as f, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # protobuf warns on some garbage; checked below
        try:
            graph_def.ParseFromString(f.read())
        except Exception as exc:  # protobuf DecodeError
            raise ValueError("--model_path %s: not a frozen GraphDef (%s)" % (path, exc))
    if not graph_def.node:
        raise ValueError("--model_path %s: not a frozen GraphDef (no nodes)" % path)
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.import_graph_def(graph_def, name="")
    return graph


def pb_runner(graph, input_name, output_name):
    try:
        x = graph.get_tensor_by_name(input_name)
        y = graph.get_tensor_by_name(output_name)
    except (KeyError, ValueError) as exc:
        raise ValueError("tensor not in the .pb: %s" % exc)
    config = tf.compat.v1.ConfigProto()
    config.graph_options.rewrite_options.disable_meta_optimizer = True
    sess = tf.compat.v1.Session(graph=graph, config=config)
    return lambda batch: sess.run(y, {x: batch})


def run(args):
    if args.bs < 1:
        raise ValueError("--bs must be >= 1")
    rgb, depth, crop = data.load_test_data(args.image_path)
    run = pb_runner(load_graph(args.model_path), args.input_tensor_name, args.output_tensor_name)
    result = utils.evaluate_nyu(run, rgb, depth, crop, args.bs, args.averaging,
                                args.minDepth, args.maxDepth)
    args.report = args.report or os.path.join(args.logdir, "densedepth_tensorflow_pb.json")
    write_outputs(args, result, protocol_of("file", args.minDepth, args.maxDepth, args.averaging),
                  args.model_path, extra={"runtime": "frozen_pb"})


def main(argv=None):
    args = build_parser().parse_args(argv)
    utils.setup_logging()
    return utils.run_reporting_errors(run, args)


if __name__ == "__main__":
    sys.exit(main())
