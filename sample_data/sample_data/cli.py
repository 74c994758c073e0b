"""Command line: ``python -m sample_data FORMAT --out DIR [...]`` and ``all --out DIR``."""
import argparse
import sys
import time

from . import writers
from .api import write_all, write_dataset
from .atomic import DatasetExistsError


def build_parser():
    fmts = writers.names()
    epilog = "formats:\n" + "\n".join(
        "  %-15s %s (default --num %d, %dx%d)" % (w.name, w.help, w.num, w.height, w.width)
        for w in writers.REGISTRY.values())
    epilog += "\n  %-15s every format above with its defaults, into DIR/<format>/" % "all"
    p = argparse.ArgumentParser(
        prog="python -m sample_data", description="Render synthetic scenes in real dataset layouts.",
        epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("format", choices=fmts + ["all"], metavar="FORMAT",
                   help="one of: %s, all" % ", ".join(fmts))
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created)")
    p.add_argument("--num", type=_positive, metavar="N", help="number of images (see formats)")
    p.add_argument("--seed", type=_non_negative, default=0, metavar="S", help="random seed (default 0)")
    p.add_argument("--height", type=_positive, metavar="H", help="image height (with --width)")
    p.add_argument("--width", type=_positive, metavar="W", help="image width (with --height)")
    p.add_argument("--classes", type=_positive, metavar="K",
                   help="imagenet only: number of classes (default 5, at most 8)")
    p.add_argument("--overwrite", action="store_true", help="replace a non-empty --out folder")
    p.add_argument("--quiet", action="store_true", help="no progress display")
    return p


def _int_at_least(minimum, what):
    """argparse type: an integer >= ``minimum``."""
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError("expected a %s integer, got %r" % (what, text))
        return value
    return parse


_positive = _int_at_least(1, "positive")
_non_negative = _int_at_least(0, "non-negative")


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if (args.height is None) != (args.width is None):
        parser.error("--height and --width must be given together")
    start = time.time()
    try:
        if args.format == "all":
            if args.num is not None or args.height is not None or args.classes is not None:
                parser.error("'all' uses each format's defaults; --num/--height/--width "
                             "apply to a single FORMAT")
            path = write_all(args.out, seed=args.seed, overwrite=args.overwrite,
                             show_progress=not args.quiet)
        else:
            options = {}
            if args.classes is not None:
                if args.format != "imagenet":
                    parser.error("--classes only applies to the imagenet format")
                options["classes"] = args.classes
            path = write_dataset(args.format, args.out, num=args.num, seed=args.seed,
                                 height=args.height, width=args.width, overwrite=args.overwrite,
                                 show_progress=not args.quiet, **options)
    except (ValueError, DatasetExistsError) as exc:
        parser.exit(2, "%s: error: %s\n" % (parser.prog, exc))
    except OSError as exc:  # unwritable --out, disk full, ...
        parser.exit(1, "%s: error: cannot write %s: %s\n" % (parser.prog, args.out, exc))
    sys.stderr.write("wrote %s (%s) in %.1f s\n" % (path, args.format, time.time() - start))
    return 0
