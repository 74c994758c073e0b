"""Turn expected user errors into one line on stderr and exit status 2."""
import functools
import re
import sys

USER_ERRORS = (FileNotFoundError, NotADirectoryError, IsADirectoryError, ValueError, KeyError)


def dataset_message(exc):
    """The message of an error raised inside a mindspore.dataset worker, if ``exc`` is one."""
    text = str(exc)
    for pattern in (r"Exception thrown from user defined Python function in dataset\.\s*"
                    r"[\s\S]*?(?:Error|Exception): ([^\n]+)",
                    r"(?:ValueError|FileNotFoundError|KeyError|OSError): ([^\n]+)"):
        match = re.search(pattern, text)
        if match:
            return match.group(1).strip()
    return None


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
