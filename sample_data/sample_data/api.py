"""Public entry points: write one format or the whole demo set."""
import inspect
import os

from . import nyu, writers
from .atomic import atomic_directory, check_target

MIN_SIZE = 16


def _check_int(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("%s must be an integer, got %r" % (name, value))
    if value < minimum:
        raise ValueError("%s must be >= %d, got %d" % (name, minimum, value))


def resolve(fmt, num=None, height=None, width=None):
    """Writer and validated (num, height, width) with the format's defaults filled in."""
    writer = writers.get(fmt)
    if (height is None) != (width is None):
        raise ValueError("height and width must be given together (got height=%r, width=%r)"
                         % (height, width))
    num = writer.num if num is None else num
    height = writer.height if height is None else height
    width = writer.width if width is None else width
    _check_int("num", num, 1)
    _check_int("height", height, MIN_SIZE)
    _check_int("width", width, MIN_SIZE)
    return writer, num, height, width


def _check_options(writer, options):
    try:
        argnames = inspect.getfullargspec(writer.write).args
    except TypeError:  # pragma: no cover
        argnames = []
    for key, value in options.items():
        if key not in argnames[6:]:
            raise ValueError("option %r is not supported by format %r" % (key, writer.name))
        _check_int(key, value, 1)


def write_dataset(fmt, out, num=None, seed=0, height=None, width=None, overwrite=False,
                  show_progress=False, **options):
    """Write dataset ``fmt`` into folder ``out`` (atomically) and return its path.

    ``num``, ``height`` and ``width`` default to the format's values (see
    ``python -m sample_data --help``). Raises ``ValueError`` for bad arguments and
    ``DatasetExistsError`` when ``out`` is a non-empty folder and not ``overwrite``.
    Format-specific ``options``: ``classes`` (imagenet).
    """
    writer, num, height, width = resolve(fmt, num, height, width)
    _check_int("seed", seed, 0)
    _check_options(writer, options)
    with atomic_directory(out, overwrite) as tmp:
        writer.write(tmp, num, seed, height, width, show_progress, **options)
    return os.path.abspath(out)


def write_all(out, seed=0, overwrite=False, show_progress=False, formats=None):
    """Write every format with its defaults into ``out/<format>/`` (one atomic rename)."""
    _check_int("seed", seed, 0)
    formats = list(formats or writers.names())
    check_target(out, overwrite)
    try:
        with atomic_directory(out, overwrite) as tmp:
            for fmt in formats:
                writer, num, height, width = resolve(fmt)
                target = os.path.join(tmp, fmt)
                os.makedirs(target)
                writer.write(target, num, seed, height, width, show_progress)
    finally:
        nyu.clear_cache()
    return os.path.abspath(out)
