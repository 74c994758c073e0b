"""Turn expected user errors into one clear line instead of a framework traceback."""
import functools
import re
import sys

_USER_ERRORS = (FileNotFoundError, ValueError, KeyError)


def _dataset_message(exc):
    """The message of a DatasetError raised inside a mindspore.dataset worker, if any."""
    match = re.search(r"DatasetError: ([^\n]+)", str(exc))
    return match.group(1).strip() if match else None


def main_guard(func):
    """Run ``func``; print 'error: ...' and exit with status 2 on user errors."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except _USER_ERRORS as exc:
            msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
            print("error: %s" % msg, file=sys.stderr)
            sys.exit(2)
        except RuntimeError as exc:
            msg = _dataset_message(exc)
            if msg is None:
                raise
            print("error: %s" % msg, file=sys.stderr)
            sys.exit(2)

    return wrapper
