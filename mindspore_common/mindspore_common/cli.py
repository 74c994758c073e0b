"""Turn expected user errors into one line on stderr and exit status 2."""
import functools
import re
import sys

USER_ERRORS = (FileNotFoundError, NotADirectoryError, IsADirectoryError, ValueError, KeyError)


def dataset_message(exc):
    """The message of an error raised inside a mindspore.dataset worker, if ``exc`` is one.

    MindSpore wraps it in a report ("Exception thrown from user defined Python function in
    dataset", "DatasetError: Traceback (most recent call last): ..."); the user's own error is
    the last ``SomethingError: message`` line that is not a traceback header.
    """
    text = str(exc)
    if "dataset" not in text.lower():
        return None
    found = [m.group(2).strip() for m in re.finditer(
        r"^\s*([A-Za-z_][\w.]*(?:Error|Exception)): (.+)$", text, re.MULTILINE)]
    found = [msg for msg in found if not msg.startswith("Traceback")]
    return found[-1] if found else None


def main_guard(func):
    """Run ``func``; print ``error: ...`` and exit 2 on user errors instead of a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except USER_ERRORS as exc:
            msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
            print("error: %s" % str(msg).splitlines()[0] if str(msg) else "error: %r" % exc,
                  file=sys.stderr)
            sys.exit(2)
        except RuntimeError as exc:
            msg = dataset_message(exc)
            if msg is None:
                raise
            print("error: %s" % msg, file=sys.stderr)
            sys.exit(2)
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            sys.exit(130)

    return wrapper
